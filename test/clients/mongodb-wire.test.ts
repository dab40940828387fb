/**
 * Contract suite for the NAS's MongoDB (6.0.14). No official MongoDB driver is installed here (the brief allows no
 * new dependencies), so this file frames the wire protocol by hand from the specification
 * (https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/: the 16-byte header, OP_QUERY, OP_MSG
 * sections of kind 0 and 1) and replays what the Node.js driver 6 sends: a legacy `isMaster` handshake with
 * `helloOk` and client metadata over OP_QUERY, then `hello`, `ping`, `buildInfo` and `listDatabases` over OP_MSG.
 * BSON documents are encoded with iotwarden's own BSON codec (src/services/mongodb/bson.ts, unit-tested beside it).
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { nasKind } from '../../src/lab/kinds/nas/nas-kind.ts';
import { type BsonDocument, decodeBson, encodeBson } from '../../src/services/mongodb/bson.ts';
import { testAddress } from '../support/addresses.ts';

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

function header(length: number, requestId: number, opCode: number): Buffer {
  const h = Buffer.alloc(16);
  h.writeInt32LE(length, 0);
  h.writeInt32LE(requestId, 4);
  h.writeInt32LE(0, 8);
  h.writeInt32LE(opCode, 12);
  return h;
}

/** OP_MSG: flagBits 0, a kind-0 body, and optional kind-1 document sequences (as drivers send insert documents). */
function opMsg(requestId: number, body: BsonDocument, sequences: Record<string, BsonDocument[]> = {}): Buffer {
  const sections: Buffer[] = [Buffer.from([0]), encodeBson(body)];
  for (const [identifier, docs] of Object.entries(sequences)) {
    const payload = Buffer.concat([Buffer.from(`${identifier}\0`), ...docs.map(encodeBson)]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + payload.length);
    sections.push(Buffer.from([1]), size, payload);
  }
  const rest = Buffer.concat([Buffer.alloc(4), ...sections]);
  return Buffer.concat([header(16 + rest.length, requestId, OP_MSG), rest]);
}

/** OP_QUERY on `<db>.$cmd` with numberToReturn -1, the legacy handshake. */
function opQuery(requestId: number, namespace: string, query: BsonDocument): Buffer {
  const counts = Buffer.alloc(8);
  counts.writeInt32LE(-1, 4);
  const rest = Buffer.concat([Buffer.alloc(4), Buffer.from(`${namespace}\0`), counts, encodeBson(query)]);
  return Buffer.concat([header(16 + rest.length, requestId, OP_QUERY), rest]);
}

/** A connection that sends one request at a time and decodes the reply matched by `responseTo`. */
class WireClient {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #next = 1;
  #waiting: (() => void) | undefined;

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#waiting?.();
    });
  }

  static open(host: string, port: number): Promise<WireClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => resolve(new WireClient(socket)));
      socket.once('error', reject);
    });
  }

  async command(body: BsonDocument, sequences?: Record<string, BsonDocument[]>): Promise<BsonDocument> {
    const id = this.#next++;
    return this.#exchange(id, opMsg(id, body, sequences), OP_MSG);
  }

  async legacy(namespace: string, query: BsonDocument): Promise<BsonDocument> {
    const id = this.#next++;
    return this.#exchange(id, opQuery(id, namespace, query), OP_REPLY);
  }

  close(): void {
    this.#socket.destroy();
  }

  async #exchange(id: number, request: Buffer, expectedOp: number): Promise<BsonDocument> {
    this.#socket.write(request);
    const deadline = Date.now() + 2000;
    while (this.#buffer.length < 16 || this.#buffer.length < this.#buffer.readInt32LE(0)) {
      if (Date.now() > deadline) throw new Error('no reply in time');
      await new Promise<void>((resolve) => {
        this.#waiting = resolve;
        setTimeout(resolve, 50);
      });
    }
    const length = this.#buffer.readInt32LE(0);
    const message = this.#buffer.subarray(0, length);
    this.#buffer = this.#buffer.subarray(length);
    expect(message.readInt32LE(8)).toBe(id); // responseTo
    expect(message.readInt32LE(12)).toBe(expectedOp);
    // OP_MSG: flagBits, then section kind 0 at byte 20. OP_REPLY: 20 bytes of flags/cursor/counts, document at 36.
    return expectedOp === OP_MSG ? decodeBson(message, 21) : decodeBson(message, 36);
  }
}

const sims: StartedSimulator[] = [];
const clients: WireClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function mongo(settings: Record<string, unknown> = {}) {
  const address = testAddress();
  const sim = await startSimulator(nasKind, { address, settings: { mongo: settings } });
  sims.push(sim);
  return async (): Promise<WireClient> => {
    const c = await WireClient.open(address, sim.portOf(27017));
    clients.push(c);
    return c;
  };
}

const metadata = {
  driver: { name: 'nodejs', version: '6.3.0' },
  os: { type: 'Linux', name: 'linux', architecture: 'x64', version: '6.1.0' },
  platform: 'Node.js v20.19.0, LE',
};

describe('a wire-protocol client following the spec, against the NAS MongoDB (6.0.14)', () => {
  it('Node driver handshake: legacy isMaster with helloOk, then hello, ping and buildInfo over OP_MSG', async () => {
    const c = await (await mongo())();
    const first = await c.legacy('admin.$cmd', { isMaster: 1, helloOk: true, client: metadata, compression: ['none'] });
    expect(first).toMatchObject({ ismaster: true, helloOk: true, maxWireVersion: 17, minWireVersion: 0, ok: 1 });
    expect(first.localTime).toBeInstanceOf(Date);
    expect(first).toHaveProperty('topologyVersion.processId');
    expect(first.compression).toBeUndefined(); // no compressor agreed: the driver keeps to uncompressed messages
    const hello = await c.command({ hello: 1, $db: 'admin' });
    expect(hello).toMatchObject({
      isWritablePrimary: true,
      maxBsonObjectSize: 16777216,
      logicalSessionTimeoutMinutes: 30,
    });
    expect(await c.command({ ping: 1, $db: 'admin' })).toEqual({ ok: 1 });
    const build = await c.command({ buildInfo: 1, $db: 'admin' });
    expect(build).toMatchObject({ version: '6.0.14', versionArray: [6, 0, 14, 0], bits: 64, ok: 1 });
    const list = await c.command({ listDatabases: 1, nameOnly: true, $db: 'admin' });
    expect(list).toEqual({ databases: [{ name: 'admin' }, { name: 'config' }, { name: 'local' }], ok: 1 });
  });

  it('what one connection inserts (as a kind-1 document sequence), another finds and lists', async () => {
    const client = await mongo();
    const writer = await client();
    const reader = await client();
    const inserted = await writer.command(
      { insert: 'events', $db: 'garage' },
      { documents: [{ door: 'open' }, { door: 'closed' }] },
    );
    expect(inserted).toEqual({ n: 2, ok: 1 });
    const found = await reader.command({ find: 'events', filter: { door: 'open' }, $db: 'garage' });
    expect(found).toMatchObject({ cursor: { ns: 'garage.events', firstBatch: [{ door: 'open' }] }, ok: 1 });
    expect((found.cursor as { firstBatch: BsonDocument[] }).firstBatch[0]).toHaveProperty('_id');
    const names = await reader.command({ listDatabases: 1, filter: { name: 'garage' }, $db: 'admin' });
    expect(names).toMatchObject({ databases: [{ name: 'garage', empty: false }], ok: 1 });
    const collections = await reader.command({ listCollections: 1, $db: 'garage' });
    expect(collections).toMatchObject({ cursor: { firstBatch: [{ name: 'events', type: 'collection' }] } });
  });

  it('answers mongod error shapes: no change streams on a standalone, case-sensitive names, $db required', async () => {
    const c = await (await mongo())();
    expect(
      await c.command({ aggregate: 'events', pipeline: [{ $changeStream: {} }], cursor: {}, $db: 'garage' }),
    ).toEqual({
      ok: 0,
      errmsg: 'The $changeStream stage is only supported on replica sets',
      code: 40573,
      codeName: 'Location40573',
    });
    expect(await c.command({ ListDatabases: 1, $db: 'admin' })).toMatchObject({
      ok: 0,
      code: 59,
      codeName: 'CommandNotFound',
    });
    expect(await c.command({ ismaster: 1, $db: 'admin' })).toMatchObject({ ismaster: true });
    expect(await c.command({ ping: 1 })).toMatchObject({ ok: 0, code: 40571 });
  });

  it('with authorization on: the handshake works, a login fails with 18, data commands with 13', async () => {
    const c = await (await mongo({ auth: true }))();
    expect(await c.legacy('admin.$cmd', { isMaster: 1, helloOk: true, client: metadata })).toMatchObject({ ok: 1 });
    const payload = Buffer.from('n,,n=admin,r=rOprNGfwEbeRWgbNEkqO');
    expect(
      await c.command({ saslStart: 1, mechanism: 'SCRAM-SHA-256', payload, autoAuthorize: 1, $db: 'admin' }),
    ).toEqual({
      ok: 0,
      errmsg: 'Authentication failed.',
      code: 18,
      codeName: 'AuthenticationFailed',
    });
    expect(await c.command({ listDatabases: 1, $db: 'admin' })).toEqual({
      ok: 0,
      errmsg: 'command listDatabases requires authentication',
      code: 13,
      codeName: 'Unauthorized',
    });
  });
});

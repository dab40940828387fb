import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Clock } from '../../../util/clock.ts';
import { type BsonDocument, BsonDouble, BsonInt64, BsonObjectId, type BsonValue } from '../bson.ts';
import {
  completeMessageLength,
  decodeOpMsg,
  decodeOpQuery,
  encodeOpMsg,
  encodeOpReply,
  OP_MSG,
  OP_QUERY,
  readHeader,
} from '../wire.ts';

export interface SimulatedMongoOptions {
  auth: boolean;
  version: string;
  clock: Clock;
}

/** Wire version per server major (MongoDB driver specs, "wire version" table): 4.4 → 9, 5.0 → 13, 6.0 → 17, 7.0 → 21. */
function maxWireVersion(version: string): number {
  const major = Number(version.split('.')[0]);
  const minor = Number(version.split('.')[1] ?? 0);
  if (major >= 7) return 21;
  if (major === 6) return 17;
  if (major === 5) return 13;
  if (major === 4) return minor >= 4 ? 9 : minor >= 2 ? 8 : 7;
  return 6;
}

/** Commands a real server answers before authentication (the handshake and a few diagnostics). */
const PRE_AUTH = new Set([
  'hello',
  'ismaster',
  'buildinfo',
  'ping',
  'saslstart',
  'saslcontinue',
  'authenticate',
  'endsessions',
]);

/**
 * A MongoDB server that speaks just enough of the wire protocol: the handshake (`hello`/`isMaster`) over OP_MSG
 * and legacy OP_QUERY, `buildInfo`, `listDatabases`, and `insert` (which creates databases, so a write shows up
 * in later reads). With auth on, every data command fails with code 13 Unauthorized, as mongod does.
 */
export class SimulatedMongo {
  readonly #options: SimulatedMongoOptions;
  readonly #processId = new BsonObjectId(randomBytes(12));
  readonly #databases = new Map<string, Map<string, BsonDocument[]>>([
    ['admin', new Map([['system.version', [{ _id: 'featureCompatibilityVersion', version: '6.0' }]]])],
    ['config', new Map([['system.sessions', []]])],
    ['local', new Map([['startup_log', [{ hostname: 'nas' }]]])],
  ]);
  #connections = 0;
  #nextRequestId = 1;

  constructor(options: SimulatedMongoOptions) {
    this.#options = options;
  }

  /** Handles one client connection until it closes or sends something that is not the wire protocol. */
  serve(socket: Socket): void {
    this.#connections += 1;
    const connectionId = this.#connections;
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      try {
        for (;;) {
          const length = completeMessageLength(pending);
          if (length === undefined) break;
          const message = pending.subarray(0, length);
          pending = pending.subarray(length);
          const answer = this.#answer(message, connectionId);
          if (answer) socket.write(answer);
        }
      } catch {
        // mongod closes the connection on a malformed message.
        socket.destroy();
      }
    });
  }

  #answer(message: Buffer, connectionId: number): Buffer | undefined {
    const header = readHeader(message);
    if (!header) return undefined;
    const requestId = this.#nextRequestId++;
    if (header.opCode === OP_MSG) {
      return encodeOpMsg(requestId, header.requestId, this.#command(decodeOpMsg(message), connectionId, false));
    }
    if (header.opCode === OP_QUERY) {
      const { collection, query } = decodeOpQuery(message);
      const reply = collection.endsWith('.$cmd')
        ? this.#command(query, connectionId, true)
        : failure(`OP_QUERY on ${collection} is not supported`, 352, 'UnsupportedOpQueryCommand');
      return encodeOpReply(requestId, header.requestId, reply);
    }
    throw new Error(`opcode ${header.opCode} unsupported`);
  }

  #command(doc: BsonDocument, connectionId: number, legacy: boolean): BsonDocument {
    const name = Object.keys(doc)[0] ?? '';
    const lower = name.toLowerCase();
    // Since 6.0 OP_QUERY only carries the handshake ("legacy opcode removal").
    if (legacy && lower !== 'hello' && lower !== 'ismaster' && maxWireVersion(this.#options.version) >= 17) {
      return failure(
        `Unsupported OP_QUERY command: ${name}. The client driver may require an upgrade. For more details see https://dochub.mongodb.org/core/legacy-opcode-removal`,
        352,
        'UnsupportedOpQueryCommand',
      );
    }
    if (this.#options.auth && !PRE_AUTH.has(lower)) {
      return failure(`command ${name} requires authentication`, 13, 'Unauthorized');
    }
    switch (lower) {
      case 'hello':
      case 'ismaster':
        return this.#hello(lower === 'hello', doc.helloOk === true, connectionId);
      case 'buildinfo':
        return {
          version: this.#options.version,
          gitVersion: '0'.repeat(40),
          bits: 64,
          maxBsonObjectSize: 16777216,
          ok: 1,
        };
      case 'ping':
      case 'endsessions':
        return { ok: 1 };
      case 'saslstart':
      case 'saslcontinue':
      case 'authenticate':
        // The lab keeps no users: every login attempt fails the way a wrong password does.
        return failure('Authentication failed.', 18, 'AuthenticationFailed');
      case 'listdatabases':
        return this.#listDatabases(doc.nameOnly === true);
      case 'insert':
        return this.#insert(doc);
      default:
        return failure(`no such command: '${name}'`, 59, 'CommandNotFound');
    }
  }

  #hello(modern: boolean, helloOk: boolean, connectionId: number): BsonDocument {
    const reply: BsonDocument = {};
    if (helloOk) reply.helloOk = true;
    if (modern) reply.isWritablePrimary = true;
    else reply.ismaster = true;
    return {
      ...reply,
      topologyVersion: { processId: this.#processId, counter: new BsonInt64(0) },
      maxBsonObjectSize: 16777216,
      maxMessageSizeBytes: 48000000,
      maxWriteBatchSize: 100000,
      localTime: new Date(this.#options.clock.now()),
      logicalSessionTimeoutMinutes: 30,
      connectionId,
      minWireVersion: 0,
      maxWireVersion: maxWireVersion(this.#options.version),
      readOnly: false,
      ok: new BsonDouble(1), // mongod sends `ok: 1.0`, a double
    };
  }

  #listDatabases(nameOnly: boolean): BsonDocument {
    const databases: BsonValue[] = [];
    let total = 0;
    for (const [name, collections] of [...this.#databases].sort(([a], [b]) => a.localeCompare(b))) {
      const docs = [...collections.values()].reduce((n, c) => n + c.length, 0);
      const size = 8192 * (1 + collections.size) + 512 * docs;
      total += size;
      databases.push(nameOnly ? { name } : { name, sizeOnDisk: new BsonInt64(size), empty: docs === 0 });
    }
    return nameOnly
      ? { databases, ok: 1 }
      : { databases, totalSize: new BsonInt64(total), totalSizeMb: new BsonInt64(Math.floor(total / 1048576)), ok: 1 };
  }

  #insert(doc: BsonDocument): BsonDocument {
    const collection = doc.insert;
    const db = doc.$db;
    const documents = doc.documents;
    if (typeof collection !== 'string' || typeof db !== 'string' || !Array.isArray(documents)) {
      return failure('insert needs a collection, $db and documents', 9, 'FailedToParse');
    }
    const collections = this.#databases.get(db) ?? new Map<string, BsonDocument[]>();
    this.#databases.set(db, collections);
    const stored = collections.get(collection) ?? [];
    collections.set(collection, stored);
    for (const d of documents) if (d && typeof d === 'object' && !Array.isArray(d)) stored.push(d as BsonDocument);
    return { n: documents.length, ok: 1 };
  }
}

function failure(errmsg: string, code: number, codeName: string): BsonDocument {
  return { ok: 0, errmsg, code, codeName };
}

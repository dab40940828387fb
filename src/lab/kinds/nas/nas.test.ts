import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { tcpExchange } from '../../../net/tcp-exchange.ts';
import { TcpConversation } from '../../../services/common/tcp-conversation.ts';
import { type BsonDocument, type BsonInt64, encodeBson } from '../../../services/mongodb/bson.ts';
import {
  completeMessageLength,
  decodeOpMsg,
  decodeOpReply,
  encodeOpMsg,
  encodeOpQuery,
  OP_MSG,
  OP_REPLY,
  readHeader,
} from '../../../services/mongodb/wire.ts';
import { encodeConnect } from '../../../services/mqtt/packets.ts';
import { encodeCommand } from '../../../services/redis/resp.ts';
import { type StartedSimulator, startSimulator } from '../../core/start-simulator.ts';
import { nasKind } from './nas-kind.ts';

const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function nas(settings: unknown): Promise<{ sim: StartedSimulator; address: string }> {
  const address = testAddress();
  const sim = await startSimulator(nasKind, { address, settings });
  started.push(sim);
  return { sim, address };
}

async function mongo(address: string, port: number, request: Buffer): Promise<Buffer> {
  return tcpExchange({
    host: address,
    port,
    send: request,
    complete: (b) => completeMessageLength(b) !== undefined,
    timeoutMs: 2000,
    maxBytes: 64 * 1024,
  });
}

const redisReply = (b: Buffer): boolean => b.includes('\r\n');

describe('simulated NAS: MongoDB', () => {
  it('answers hello over OP_MSG and lists databases without auth (an open database)', async () => {
    const { sim, address } = await nas({});
    const port = sim.portOf(27017);
    const helloAnswer = await mongo(address, port, encodeOpMsg(7, 0, { hello: 1, $db: 'admin' }));
    expect(readHeader(helloAnswer)).toMatchObject({ opCode: OP_MSG, responseTo: 7 });
    const hello = decodeOpMsg(helloAnswer);
    expect(hello).toMatchObject({ isWritablePrimary: true, maxWireVersion: 17, ok: 1 });

    const list = decodeOpMsg(await mongo(address, port, encodeOpMsg(8, 0, { listDatabases: 1, $db: 'admin' })));
    expect(list.ok).toBe(1);
    expect((list.databases as BsonDocument[]).map((d) => d.name)).toEqual(['admin', 'config', 'local']);
  });

  it('answers a legacy OP_QUERY isMaster on admin.$cmd with OP_REPLY, and refuses other legacy commands (6.0)', async () => {
    const { sim, address } = await nas({});
    const port = sim.portOf(27017);
    const answer = await mongo(address, port, encodeOpQuery(3, 'admin.$cmd', { isMaster: 1 }));
    expect(readHeader(answer)).toMatchObject({ opCode: OP_REPLY, responseTo: 3 });
    expect(decodeOpReply(answer)).toMatchObject({ ismaster: true, ok: 1 });
    const legacyList = decodeOpReply(await mongo(address, port, encodeOpQuery(4, 'admin.$cmd', { listDatabases: 1 })));
    expect(legacyList).toMatchObject({ ok: 0, code: 352 });
  });

  it('keeps state: an insert creates a database that later listings show', async () => {
    const { sim, address } = await nas({});
    const port = sim.portOf(27017);
    const insert = decodeOpMsg(
      await mongo(
        address,
        port,
        encodeOpMsg(1, 0, { insert: 'readings', documents: [{ t: 21 }], $db: 'homeassistant' }),
      ),
    );
    expect(insert).toMatchObject({ n: 1, ok: 1 });
    const list = decodeOpMsg(await mongo(address, port, encodeOpMsg(2, 0, { listDatabases: 1, $db: 'admin' })));
    const names = (list.databases as BsonDocument[]).map((d) => d.name);
    expect(names).toContain('homeassistant');
    expect((list.totalSize as BsonInt64).value).toBeGreaterThan(0n);
  });

  it('accepts insert documents sent as an OP_MSG kind-1 document sequence, as drivers send them', async () => {
    const { sim, address } = await nas({});
    const port = sim.portOf(27017);
    // OP_MSG sections: kind 0 body {insert, $db}, then kind 1 {size, "documents\0", doc, doc} (wire protocol spec).
    const body = encodeBson({ insert: 'events', $db: 'garage' });
    const docs = Buffer.concat([encodeBson({ door: 'open' }), encodeBson({ door: 'closed' })]);
    const ident = Buffer.from('documents\0');
    const size = Buffer.alloc(4);
    size.writeInt32LE(4 + ident.length + docs.length);
    const payload = Buffer.concat([Buffer.alloc(4), Buffer.from([0]), body, Buffer.from([1]), size, ident, docs]);
    const header = Buffer.alloc(16);
    header.writeInt32LE(16 + payload.length, 0);
    header.writeInt32LE(9, 4);
    header.writeInt32LE(OP_MSG, 12);
    const reply = decodeOpMsg(await mongo(address, port, Buffer.concat([header, payload])));
    expect(reply).toMatchObject({ n: 2, ok: 1 });
    const list = decodeOpMsg(
      await mongo(address, port, encodeOpMsg(2, 0, { listDatabases: 1, nameOnly: true, $db: 'admin' })),
    );
    expect((list.databases as BsonDocument[]).map((d) => d.name)).toContain('garage');
  });

  it('with auth on, still answers hello but refuses listDatabases with code 13 Unauthorized', async () => {
    const { sim, address } = await nas({ mongo: { auth: true } });
    const port = sim.portOf(27017);
    expect(decodeOpMsg(await mongo(address, port, encodeOpMsg(1, 0, { hello: 1, $db: 'admin' }))).ok).toBe(1);
    const list = decodeOpMsg(await mongo(address, port, encodeOpMsg(2, 0, { listDatabases: 1, $db: 'admin' })));
    expect(list).toMatchObject({ ok: 0, code: 13, codeName: 'Unauthorized' });
  });

  it('closes the connection on bytes that are not the wire protocol, and keeps serving others', async () => {
    const { sim, address } = await nas({});
    const port = sim.portOf(27017);
    const answer = await tcpExchange({
      host: address,
      port,
      send: Buffer.from('GET / HTTP/1.1\r\n\r\n'),
      complete: () => false,
      timeoutMs: 2000,
      maxBytes: 1024,
    });
    expect(answer.length).toBe(0);
    expect(decodeOpMsg(await mongo(address, port, encodeOpMsg(1, 0, { ping: 1, $db: 'admin' }))).ok).toBe(1);
  });
});

describe('simulated NAS: Redis', () => {
  it('answers PING and INFO without a password', async () => {
    const { sim, address } = await nas({});
    const port = sim.portOf(6379);
    const pong = await tcpExchange({
      host: address,
      port,
      send: encodeCommand('PING'),
      complete: redisReply,
      timeoutMs: 2000,
      maxBytes: 1024,
    });
    expect(pong.toString()).toBe('+PONG\r\n');
    const info = await tcpExchange({
      host: address,
      port,
      send: encodeCommand('INFO', 'server'),
      complete: (b) => b.toString().endsWith('\r\n\r\n') || /uptime_in_seconds:\d+\r\n\r\n$/.test(b.toString()),
      timeoutMs: 2000,
      maxBytes: 8192,
    });
    expect(info.toString()).toMatch(/^\$\d+\r\n# Server\r\nredis_version:7\.0\.15\r\n/);
  });

  it('with requirepass answers -NOAUTH until AUTH, and CONFIG SET requirepass changes the password', async () => {
    const { sim, address } = await nas({ redis: { password: 's3cret' } });
    const c = await TcpConversation.open({ host: address, port: sim.portOf(6379), timeoutMs: 2000, maxBytes: 8192 });
    const ask = async (...args: string[]): Promise<string> => {
      c.write(encodeCommand(...args));
      return (await c.readUntil(redisReply)).toString();
    };
    expect(await ask('PING')).toBe('-NOAUTH Authentication required.\r\n');
    expect(await ask('AUTH', 'wrong')).toMatch(/^-WRONGPASS/);
    expect(await ask('AUTH', 's3cret')).toBe('+OK\r\n');
    expect(await ask('PING')).toBe('+PONG\r\n');
    expect(await ask('CONFIG', 'SET', 'requirepass', 'n3w')).toBe('+OK\r\n');
    c.close();
    const again = await TcpConversation.open({
      host: address,
      port: sim.portOf(6379),
      timeoutMs: 2000,
      maxBytes: 8192,
    });
    again.write(encodeCommand('AUTH', 's3cret'));
    expect((await again.readUntil(redisReply)).toString()).toMatch(/^-WRONGPASS/);
    again.write('AUTH n3w\r\n'); // inline command form
    expect((await again.readUntil(redisReply)).toString()).toBe('+OK\r\n');
    again.close();
  });

  it('keeps keys across connections', async () => {
    const { sim, address } = await nas({});
    const port = sim.portOf(6379);
    const one = (args: string[]): Promise<Buffer> =>
      tcpExchange({
        host: address,
        port,
        send: encodeCommand(...args),
        complete: (b) => /\r\n$/.test(b.toString()) && !/^\$\d+\r\n$/.test(b.toString()),
        timeoutMs: 2000,
        maxBytes: 1024,
      });
    expect((await one(['SET', 'door', 'open'])).toString()).toBe('+OK\r\n');
    expect((await one(['GET', 'door'])).toString()).toBe('$4\r\nopen\r\n');
    expect((await one(['DBSIZE'])).toString()).toBe(':1\r\n');
  });
});

describe('simulated NAS: MQTT', () => {
  const connack = (b: Buffer): boolean => b.length >= 4;

  it('accepts an anonymous CONNECT with CONNACK 0 when anonymous access is allowed', async () => {
    const { sim, address } = await nas({ mqtt: { enabled: true, anonymous: true } });
    const answer = await tcpExchange({
      host: address,
      port: sim.portOf(1883),
      send: encodeConnect({ clientId: 'probe' }),
      complete: connack,
      timeoutMs: 2000,
      maxBytes: 64,
    });
    expect([...answer]).toEqual([0x20, 0x02, 0x00, 0x00]);
  });

  it('refuses an anonymous CONNECT and a wrong password alike with CONNACK 5, as mosquitto 2.0.11 does', async () => {
    const { sim, address } = await nas({ mqtt: { enabled: true, anonymous: false, username: 'ha', password: 'pw' } });
    const port = sim.portOf(1883);
    const anon = await tcpExchange({
      host: address,
      port,
      send: encodeConnect({ clientId: 'probe' }),
      complete: connack,
      timeoutMs: 2000,
      maxBytes: 64,
    });
    expect([...anon]).toEqual([0x20, 0x02, 0x00, 0x05]);
    const wrong = await tcpExchange({
      host: address,
      port,
      send: encodeConnect({ clientId: 'p', username: 'ha', password: 'no' }),
      complete: connack,
      timeoutMs: 2000,
      maxBytes: 64,
    });
    expect([...wrong]).toEqual([0x20, 0x02, 0x00, 0x05]);
    const good = await tcpExchange({
      host: address,
      port,
      send: encodeConnect({ clientId: 'p', username: 'ha', password: 'pw' }),
      complete: connack,
      timeoutMs: 2000,
      maxBytes: 64,
    });
    expect([...good]).toEqual([0x20, 0x02, 0x00, 0x00]);
  });

  it('delivers a retained message to a later subscriber', async () => {
    const { sim, address } = await nas({ mqtt: { enabled: true } });
    const port = sim.portOf(1883);
    const pub = await TcpConversation.open({ host: address, port, timeoutMs: 2000, maxBytes: 1024 });
    pub.write(encodeConnect({ clientId: 'pub' }));
    await pub.readUntil((b) => b.length >= 4);
    // PUBLISH QoS 0, retain: topic "home/door", payload "open"
    pub.write(Buffer.from([0x31, 15, 0, 9, ...Buffer.from('home/door'), ...Buffer.from('open')]));
    pub.write(Buffer.from([0xe0, 0]));
    await pub.readUntil(() => false, { partialOnTimeout: true, timeoutMs: 200 });
    const sub = await TcpConversation.open({ host: address, port, timeoutMs: 2000, maxBytes: 1024 });
    sub.write(encodeConnect({ clientId: 'sub' }));
    await sub.readUntil((b) => b.length >= 4);
    // SUBSCRIBE id 1, filter "home/#" QoS 0
    sub.write(Buffer.from([0x82, 11, 0, 1, 0, 6, ...Buffer.from('home/#'), 0]));
    const answer = await sub.readUntil((b) => b.includes('open'));
    expect([...answer.subarray(0, 5)]).toEqual([0x90, 3, 0, 1, 0]); // SUBACK granted QoS 0
    expect(answer.subarray(5)[0]).toBe(0x31); // PUBLISH with the retain flag
    expect(answer.toString('latin1')).toContain('home/dooropen');
    sub.close();
  });
});

describe('simulated NAS: ports', () => {
  it('serves the DSM login page on 5000 and leaves MQTT closed unless enabled', async () => {
    const { sim } = await nas({});
    expect(
      sim.host
        .bindings()
        .map((b) => b.port)
        .sort((a, b) => a - b),
    ).toEqual([445, 5000, 6379, 27017]);
    expect(() => sim.portOf(1883)).toThrow();
  });
});

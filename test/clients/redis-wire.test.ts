/**
 * Contract suite for the NAS's Redis. No official Redis client is installed here (the brief allows no new
 * dependencies), so this file carries a small client written from the RESP2/RESP3 specification
 * (https://redis.io/docs/latest/develop/reference/protocol-spec/), independent of the simulator's encoder, and replays
 * the commands real clients send on connect: redis-py 5 (`HELLO 3 AUTH …`, `CLIENT SETINFO LIB-NAME/LIB-VER`,
 * `SELECT`), ioredis (`INFO` as its ready check, `CLIENT SETNAME`) and node-redis 4 (`AUTH`, `CLIENT SETNAME`, `SELECT`).
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { nasKind } from '../../src/lab/kinds/nas/nas-kind.ts';
import { testAddress } from '../support/addresses.ts';

type Value =
  | string
  | number
  | null
  | boolean
  | Value[]
  | { error: string }
  | { push: Value[] }
  | { verbatim: string; format: string }
  | Map<Value, Value>;

/** A RESP2/RESP3 client: one socket, commands written as arrays of bulk strings, replies parsed in order. */
class RespClient {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  #waiters: Array<() => void> = [];
  closed = false;

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    socket.on('close', () => {
      this.closed = true;
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  static open(host: string, port: number): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => resolve(new RespClient(socket)));
      socket.once('error', reject);
    });
  }

  send(...args: string[]): void {
    this.#socket.write(args.reduce((out, a) => `${out}$${Buffer.byteLength(a)}\r\n${a}\r\n`, `*${args.length}\r\n`));
  }

  async call(...args: string[]): Promise<Value> {
    this.send(...args);
    return this.read();
  }

  /** The next complete value; rejects after `ms`. */
  async read(ms = 2000): Promise<Value> {
    const deadline = Date.now() + ms;
    for (;;) {
      const parsed = parse(this.#buffer, 0);
      if (parsed) {
        this.#buffer = this.#buffer.subarray(parsed.next);
        return parsed.value;
      }
      if (this.closed) throw new Error('connection closed');
      if (Date.now() > deadline) throw new Error('no reply in time');
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  close(): void {
    this.#socket.destroy();
  }
}

/** One RESP value at `at`, or undefined while incomplete. */
function parse(buf: Buffer, at: number): { value: Value; next: number } | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[at] as number);
  const line = buf.toString('utf8', at + 1, eol);
  const after = eol + 2;
  const aggregate = (count: number, make: (items: Value[]) => Value) => {
    const items: Value[] = [];
    let pos = after;
    for (let i = 0; i < count; i++) {
      const item = parse(buf, pos);
      if (!item) return undefined;
      items.push(item.value);
      pos = item.next;
    }
    return { value: make(items), next: pos };
  };
  const blob = (make: (text: string) => Value) => {
    const length = Number(line);
    if (length < 0) return { value: null, next: after };
    if (buf.length < after + length + 2) return undefined;
    return { value: make(buf.toString('utf8', after, after + length)), next: after + length + 2 };
  };
  switch (type) {
    case '+':
      return { value: line, next: after };
    case '-':
      return { value: { error: line }, next: after };
    case ':':
      return { value: Number(line), next: after };
    case '_':
      return { value: null, next: after };
    case '#':
      return { value: line === 't', next: after };
    case '$':
      return blob((text) => text);
    case '=':
      return blob((text) => ({ format: text.slice(0, 3), verbatim: text.slice(4) }));
    case '*':
      return Number(line) < 0 ? { value: null, next: after } : aggregate(Number(line), (items) => items);
    case '>':
      return aggregate(Number(line), (items) => ({ push: items }));
    case '%':
      return aggregate(Number(line) * 2, (items) => {
        const map = new Map<Value, Value>();
        for (let i = 0; i < items.length; i += 2) map.set(items[i] as Value, items[i + 1] as Value);
        return map;
      });
    default:
      throw new Error(`not RESP: ${JSON.stringify(type)}`);
  }
}

const sims: StartedSimulator[] = [];
const open: RespClient[] = [];
afterEach(async () => {
  for (const c of open.splice(0)) c.close();
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function redis(settings: Record<string, unknown> = {}) {
  const address = testAddress();
  const sim = await startSimulator(nasKind, { address, settings: { redis: settings } });
  sims.push(sim);
  return async (): Promise<RespClient> => {
    const c = await RespClient.open(address, sim.portOf(6379));
    open.push(c);
    return c;
  };
}

describe('a RESP client following the spec, against the NAS Redis (7.0.15)', () => {
  it('redis-py style: HELLO 3 switches to RESP3 maps and pushes; CLIENT SETINFO is unknown before 7.2', async () => {
    const client = await redis();
    const c = await client();
    const hello = (await c.call('HELLO', '3')) as Map<Value, Value>;
    expect(Object.fromEntries(hello)).toMatchObject({
      server: 'redis',
      version: '7.0.15',
      proto: 3,
      mode: 'standalone',
      role: 'master',
      modules: [],
    });
    expect(await c.call('CLIENT', 'SETINFO', 'LIB-NAME', 'redis-py')).toEqual({
      error: "ERR unknown subcommand 'SETINFO'. Try CLIENT HELP.",
    });
    expect(await c.call('SELECT', '2')).toBe('OK');
    expect(await c.call('GET', 'missing')).toBeNull();
    const info = (await c.call('INFO', 'server')) as { verbatim: string; format: string };
    expect(info.format).toBe('txt');
    expect(info.verbatim).toMatch(/^# Server\r\nredis_version:7\.0\.15\r\n/);
    expect(await c.call('HELLO', '4')).toEqual({ error: 'NOPROTO unsupported protocol version' });
  });

  it('ioredis style: INFO answers loading:0 and role:master; CLIENT SETNAME shows in CLIENT LIST', async () => {
    const client = await redis();
    const c = await client();
    const info = (await c.call('INFO')) as string;
    expect(info).toContain('\r\n# Persistence\r\nloading:0\r\n');
    expect(info).toContain('role:master');
    expect(await c.call('CLIENT', 'SETNAME', 'home-assistant')).toBe('OK');
    expect(await c.call('CLIENT', 'GETNAME')).toBe('home-assistant');
    expect(await c.call('CLIENT', 'SETNAME', 'has space')).toEqual({
      error: 'ERR Client names cannot contain spaces, newlines or special characters.',
    });
    const other = await client();
    expect(await other.call('CLIENT', 'LIST')).toMatch(/name=home-assistant .* db=0 .*resp=2\n.*name= /s);
  });

  it('a value one client sets is what another reads, per database; expiry counts down', async () => {
    const client = await redis();
    const writer = await client();
    const reader = await client();
    await writer.call('SELECT', '1');
    expect(await writer.call('SET', 'garage:door', 'open', 'EX', '60')).toBe('OK');
    expect(await reader.call('GET', 'garage:door')).toBeNull();
    await reader.call('SELECT', '1');
    expect(await reader.call('GET', 'garage:door')).toBe('open');
    expect(await reader.call('TTL', 'garage:door')).toBe(60);
    expect(await reader.call('SET', 'garage:door', 'closed', 'NX')).toBeNull();
    expect(await reader.call('DBSIZE')).toBe(1);
    expect(await reader.call('SELECT', '16')).toEqual({ error: 'ERR DB index is out of range' });
    expect(await reader.call('INFO', 'keyspace')).toBe('# Keyspace\r\ndb1:keys=1,expires=1,avg_ttl=0\r\n');
  });

  it('pub/sub: RESP2 subscribers get arrays and may only subscribe or ping; RESP3 subscribers get pushes', async () => {
    const client = await redis();
    const plain = await client();
    const modern = await client();
    const publisher = await client();
    expect(await plain.call('SUBSCRIBE', 'doorbell')).toEqual(['subscribe', 'doorbell', 1]);
    expect(await plain.call('GET', 'x')).toEqual({
      error:
        "ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
    });
    expect(await plain.call('PING')).toEqual(['pong', '']);
    await modern.call('HELLO', '3');
    expect(await modern.call('PSUBSCRIBE', 'door*')).toEqual({ push: ['psubscribe', 'door*', 1] });
    expect(await publisher.call('PUBLISH', 'doorbell', 'ring')).toBe(2);
    expect(await plain.read()).toEqual(['message', 'doorbell', 'ring']);
    expect(await modern.read()).toEqual({ push: ['pmessage', 'door*', 'doorbell', 'ring'] });
    expect(await modern.call('GET', 'x')).toBeNull(); // RESP3 allows commands while subscribed
  });

  it('with requirepass: NOAUTH until AUTH, WRONGPASS for a wrong password, HELLO AUTH logs in', async () => {
    const client = await redis({ password: 's3cret' });
    const c = await client();
    expect(await c.call('PING')).toEqual({ error: 'NOAUTH Authentication required.' });
    expect(await c.call('HELLO', '3')).toEqual({
      error:
        'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
    });
    expect(await c.call('AUTH', 'guess')).toEqual({
      error: 'WRONGPASS invalid username-password pair or user is disabled.',
    });
    expect(await c.call('HELLO', '3', 'AUTH', 'default', 'guess')).toEqual({
      error: 'WRONGPASS invalid username-password pair or user is disabled.',
    });
    const hello = (await c.call('HELLO', '3', 'AUTH', 'default', 's3cret', 'SETNAME', 'ha')) as Map<Value, Value>;
    expect(hello.get('proto')).toBe(3);
    expect(await c.call('CLIENT', 'GETNAME')).toBe('ha');
    const node = await client(); // node-redis 4: AUTH <password>, then SELECT
    expect(await node.call('AUTH', 's3cret')).toBe('OK');
    expect(await node.call('SELECT', '0')).toBe('OK');
  });

  it('without requirepass, AUTH <password> is refused as redis-server refuses it; AUTH default <any> passes', async () => {
    const c = await (await redis())();
    expect(await c.call('AUTH', 'anything')).toEqual({
      error:
        'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
    });
    expect(await c.call('AUTH', 'default', 'anything')).toBe('OK');
  });

  it('Redis 7.2 takes CLIENT SETINFO and shows lib-name in CLIENT INFO', async () => {
    const c = await (await redis({ version: '7.2.4' }))();
    expect(await c.call('CLIENT', 'SETINFO', 'LIB-NAME', 'redis-py')).toBe('OK');
    expect(await c.call('CLIENT', 'INFO')).toMatch(/ lib-name=redis-py lib-ver=\n$/);
  });
});

import type { Socket } from 'node:net';
import type { Clock } from '../../../util/clock.ts';
import { resp } from '../resp.ts';

export interface SimulatedRedisOptions {
  password: string | undefined;
  version: string;
  port: number;
  clock: Clock;
}

/** Redis refuses a query buffer past 1 GB; a lab device can refuse far less. */
const MAX_PENDING_BYTES = 64 * 1024;

/**
 * A Redis server with a keyspace: PING, ECHO, INFO, AUTH, SET/GET/DEL, DBSIZE, KEYS, CONFIG GET/SET requirepass
 * and QUIT, in RESP arrays or inline form. With `requirepass` set, every command but AUTH and QUIT answers
 * `-NOAUTH Authentication required.`, as redis-server does; `CONFIG SET requirepass` changes that at runtime.
 */
export class SimulatedRedis {
  readonly #options: SimulatedRedisOptions;
  readonly #keys = new Map<string, string>();
  readonly #startedAt: number;
  #password: string | undefined;

  constructor(options: SimulatedRedisOptions) {
    this.#options = options;
    this.#password = options.password;
    this.#startedAt = options.clock.now();
  }

  serve(socket: Socket): void {
    let authed = false;
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length > MAX_PENDING_BYTES) {
        socket.end(resp.error('ERR Protocol error: too big request'));
        return;
      }
      for (;;) {
        const parsed = readCommand(pending);
        if (parsed === 'error') {
          socket.end(resp.error("ERR Protocol error: expected '$', got something else"));
          return;
        }
        if (!parsed) break;
        pending = pending.subarray(parsed.next);
        if (parsed.args.length === 0) continue;
        const [name = '', ...args] = parsed.args;
        const command = name.toUpperCase();
        if (command === 'QUIT') {
          socket.end(resp.simple('OK'));
          return;
        }
        if (command === 'AUTH') {
          const result = this.#auth(args);
          if (result.ok) authed = true;
          socket.write(result.reply);
          continue;
        }
        if (this.#password !== undefined && !authed) {
          socket.write(resp.error('NOAUTH Authentication required.'));
          continue;
        }
        socket.write(this.#execute(command, name, args));
      }
    });
  }

  #auth(args: string[]): { ok: boolean; reply: Buffer } {
    const password = args.length >= 2 ? args[1] : args[0];
    if (this.#password === undefined) {
      return {
        ok: false,
        reply: resp.error(
          'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
        ),
      };
    }
    if (password === this.#password && (args.length < 2 || args[0] === 'default')) {
      return { ok: true, reply: resp.simple('OK') };
    }
    return { ok: false, reply: resp.error('WRONGPASS invalid username-password pair or user is disabled.') };
  }

  #execute(command: string, name: string, args: string[]): Buffer {
    switch (command) {
      case 'PING':
        return args[0] === undefined ? resp.simple('PONG') : resp.bulk(args[0]);
      case 'ECHO':
        return args[0] === undefined ? wrongArgs(name) : resp.bulk(args[0]);
      case 'INFO':
        return resp.bulk(this.#info(args[0]?.toLowerCase()));
      case 'SET':
        if (args.length < 2) return wrongArgs(name);
        this.#keys.set(args[0] as string, args[1] as string);
        return resp.simple('OK');
      case 'GET':
        return args[0] === undefined ? wrongArgs(name) : resp.bulk(this.#keys.get(args[0]) ?? null);
      case 'DEL':
        return resp.integer(args.filter((k) => this.#keys.delete(k)).length);
      case 'DBSIZE':
        return resp.integer(this.#keys.size);
      case 'KEYS':
        return resp.array([...this.#keys.keys()].filter((k) => matchGlob(args[0] ?? '*', k)).map((k) => resp.bulk(k)));
      case 'CONFIG':
        return this.#config(args);
      default:
        return resp.error(
          `ERR unknown command '${name.slice(0, 128)}', with args beginning with: ${args
            .slice(0, 3)
            .map((a) => `'${a.slice(0, 128)}' `)
            .join('')}`,
        );
    }
  }

  #config(args: string[]): Buffer {
    const sub = args[0]?.toUpperCase();
    const key = args[1]?.toLowerCase();
    if (sub === 'GET' && key === 'requirepass')
      return resp.array([resp.bulk('requirepass'), resp.bulk(this.#password ?? '')]);
    if (sub === 'SET' && key === 'requirepass' && args[2] !== undefined) {
      this.#password = args[2] === '' ? undefined : args[2];
      return resp.simple('OK');
    }
    if (sub === 'GET') return resp.array([]);
    return resp.error(`ERR Unknown option or number of arguments for CONFIG ${args[0] ?? ''}`);
  }

  #info(section: string | undefined): string {
    const uptime = Math.max(0, Math.floor((this.#options.clock.now() - this.#startedAt) / 1000));
    const sections: Record<string, string[]> = {
      server: [
        '# Server',
        `redis_version:${this.#options.version}`,
        'redis_git_sha1:00000000',
        'redis_mode:standalone',
        'os:Linux 4.4.302+ x86_64',
        'arch_bits:64',
        `tcp_port:${this.#options.port}`,
        `uptime_in_seconds:${uptime}`,
      ],
      clients: ['# Clients', 'connected_clients:1', 'maxclients:10000'],
      memory: ['# Memory', `used_memory:${900000 + this.#keys.size * 64}`, 'maxmemory:0'],
      keyspace: ['# Keyspace', ...(this.#keys.size > 0 ? [`db0:keys=${this.#keys.size},expires=0,avg_ttl=0`] : [])],
    };
    const chosen = section && section in sections ? [section] : Object.keys(sections);
    return `${chosen.map((s) => (sections[s] ?? []).join('\r\n')).join('\r\n\r\n')}\r\n`;
  }
}

function wrongArgs(name: string): Buffer {
  return resp.error(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);
}

function matchGlob(pattern: string, key: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(key);
}

/** One command from the buffer: a RESP array of bulk strings, or an inline command line (`PING\r\n`). */
function readCommand(buf: Buffer): { args: string[]; next: number } | 'error' | undefined {
  if (buf.length === 0) return undefined;
  if (buf[0] !== 0x2a) {
    const eol = buf.indexOf('\n');
    if (eol < 0) return undefined;
    const line = buf.toString('utf8', 0, eol).replace(/\r$/, '');
    return { args: line.split(/\s+/).filter((a) => a.length > 0), next: eol + 1 };
  }
  const eol = buf.indexOf('\r\n');
  if (eol < 0) return undefined;
  const count = Number(buf.toString('utf8', 1, eol));
  if (!Number.isInteger(count) || count < 0 || count > 1024) return 'error';
  const args: string[] = [];
  let pos = eol + 2;
  for (let i = 0; i < count; i++) {
    if (pos >= buf.length) return undefined;
    if (buf[pos] !== 0x24) return 'error';
    const end = buf.indexOf('\r\n', pos);
    if (end < 0) return undefined;
    const length = Number(buf.toString('utf8', pos + 1, end));
    if (!Number.isInteger(length) || length < 0 || length > MAX_PENDING_BYTES) return 'error';
    if (buf.length < end + 2 + length + 2) return undefined;
    args.push(buf.toString('utf8', end + 2, end + 2 + length));
    pos = end + 2 + length + 2;
  }
  return { args, next: pos };
}

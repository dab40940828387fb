import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Clock } from '../../../util/clock.ts';
import { matchGlob } from './command-reader.ts';
import { infoText } from './info.ts';
import { Keyspace } from './keyspace.ts';
import { RedisConnection } from './redis-connection.ts';
import { type Reply, reply } from './reply.ts';

export interface SimulatedRedisOptions {
  password: string | undefined;
  version: string;
  port: number;
  clock: Clock;
}

/** `databases 16`, the redis.conf default. */
const DATABASES = 16;

/**
 * A Redis server as a home NAS runs it in a container: 16 databases of string keys shared by every connection,
 * RESP2 and RESP3 (HELLO), AUTH against `requirepass` (changeable with CONFIG SET), CLIENT naming, INFO, and
 * pub/sub (SUBSCRIBE, PSUBSCRIBE, PUBLISH) across connections. Commands it does not know get Redis's own
 * "unknown command" error.
 */
export class SimulatedRedis {
  readonly options: SimulatedRedisOptions;
  readonly databases: Keyspace[] = Array.from({ length: DATABASES }, () => new Keyspace());
  readonly clients = new Set<RedisConnection>();
  readonly #config = new Map<string, string>();
  readonly #startedAt: number;
  readonly #runId = randomBytes(20).toString('hex');
  #nextClientId = 1;
  #totalConnections = 0;
  #totalCommands = 0;

  constructor(options: SimulatedRedisOptions) {
    this.options = options;
    this.#startedAt = options.clock.now();
    for (const [key, value] of Object.entries({
      requirepass: options.password ?? '',
      databases: String(DATABASES),
      port: String(options.port),
      bind: '* -::*',
      'protected-mode': 'no',
      maxclients: '10000',
      maxmemory: '0',
      timeout: '0',
      appendonly: 'no',
      save: '3600 1 300 100 60 10000',
    })) {
      this.#config.set(key, value);
    }
  }

  /** The `requirepass` in force; empty means none (the default user has `nopass`). */
  get password(): string | undefined {
    const value = this.#config.get('requirepass');
    return value ? value : undefined;
  }

  now(): number {
    return this.options.clock.now();
  }

  serve(socket: Socket): void {
    this.#totalConnections += 1;
    const connection = new RedisConnection(socket, this, this.#nextClientId++);
    this.clients.add(connection);
    socket.on('close', () => this.clients.delete(connection));
  }

  countCommand(): void {
    this.#totalCommands += 1;
  }

  /** PUBLISH: delivers to channel and pattern subscribers on every connection; returns how many got it. */
  publish(channel: string, message: string): number {
    let receivers = 0;
    for (const client of this.clients) {
      if (client.channels.has(channel)) {
        client.push([reply.bulk('message'), reply.bulk(channel), reply.bulk(message)]);
        receivers += 1;
      }
      for (const pattern of client.patterns) {
        if (!matchGlob(pattern, channel)) continue;
        client.push([reply.bulk('pmessage'), reply.bulk(pattern), reply.bulk(channel), reply.bulk(message)]);
        receivers += 1;
      }
    }
    return receivers;
  }

  info(sections: string[]): string {
    const now = this.now();
    const keyspace: Array<[number, number, number]> = [];
    this.databases.forEach((db, index) => {
      const keys = db.size(now);
      if (keys > 0) keyspace.push([index, keys, db.expiring(now)]);
    });
    return infoText(
      {
        version: this.options.version,
        port: this.options.port,
        uptimeS: Math.max(0, Math.floor((now - this.#startedAt) / 1000)),
        runId: this.#runId,
        connectedClients: this.clients.size,
        pubsubClients: [...this.clients].filter((c) => c.channels.size + c.patterns.size > 0).length,
        totalConnections: this.#totalConnections,
        totalCommands: this.#totalCommands,
        keyspace,
        usedMemory: 900000 + keyspace.reduce((n, [, keys]) => n + keys * 64, 0),
      },
      sections,
    );
  }

  /** CONFIG GET pattern… and CONFIG SET parameter value…, over the parameters the lab models. */
  config(args: string[]): Reply {
    const sub = (args[0] ?? '').toUpperCase();
    if (sub === 'GET' && args.length >= 2) {
      const patterns = args.slice(1).map((p) => p.toLowerCase());
      const found = [...this.#config].filter(([key]) => patterns.some((p) => matchGlob(p, key)));
      return reply.map(found.map(([key, value]) => [key, reply.bulk(value)]));
    }
    if (sub === 'SET' && args.length >= 3 && args.length % 2 === 1) {
      const pairs: Array<[string, string]> = [];
      for (let i = 1; i < args.length; i += 2) pairs.push([(args[i] as string).toLowerCase(), args[i + 1] as string]);
      const unknown = pairs.find(([key]) => !this.#config.has(key));
      if (unknown) return reply.error(`ERR Unknown option or number of arguments for CONFIG SET - '${unknown[0]}'`);
      const immutable = pairs.find(([key]) => key === 'databases');
      if (immutable) {
        return reply.error(
          `ERR CONFIG SET failed (possibly related to argument '${immutable[0]}') - can't set immutable config`,
        );
      }
      for (const [key, value] of pairs) this.#config.set(key, value);
      return reply.ok();
    }
    return reply.error(`ERR unknown subcommand or wrong number of arguments for '${args[0] ?? ''}'. Try CONFIG HELP.`);
  }
}

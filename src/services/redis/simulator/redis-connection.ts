import type { Socket } from 'node:net';
import { type ClientView, clientCommand } from './client-command.ts';
import { MAX_PENDING_BYTES, readCommand } from './command-reader.ts';
import { type Keyspace, keyspaceCommand, wrongArgs } from './keyspace.ts';
import { encodeReply, type Reply, type RespVersion, reply } from './reply.ts';

/** What a connection uses of its server (SimulatedRedis), without importing it. */
export interface RedisServerCore {
  readonly options: { version: string };
  readonly databases: Keyspace[];
  readonly clients: Set<RedisConnection>;
  readonly password: string | undefined;
  now(): number;
  countCommand(): void;
  publish(channel: string, message: string): number;
  info(sections: string[]): string;
  config(args: string[]): Reply;
}

/** In RESP2 a subscribed connection may only run these (server.c processCommand). */
const ALLOWED_WHILE_SUBSCRIBED = new Set([
  'SUBSCRIBE',
  'UNSUBSCRIBE',
  'PSUBSCRIBE',
  'PUNSUBSCRIBE',
  'SSUBSCRIBE',
  'SUNSUBSCRIBE',
  'PING',
  'QUIT',
  'RESET',
]);

const AUTH_FAILED = 'WRONGPASS invalid username-password pair or user is disabled.';

/** One client connection: its protocol version, database, name, subscriptions, and the command dispatch. */
export class RedisConnection implements ClientView {
  readonly id: number;
  name = '';
  libName = '';
  libVer = '';
  db = 0;
  resp: RespVersion = 2;
  lastCommand = 'NULL';
  readonly channels = new Set<string>();
  readonly patterns = new Set<string>();
  readonly #socket: Socket;
  readonly #server: RedisServerCore;
  readonly #createdAt: number;
  #lastAt: number;
  #authenticated: boolean;

  constructor(socket: Socket, server: RedisServerCore, id: number) {
    this.#socket = socket;
    this.#server = server;
    this.id = id;
    this.#createdAt = server.now();
    this.#lastAt = this.#createdAt;
    // Without requirepass the default user is `nopass`: every connection starts authenticated.
    this.#authenticated = server.password === undefined;
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length > MAX_PENDING_BYTES) {
        socket.end(encodeReply(reply.error('ERR Protocol error: too big request'), this.resp));
        return;
      }
      for (;;) {
        const parsed = readCommand(pending);
        if (parsed === 'error') {
          socket.end(encodeReply(reply.error("ERR Protocol error: expected '$', got something else"), this.resp));
          return;
        }
        if (!parsed) return;
        pending = pending.subarray(parsed.next);
        if (parsed.args.length > 0 && !this.#run(parsed.args)) return;
      }
    });
  }

  get subscriptionCount(): number {
    return this.channels.size;
  }

  get patternCount(): number {
    return this.patterns.size;
  }

  get address(): string {
    return `${this.#socket.remoteAddress}:${this.#socket.remotePort}`;
  }

  get localAddress(): string {
    return `${this.#socket.localAddress}:${this.#socket.localPort}`;
  }

  get ageS(): number {
    return Math.floor((this.#server.now() - this.#createdAt) / 1000);
  }

  get idleS(): number {
    return Math.floor((this.#server.now() - this.#lastAt) / 1000);
  }

  /** A pub/sub message: a RESP3 push, or a plain array in RESP2. */
  push(items: Reply[]): void {
    this.#socket.write(encodeReply(reply.push(items), this.resp));
  }

  /** Runs one command; false once the connection is closing. */
  #run(args: string[]): boolean {
    const [name = '', ...rest] = args;
    const command = name.toUpperCase();
    this.#server.countCommand();
    this.#lastAt = this.#server.now();
    this.lastCommand = command === 'CLIENT' && rest[0] ? `client|${rest[0].toLowerCase()}` : command.toLowerCase();
    if (command === 'QUIT') {
      this.#socket.end(encodeReply(reply.ok(), this.resp));
      return false;
    }
    const answer = this.#dispatch(command, name, rest);
    if (answer) this.#socket.write(encodeReply(answer, this.resp));
    return true;
  }

  #dispatch(command: string, name: string, args: string[]): Reply | undefined {
    if (command === 'AUTH') return this.#auth(args);
    if (command === 'HELLO') return this.#hello(args);
    if (!this.#authenticated) return reply.error('NOAUTH Authentication required.');
    const subscribed = this.channels.size + this.patterns.size > 0;
    if (subscribed && this.resp === 2 && !ALLOWED_WHILE_SUBSCRIBED.has(command)) {
      return reply.error(
        `ERR Can't execute '${name.toLowerCase()}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
      );
    }
    const now = this.#server.now();
    switch (command) {
      case 'PING':
        if (args.length > 1) return wrongArgs(command);
        // A RESP2 subscriber gets PING answered as a pub/sub-style array (pubsub.c).
        if (subscribed && this.resp === 2) return reply.bulks(['pong', args[0] ?? '']);
        return args[0] === undefined ? reply.simple('PONG') : reply.bulk(args[0]);
      case 'ECHO':
        return args.length !== 1 ? wrongArgs(command) : reply.bulk(args[0] as string);
      case 'SELECT':
        return this.#select(args);
      case 'INFO':
        return reply.verbatim(this.#server.info(args));
      case 'CONFIG':
        return this.#server.config(args);
      case 'CLIENT':
        return clientCommand(this, [...this.#server.clients], args, this.#server.options.version);
      case 'SUBSCRIBE':
      case 'PSUBSCRIBE':
      case 'UNSUBSCRIBE':
      case 'PUNSUBSCRIBE':
        this.#subscription(command, args);
        return undefined;
      case 'PUBLISH':
        return args.length !== 2
          ? wrongArgs(command)
          : reply.int(this.#server.publish(args[0] as string, args[1] as string));
      default:
        return (
          keyspaceCommand(this.#server.databases[this.db] as Keyspace, command, args, now) ?? unknownCommand(name, args)
        );
    }
  }

  #auth(args: string[]): Reply {
    if (args.length < 1 || args.length > 2) return reply.error('ERR syntax error');
    const [user, password] =
      args.length === 2 ? [args[0] as string, args[1] as string] : ['default', args[0] as string];
    const required = this.#server.password;
    if (required === undefined && args.length === 1) {
      return reply.error(
        'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
      );
    }
    const ok = user === 'default' && (required === undefined || password === required);
    if (ok) this.#authenticated = true;
    return ok ? reply.ok() : reply.error(AUTH_FAILED);
  }

  /** HELLO [protover [AUTH username password] [SETNAME clientname]] (networking.c helloCommand). */
  #hello(args: string[]): Reply {
    let version: RespVersion | undefined;
    if (args.length >= 1) {
      if (!/^-?\d+$/.test(args[0] as string))
        return reply.error('ERR Protocol version is not an integer or out of range');
      const asked = Number(args[0]);
      if (asked !== 2 && asked !== 3) return reply.error('NOPROTO unsupported protocol version');
      version = asked;
    }
    let credentials: [string, string] | undefined;
    let clientName: string | undefined;
    for (let i = 1; i < args.length; i++) {
      const option = (args[i] as string).toUpperCase();
      if (option === 'AUTH' && args.length - 1 - i >= 2) {
        credentials = [args[i + 1] as string, args[i + 2] as string];
        i += 2;
      } else if (option === 'SETNAME' && args.length - 1 - i >= 1) {
        clientName = args[++i] as string;
      } else return reply.error(`ERR Syntax error in HELLO option '${args[i]}'`);
    }
    if (credentials) {
      const result = this.#auth(credentials);
      if (result.t === 'error') return result;
    }
    if (!this.#authenticated) {
      return reply.error(
        'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
      );
    }
    if (clientName !== undefined) {
      const named = clientCommand(this, [], ['SETNAME', clientName], this.#server.options.version);
      if (named.t === 'error') return named;
    }
    if (version) this.resp = version;
    return reply.map([
      ['server', reply.bulk('redis')],
      ['version', reply.bulk(this.#server.options.version)],
      ['proto', reply.int(this.resp)],
      ['id', reply.int(this.id)],
      ['mode', reply.bulk('standalone')],
      ['role', reply.bulk('master')],
      ['modules', reply.array([])],
    ]);
  }

  #select(args: string[]): Reply {
    if (args.length !== 1) return wrongArgs('SELECT');
    if (!/^-?\d+$/.test(args[0] as string)) return reply.error('ERR value is not an integer or out of range');
    const index = Number(args[0]);
    if (index < 0 || index >= this.#server.databases.length) return reply.error('ERR DB index is out of range');
    this.db = index;
    return reply.ok();
  }

  /** (P)SUBSCRIBE and (P)UNSUBSCRIBE answer once per channel, with the connection's subscription count. */
  #subscription(command: string, args: string[]): void {
    const patterns = command.startsWith('P');
    const set = patterns ? this.patterns : this.channels;
    const kind = command.toLowerCase();
    const count = (): Reply => reply.int(this.channels.size + this.patterns.size);
    if (command.endsWith('UNSUBSCRIBE')) {
      const targets = args.length > 0 ? args : [...set];
      if (targets.length === 0) this.push([reply.bulk(kind), reply.bulk(null), count()]);
      for (const target of targets) {
        set.delete(target);
        this.push([reply.bulk(kind), reply.bulk(target), count()]);
      }
      return;
    }
    if (args.length === 0) {
      this.#socket.write(encodeReply(wrongArgs(command), this.resp));
      return;
    }
    for (const target of args) {
      set.add(target);
      this.push([reply.bulk(kind), reply.bulk(target), count()]);
    }
  }
}

function unknownCommand(name: string, args: string[]): Reply {
  const start = args
    .slice(0, 3)
    .map((a) => `'${a.slice(0, 128)}' `)
    .join('');
  return reply.error(`ERR unknown command '${name.slice(0, 128)}', with args beginning with: ${start}`);
}

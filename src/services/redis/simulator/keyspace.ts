import { matchGlob } from './command-reader.ts';
import { type Reply, reply } from './reply.ts';

interface Entry {
  value: string;
  /** Epoch ms after which the key is gone (SET EX/PX, EXPIRE). */
  expiresAt: number | undefined;
}

/** One numbered database of string keys, with expiry read against the server clock (expire.c, lazily). */
export class Keyspace {
  readonly #entries = new Map<string, Entry>();

  size(now: number): number {
    this.#sweep(now);
    return this.#entries.size;
  }

  expiring(now: number): number {
    this.#sweep(now);
    return [...this.#entries.values()].filter((e) => e.expiresAt !== undefined).length;
  }

  get(key: string, now: number): Entry | undefined {
    const entry = this.#entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, value: string, expiresAt: number | undefined): void {
    this.#entries.set(key, { value, expiresAt });
  }

  delete(key: string, now: number): boolean {
    return this.get(key, now) !== undefined && this.#entries.delete(key);
  }

  keys(now: number): string[] {
    this.#sweep(now);
    return [...this.#entries.keys()];
  }

  clear(): void {
    this.#entries.clear();
  }

  #sweep(now: number): void {
    for (const [key, entry] of this.#entries)
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.#entries.delete(key);
  }
}

export const wrongArgs = (name: string): Reply =>
  reply.error(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);
const notInteger = (): Reply => reply.error('ERR value is not an integer or out of range');
const syntax = (): Reply => reply.error('ERR syntax error');

/**
 * The string-key commands: SET (with EX, PX, NX, XX, GET), GET, DEL, EXISTS, KEYS, DBSIZE, FLUSHDB, EXPIRE, TTL, TYPE.
 * Returns undefined for a command that is not one of them.
 */
export function keyspaceCommand(db: Keyspace, command: string, args: string[], now: number): Reply | undefined {
  const [key] = args;
  switch (command) {
    case 'SET':
      return set(db, args, now);
    case 'GET':
      return args.length !== 1 ? wrongArgs(command) : reply.bulk(db.get(key as string, now)?.value ?? null);
    case 'DEL':
      return args.length === 0 ? wrongArgs(command) : reply.int(args.filter((k) => db.delete(k, now)).length);
    case 'EXISTS':
      return args.length === 0 ? wrongArgs(command) : reply.int(args.filter((k) => db.get(k, now)).length);
    case 'KEYS':
      return args.length !== 1
        ? wrongArgs(command)
        : reply.bulks(db.keys(now).filter((k) => matchGlob(key as string, k)));
    case 'DBSIZE':
      return reply.int(db.size(now));
    case 'FLUSHDB':
      db.clear();
      return reply.ok();
    case 'TYPE':
      return args.length !== 1 ? wrongArgs(command) : reply.simple(db.get(key as string, now) ? 'string' : 'none');
    case 'TTL': {
      if (args.length !== 1) return wrongArgs(command);
      const entry = db.get(key as string, now);
      if (!entry) return reply.int(-2);
      return reply.int(entry.expiresAt === undefined ? -1 : Math.ceil((entry.expiresAt - now) / 1000));
    }
    case 'EXPIRE': {
      if (args.length !== 2) return wrongArgs(command);
      const seconds = integer(args[1] as string);
      if (seconds === undefined) return notInteger();
      const entry = db.get(key as string, now);
      if (!entry) return reply.int(0);
      db.set(key as string, entry.value, now + seconds * 1000);
      return reply.int(1);
    }
    default:
      return undefined;
  }
}

function set(db: Keyspace, args: string[], now: number): Reply {
  if (args.length < 2) return wrongArgs('SET');
  const [key, value, ...options] = args as [string, string, ...string[]];
  let expiresAt: number | undefined;
  let condition: 'NX' | 'XX' | undefined;
  let returnOld = false;
  for (let i = 0; i < options.length; i++) {
    const option = (options[i] as string).toUpperCase();
    if (option === 'NX' || option === 'XX') {
      if (condition && condition !== option) return syntax();
      condition = option;
    } else if (option === 'GET') returnOld = true;
    else if (option === 'EX' || option === 'PX') {
      const amount = integer(options[++i] ?? '');
      if (amount === undefined) return options[i] === undefined ? syntax() : notInteger();
      if (amount <= 0) return reply.error(`ERR invalid expire time in 'set' command`);
      expiresAt = now + amount * (option === 'EX' ? 1000 : 1);
    } else return syntax();
  }
  const old = db.get(key, now);
  if ((condition === 'NX' && old) || (condition === 'XX' && !old))
    return reply.bulk(returnOld ? (old?.value ?? null) : null);
  db.set(key, value, expiresAt);
  return returnOld ? reply.bulk(old?.value ?? null) : reply.ok();
}

function integer(text: string): number | undefined {
  return /^-?\d{1,15}$/.test(text) ? Number(text) : undefined;
}

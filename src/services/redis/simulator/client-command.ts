import { type Reply, reply } from './reply.ts';

/** What CLIENT reads and changes about one connection. */
export interface ClientView {
  readonly id: number;
  name: string;
  libName: string;
  libVer: string;
  readonly db: number;
  readonly resp: number;
  readonly subscriptionCount: number;
  readonly patternCount: number;
  readonly address: string;
  readonly localAddress: string;
  readonly ageS: number;
  readonly idleS: number;
  readonly lastCommand: string;
}

/** CLIENT SETINFO arrived in Redis 7.2; redis-py and node-redis send it on connect and ignore the error before that. */
export function supportsSetInfo(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 7 || (major === 7 && minor >= 2);
}

/**
 * CLIENT ID, GETNAME, SETNAME, SETINFO, INFO, LIST and NO-EVICT (networking.c clientCommand). Errors are worded
 * as redis-server words them.
 */
export function clientCommand(self: ClientView, all: readonly ClientView[], args: string[], version: string): Reply {
  const sub = (args[0] ?? '').toUpperCase();
  const unknown = reply.error(`ERR unknown subcommand '${(args[0] ?? '').slice(0, 128)}'. Try CLIENT HELP.`);
  switch (sub) {
    case 'ID':
      return reply.int(self.id);
    case 'GETNAME':
      return reply.bulk(self.name === '' ? null : self.name);
    case 'SETNAME': {
      if (args.length !== 2) return wrongArgs(sub);
      const name = args[1] as string;
      if (!/^[!-~]*$/.test(name)) {
        return reply.error('ERR Client names cannot contain spaces, newlines or special characters.');
      }
      self.name = name;
      return reply.ok();
    }
    case 'SETINFO': {
      if (!supportsSetInfo(version)) return unknown;
      if (args.length !== 3) return wrongArgs(sub);
      const attribute = (args[1] as string).toUpperCase();
      if (attribute === 'LIB-NAME') self.libName = args[2] as string;
      else if (attribute === 'LIB-VER') self.libVer = args[2] as string;
      else return reply.error(`ERR Unrecognized option '${args[1]}'`);
      return reply.ok();
    }
    case 'INFO':
      return reply.verbatim(`${clientLine(self, version)}\n`);
    case 'LIST':
      return reply.verbatim(all.map((c) => `${clientLine(c, version)}\n`).join(''));
    case 'NO-EVICT':
      return reply.ok();
    default:
      return unknown;
  }
}

function wrongArgs(sub: string): Reply {
  return reply.error(`ERR wrong number of arguments for 'client|${sub.toLowerCase()}' command`);
}

/** One CLIENT LIST line with the fields of Redis 7.0 (and 7.2's lib-name and lib-ver). */
function clientLine(c: ClientView, version: string): string {
  const fields = [
    `id=${c.id}`,
    `addr=${c.address}`,
    `laddr=${c.localAddress}`,
    'fd=8',
    `name=${c.name}`,
    `age=${c.ageS}`,
    `idle=${c.idleS}`,
    `flags=${c.subscriptionCount + c.patternCount > 0 ? 'P' : 'N'}`,
    `db=${c.db}`,
    `sub=${c.subscriptionCount}`,
    `psub=${c.patternCount}`,
    'ssub=0',
    'multi=-1',
    'qbuf=0',
    'qbuf-free=0',
    'argv-mem=0',
    'multi-mem=0',
    'rbs=1024',
    'rbp=0',
    'obl=0',
    'oll=0',
    'omem=0',
    'tot-mem=22298',
    'events=r',
    `cmd=${c.lastCommand}`,
    'user=default',
    'redir=-1',
    `resp=${c.resp}`,
  ];
  if (supportsSetInfo(version)) fields.push(`lib-name=${c.libName}`, `lib-ver=${c.libVer}`);
  return fields.join(' ');
}

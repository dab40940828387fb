/**
 * Replies as values, written in whichever protocol the connection speaks: RESP2, or RESP3 after `HELLO 3`
 * (https://redis.io/docs/latest/develop/reference/protocol-spec/). RESP3 has its own null (`_`), maps (`%`),
 * verbatim strings (`=`, how INFO answers) and pushes (`>`, how pub/sub messages arrive); RESP2 flattens a map into
 * an array, sends verbatim text as a bulk string, nulls as `$-1`, and pushes as arrays.
 */
export type Reply =
  | { t: 'simple'; v: string }
  | { t: 'error'; v: string }
  | { t: 'int'; v: number }
  | { t: 'bulk'; v: string | null }
  | { t: 'array'; v: Reply[] }
  | { t: 'map'; v: Array<[string, Reply]> }
  | { t: 'verbatim'; v: string }
  | { t: 'push'; v: Reply[] };

export type RespVersion = 2 | 3;

export const reply = {
  ok: (): Reply => ({ t: 'simple', v: 'OK' }),
  simple: (v: string): Reply => ({ t: 'simple', v }),
  error: (v: string): Reply => ({ t: 'error', v }),
  int: (v: number): Reply => ({ t: 'int', v }),
  bulk: (v: string | null): Reply => ({ t: 'bulk', v }),
  array: (v: Reply[]): Reply => ({ t: 'array', v }),
  bulks: (v: readonly string[]): Reply => ({ t: 'array', v: v.map((s) => ({ t: 'bulk', v: s })) }),
  map: (v: Array<[string, Reply]>): Reply => ({ t: 'map', v }),
  verbatim: (v: string): Reply => ({ t: 'verbatim', v }),
  push: (v: Reply[]): Reply => ({ t: 'push', v }),
};

export function encodeReply(r: Reply, version: RespVersion): Buffer {
  return Buffer.from(encode(r, version), 'utf8');
}

function encode(r: Reply, version: RespVersion): string {
  switch (r.t) {
    case 'simple':
      return `+${r.v}\r\n`;
    case 'error':
      return `-${r.v}\r\n`;
    case 'int':
      return `:${r.v}\r\n`;
    case 'bulk':
      if (r.v === null) return version === 3 ? '_\r\n' : '$-1\r\n';
      return `$${Buffer.byteLength(r.v)}\r\n${r.v}\r\n`;
    case 'array':
      return `*${r.v.length}\r\n${r.v.map((x) => encode(x, version)).join('')}`;
    case 'push':
      return `${version === 3 ? '>' : '*'}${r.v.length}\r\n${r.v.map((x) => encode(x, version)).join('')}`;
    case 'map': {
      const body = r.v.map(([k, v]) => encode({ t: 'bulk', v: k }, version) + encode(v, version)).join('');
      return version === 3 ? `%${r.v.length}\r\n${body}` : `*${r.v.length * 2}\r\n${body}`;
    }
    case 'verbatim':
      if (version === 2) return encode({ t: 'bulk', v: r.v }, version);
      return `=${Buffer.byteLength(r.v) + 4}\r\ntxt:${r.v}\r\n`;
  }
}

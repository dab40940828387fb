import { ProtocolError } from '../../errors/index.ts';

/**
 * RESP2, the Redis serialization protocol (https://redis.io/docs/latest/develop/reference/protocol-spec/):
 * `+simple`, `-error`, `:integer`, `$len bulk`, `*count array`, each line ending in CRLF.
 */
export type RespValue =
  | { type: 'simple'; value: string }
  | { type: 'error'; value: string }
  | { type: 'integer'; value: number }
  | { type: 'bulk'; value: string | null }
  | { type: 'array'; value: RespValue[] | null };

/** A command as clients send it: an array of bulk strings. */
export function encodeCommand(...args: string[]): Buffer {
  const parts = [`*${args.length}\r\n`];
  for (const a of args) parts.push(`$${Buffer.byteLength(a)}\r\n${a}\r\n`);
  return Buffer.from(parts.join(''), 'utf8');
}

export const resp = {
  simple: (s: string): Buffer => Buffer.from(`+${s}\r\n`),
  error: (s: string): Buffer => Buffer.from(`-${s}\r\n`),
  integer: (n: number): Buffer => Buffer.from(`:${n}\r\n`),
  bulk: (s: string | null): Buffer =>
    s === null ? Buffer.from('$-1\r\n') : Buffer.from(`$${Buffer.byteLength(s)}\r\n${s}\r\n`),
  array: (items: Buffer[]): Buffer => Buffer.concat([Buffer.from(`*${items.length}\r\n`), ...items]),
};

/**
 * Parses one value at `offset`. Returns undefined while the value is incomplete; throws ProtocolError when the
 * bytes are not RESP (the first byte is not a type marker, a length is not a number).
 */
export function parseResp(buf: Buffer, offset = 0, depth = 0): { value: RespValue; next: number } | undefined {
  if (depth > 8) throw new ProtocolError(undefined, 'RESP nested too deeply');
  const eol = buf.indexOf('\r\n', offset);
  if (eol < 0) return undefined;
  const marker = String.fromCharCode(buf[offset] ?? 0);
  const line = buf.toString('utf8', offset + 1, eol);
  const after = eol + 2;
  switch (marker) {
    case '+':
      return { value: { type: 'simple', value: line }, next: after };
    case '-':
      return { value: { type: 'error', value: line }, next: after };
    case ':':
      return { value: { type: 'integer', value: toInt(line) }, next: after };
    case '$': {
      const length = toInt(line);
      if (length < 0) return { value: { type: 'bulk', value: null }, next: after };
      if (buf.length < after + length + 2) return undefined;
      return { value: { type: 'bulk', value: buf.toString('utf8', after, after + length) }, next: after + length + 2 };
    }
    case '*': {
      const count = toInt(line);
      if (count < 0) return { value: { type: 'array', value: null }, next: after };
      const items: RespValue[] = [];
      let pos = after;
      for (let i = 0; i < count; i++) {
        const item = parseResp(buf, pos, depth + 1);
        if (!item) return undefined;
        items.push(item.value);
        pos = item.next;
      }
      return { value: { type: 'array', value: items }, next: pos };
    }
    default:
      throw new ProtocolError(undefined, `not RESP: starts with ${JSON.stringify(marker)}`);
  }
}

function toInt(text: string): number {
  if (!/^-?\d{1,12}$/.test(text))
    throw new ProtocolError(undefined, `RESP length ${JSON.stringify(text.slice(0, 20))} invalid`);
  return Number(text);
}

/**
 * The CoAP message format (RFC 7252 §3) as far as CoIoT uses it: header, token, options with delta/length
 * encoding (§3.1), payload marker. Decoding is bounds-checked and returns undefined for anything malformed, so a
 * hostile datagram costs nothing.
 */

export const COAP_TYPE = { confirmable: 0, nonConfirmable: 1, acknowledgement: 2, reset: 3 } as const;
export type CoapType = (typeof COAP_TYPE)[keyof typeof COAP_TYPE];

/** Codes as `class * 32 + detail`: 0.01 GET, 2.05 Content, 4.04 Not Found, and CoIoT's own 0.30 status publish. */
export const COAP_CODE = { get: 1, content: 69, notFound: 132, methodNotAllowed: 133, coiotStatus: 30 } as const;

/** Uri-Path (RFC 7252 §5.10). */
export const URI_PATH = 11;

export interface CoapMessage {
  type: CoapType;
  code: number;
  messageId: number;
  token: Buffer;
  /** Option number and value, in any order; encoded sorted by number. */
  options: Array<[number, Buffer]>;
  payload: Buffer;
}

function extended(value: number): { nibble: number; bytes: number[] } {
  if (value < 13) return { nibble: value, bytes: [] };
  if (value < 269) return { nibble: 13, bytes: [value - 13] };
  const rest = value - 269;
  return { nibble: 14, bytes: [rest >> 8, rest & 0xff] };
}

export function encodeCoap(message: CoapMessage): Buffer {
  if (message.token.length > 8) throw new Error('a CoAP token has at most 8 bytes');
  const parts: Buffer[] = [
    Buffer.from([
      0x40 | (message.type << 4) | message.token.length,
      message.code,
      message.messageId >> 8,
      message.messageId & 0xff,
    ]),
    message.token,
  ];
  let previous = 0;
  const options = [...message.options].sort((a, b) => a[0] - b[0]);
  for (const [number, value] of options) {
    const delta = extended(number - previous);
    const length = extended(value.length);
    parts.push(Buffer.from([(delta.nibble << 4) | length.nibble, ...delta.bytes, ...length.bytes]), value);
    previous = number;
  }
  if (message.payload.length > 0) parts.push(Buffer.from([0xff]), message.payload);
  return Buffer.concat(parts);
}

function readExtended(nibble: number, data: Buffer, at: number): { value: number; next: number } | undefined {
  if (nibble < 13) return { value: nibble, next: at };
  if (nibble === 13) return at < data.length ? { value: (data[at] as number) + 13, next: at + 1 } : undefined;
  if (nibble === 14) return at + 1 < data.length ? { value: data.readUInt16BE(at) + 269, next: at + 2 } : undefined;
  return undefined;
}

export function decodeCoap(data: Buffer): CoapMessage | undefined {
  if (data.length < 4) return undefined;
  const first = data[0] as number;
  if (first >> 6 !== 1) return undefined;
  const tokenLength = first & 0x0f;
  if (tokenLength > 8 || 4 + tokenLength > data.length) return undefined;
  const message: CoapMessage = {
    type: ((first >> 4) & 0x03) as CoapType,
    code: data[1] as number,
    messageId: data.readUInt16BE(2),
    token: Buffer.from(data.subarray(4, 4 + tokenLength)),
    options: [],
    payload: Buffer.alloc(0),
  };
  let at = 4 + tokenLength;
  let number = 0;
  while (at < data.length) {
    const byte = data[at] as number;
    if (byte === 0xff) {
      message.payload = Buffer.from(data.subarray(at + 1));
      return message.payload.length > 0 ? message : undefined;
    }
    const delta = readExtended(byte >> 4, data, at + 1);
    if (!delta) return undefined;
    const length = readExtended(byte & 0x0f, data, delta.next);
    if (!length || length.next + length.value > data.length) return undefined;
    number += delta.value;
    message.options.push([number, Buffer.from(data.subarray(length.next, length.next + length.value))]);
    at = length.next + length.value;
  }
  return message;
}

/** The request path from the Uri-Path options: `/cit/s`. */
export function uriPath(message: CoapMessage): string {
  return `/${message.options
    .filter(([number]) => number === URI_PATH)
    .map(([, value]) => value.toString('utf8'))
    .join('/')}`;
}

/** Uri-Path options for `/cit/s`. */
export function uriPathOptions(path: string): Array<[number, Buffer]> {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment): [number, Buffer] => [URI_PATH, Buffer.from(segment)]);
}

/**
 * The legacy TP-Link Smart Home Protocol "encryption": XOR autokey with a starting key of 171, where each cipher
 * byte becomes the key for the next (see ../shared/fixtures/README.md, kasa/iot). It hides nothing from anyone
 * on the LAN, which is why iotwarden reports it as `protocol.kasa-legacy-xor`.
 */
const INITIAL_KEY = 171;

export function xorEncrypt(plain: Buffer): Buffer {
  const out = Buffer.alloc(plain.length);
  let key = INITIAL_KEY;
  for (let i = 0; i < plain.length; i++) {
    key ^= plain[i] as number;
    out[i] = key;
  }
  return out;
}

export function xorDecrypt(cipher: Buffer): Buffer {
  const out = Buffer.alloc(cipher.length);
  let key = INITIAL_KEY;
  for (let i = 0; i < cipher.length; i++) {
    const c = cipher[i] as number;
    out[i] = key ^ c;
    key = c;
  }
  return out;
}

/** TCP framing: a 4-byte big-endian length, then the XOR'd JSON. UDP 9999 carries the XOR'd JSON with no prefix. */
export function frameTcp(json: string): Buffer {
  const body = xorEncrypt(Buffer.from(json, 'utf8'));
  const header = Buffer.alloc(4);
  header.writeUInt32BE(body.length, 0);
  return Buffer.concat([header, body]);
}

/** Length of a complete TCP frame at the start of `data`, or undefined while more bytes are needed. */
export function completeFrameLength(data: Buffer): number | undefined {
  if (data.length < 4) return undefined;
  const total = 4 + data.readUInt32BE(0);
  return data.length >= total ? total : undefined;
}

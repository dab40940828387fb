import { randomBytes } from 'node:crypto';

// RFC 4648 §6 base32 alphabet, lower-cased so ids read well in a terminal and survive case-insensitive shells.
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A fresh device id: `dev_` + 8 base32 characters (40 random bits), e.g. `dev_k3mz7qpa`. */
export function newDeviceId(taken: ReadonlySet<string> = new Set()): string {
  for (;;) {
    const bytes = randomBytes(5);
    let bits = 0;
    let value = 0;
    let id = 'dev_';
    for (const byte of bytes) {
      value = (value << 8) | byte;
      bits += 8;
      while (bits >= 5) {
        bits -= 5;
        id += BASE32[(value >> bits) & 31];
      }
    }
    if (!taken.has(id)) return id;
  }
}

/** True for strings shaped like a device id, so a lookup can tell an id from a name. */
export function isDeviceId(text: string): boolean {
  return /^dev_[a-z2-7]{8}$/.test(text);
}

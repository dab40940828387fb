import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';

/**
 * TP-Link "securePassthrough" (the `AES` of discovery's `encrypt_type`; python-kasa `aestransport.py`): after an RSA
 * handshake both sides hold a 16-byte key and 16-byte IV, and every inner JSON request and answer is AES-128-CBC with
 * PKCS#7 padding, base64 in the outer JSON.
 */
export class AesSession {
  readonly #key: Buffer;
  readonly #iv: Buffer;

  /** `keyAndIv` is the 32 bytes the device chose: key first, then IV. */
  constructor(keyAndIv: Buffer) {
    this.#key = keyAndIv.subarray(0, 16);
    this.#iv = keyAndIv.subarray(16, 32);
  }

  encrypt(plain: string): string {
    const cipher = createCipheriv('aes-128-cbc', this.#key, this.#iv);
    return Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
  }

  /** The plain text, or undefined when the data does not decrypt. */
  decrypt(encoded: string): string | undefined {
    try {
      const decipher = createDecipheriv('aes-128-cbc', this.#key, this.#iv);
      return Buffer.concat([decipher.update(Buffer.from(encoded, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

/**
 * login_device parameters: `username` = base64(hex SHA-1 of the e-mail); `password` = base64(password) for login
 * version 1, `password2` = base64(hex SHA-1 of the password) for version 2 (`lv: 2` in discovery).
 */
export function aesLoginParams(username: string, password: string, loginVersion: number): Record<string, string> {
  const sha1Hex = (text: string) => createHash('sha1').update(text, 'utf8').digest('hex');
  const user = Buffer.from(sha1Hex(username)).toString('base64');
  return loginVersion === 2
    ? { password2: Buffer.from(sha1Hex(password)).toString('base64'), username: user }
    : { password: Buffer.from(password, 'utf8').toString('base64'), username: user };
}

import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import {
  ecbDecrypt,
  ecbEncrypt,
  hmacSha256,
  sessionKey34,
  sign31,
  versionHeader,
  withoutVersionHeader,
} from '../cipher.ts';
import { decode55aa, encode55aa, type Frame55aa, type Integrity, MAX_FRAME_BYTES, TuyaCommand } from '../frame.ts';

/** What a connection needs of its device: version, keys and the data points it reads and writes. */
export interface TuyaDeviceState {
  version: '3.1' | '3.3' | '3.4';
  gwId: string;
  localKey: string;
  dps: Record<string, boolean | number | string>;
}

type Reply = { cmd: number; payload: Buffer };

const PREFIX = Buffer.from('000055aa', 'hex');

/**
 * One client connection to a simulated Tuya device's TCP 6668 (tinytuya PROTOCOL.md; what tuyapi 7.7.1 and tinytuya
 * send). 3.1: plaintext DP_QUERY answers, CONTROL signed with the MD5 of the local key; 3.3: AES-ECB with the local
 * key; 3.4: the session key negotiation, then AES-ECB with the session key and HMAC-SHA256 frames. A frame with a
 * bad CRC or HMAC, a payload that does not decrypt, or a wrong signature gets no answer, as on a real device; bytes
 * that are not a frame at all drop the buffer. Every answer echoes the request's sequence number.
 */
export class SimulatedTuyaConnection {
  readonly #device: TuyaDeviceState;
  readonly #socket: Socket;
  readonly #key: Buffer;
  #buffer = Buffer.alloc(0);
  #clientNonce: Buffer | undefined;
  #deviceNonce: Buffer | undefined;
  #sessionKey: Buffer | undefined;

  constructor(device: TuyaDeviceState, socket: Socket) {
    this.#device = device;
    this.#socket = socket;
    this.#key = Buffer.from(device.localKey, 'utf8');
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
  }

  /** CRC32 up to 3.3; HMAC with the local key during negotiation and with the session key after it (3.4). */
  #integrity(): Integrity {
    if (this.#device.version !== '3.4') return { kind: 'crc' };
    return { kind: 'hmac', key: this.#sessionKey ?? this.#key };
  }

  #onData(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    if (this.#buffer.length > MAX_FRAME_BYTES) {
      this.#socket.destroy();
      return;
    }
    for (;;) {
      const decoded = decode55aa(this.#buffer, this.#integrity(), false);
      if (decoded.ok === 'partial') return;
      if (decoded.ok === false) {
        // A bad CRC or HMAC, or garbage: ignored; the device resynchronises on the next 000055AA prefix.
        const next = this.#buffer.indexOf(PREFIX, 1);
        this.#buffer = next === -1 ? Buffer.alloc(0) : Buffer.from(this.#buffer.subarray(next));
        continue;
      }
      this.#buffer = Buffer.from(decoded.rest);
      for (const reply of this.#handle(decoded.frame)) this.#send(decoded.frame.seq, reply);
    }
  }

  #send(seq: number, reply: Reply): void {
    if (this.#socket.destroyed) return;
    this.#socket.write(encode55aa({ seq, cmd: reply.cmd, retcode: 0, payload: reply.payload }, this.#integrity()));
  }

  #handle(frame: Frame55aa): Reply[] {
    switch (frame.cmd) {
      case TuyaCommand.HEART_BEAT:
        return [{ cmd: TuyaCommand.HEART_BEAT, payload: Buffer.alloc(0) }];
      case TuyaCommand.SESS_KEY_NEG_START:
        return this.#negotiationStart(frame.payload);
      case TuyaCommand.SESS_KEY_NEG_FINISH:
        this.#negotiationFinish(frame.payload);
        return [];
      case TuyaCommand.DP_QUERY:
      case TuyaCommand.DP_QUERY_NEW:
        return this.#query(frame);
      case TuyaCommand.CONTROL:
      case TuyaCommand.CONTROL_NEW:
        return this.#control(frame);
      default:
        return [];
    }
  }

  /** 3.4 step 1 → 2: our nonce and the HMAC of the client's, encrypted with the local key. */
  #negotiationStart(payload: Buffer): Reply[] {
    if (this.#device.version !== '3.4') return [];
    const nonce = ecbDecrypt(this.#key, payload)?.subarray(0, 16);
    if (nonce?.length !== 16) return [];
    this.#clientNonce = Buffer.from(nonce);
    this.#deviceNonce = randomBytes(16);
    this.#sessionKey = undefined;
    const body = Buffer.concat([this.#deviceNonce, hmacSha256(this.#key, this.#clientNonce)]);
    return [{ cmd: TuyaCommand.SESS_KEY_NEG_RES, payload: ecbEncrypt(this.#key, body) }];
  }

  /** 3.4 step 3: the client proves the key with the HMAC of our nonce; both sides derive the session key. */
  #negotiationFinish(payload: Buffer): void {
    if (!this.#clientNonce || !this.#deviceNonce) return;
    const proof = ecbDecrypt(this.#key, payload)?.subarray(0, 32);
    if (!proof?.equals(hmacSha256(this.#key, this.#deviceNonce))) return;
    this.#sessionKey = sessionKey34(this.#key, this.#clientNonce, this.#deviceNonce);
  }

  #query(frame: Frame55aa): Reply[] {
    const version = this.#device.version;
    if (version === '3.4' && !this.#sessionKey) return [];
    if (version !== '3.1' && !this.#open(frame.payload)) return [];
    const status = version === '3.4' ? { dps: this.#device.dps } : { devId: this.#device.gwId, dps: this.#device.dps };
    return [{ cmd: frame.cmd, payload: this.#seal(Buffer.from(JSON.stringify(status)), false) }];
  }

  #control(frame: Frame55aa): Reply[] {
    if (this.#device.version === '3.4' && !this.#sessionKey) return [];
    const plain = this.#open(frame.payload);
    const body = plain ? parseObject(plain) : undefined;
    // 3.4 wraps the command: {"data":{"dps":{…}},"protocol":5,"t":…}.
    const inner =
      body && typeof body.data === 'object' && body.data !== null ? (body.data as Record<string, unknown>) : body;
    const dps = inner?.dps;
    if (typeof dps !== 'object' || dps === null) return [];
    for (const [id, value] of Object.entries(dps)) {
      if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string')
        this.#device.dps[id] = value;
    }
    const t = Math.floor(Date.now() / 1000);
    const update =
      this.#device.version === '3.4'
        ? { protocol: 4, t, data: { dps: this.#device.dps } }
        : { devId: this.#device.gwId, dps: this.#device.dps, t };
    return [
      { cmd: frame.cmd, payload: Buffer.alloc(0) },
      { cmd: TuyaCommand.STATUS, payload: this.#seal(Buffer.from(JSON.stringify(update)), true) },
    ];
  }

  /** A client payload's plaintext: 3.1 CONTROL checks the MD5 signature; 3.3/3.4 decrypt (after the version header). */
  #open(payload: Buffer): Buffer | undefined {
    const version = this.#device.version;
    if (version === '3.1') {
      if (!payload.subarray(0, 3).equals(Buffer.from('3.1'))) return payload;
      const signature = payload.subarray(3, 19).toString('latin1');
      const base64 = payload.subarray(19).toString('latin1');
      if (signature !== sign31(base64, this.#device.localKey)) return undefined;
      return ecbDecrypt(this.#key, Buffer.from(base64, 'base64'));
    }
    if (version === '3.3') return ecbDecrypt(this.#key, withoutVersionHeader(payload));
    const plain = ecbDecrypt(this.#sessionKey ?? this.#key, payload);
    return plain ? withoutVersionHeader(plain) : undefined;
  }

  /** A device payload: 3.1 status in plaintext (pushes signed and encrypted), 3.3 ECB, 3.4 ECB with the session key. */
  #seal(json: Buffer, push: boolean): Buffer {
    const version = this.#device.version;
    if (version === '3.1') {
      if (!push) return json;
      const base64 = ecbEncrypt(this.#key, json).toString('base64');
      return Buffer.from(`3.1${sign31(base64, this.#device.localKey)}${base64}`, 'latin1');
    }
    if (version === '3.3') {
      const sealed = ecbEncrypt(this.#key, json);
      return push ? Buffer.concat([versionHeader('3.3'), sealed]) : sealed;
    }
    const inner = push ? Buffer.concat([versionHeader('3.4'), json]) : json;
    return ecbEncrypt(this.#sessionKey ?? this.#key, inner);
  }
}

function parseObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

import {
  decodeNoiseMessage,
  encodeNoiseFrame,
  encodeNoiseMessage,
  encodeNoiseReject,
  NOISE_INDICATOR,
  parseNoiseFrame,
} from '../api-frame.ts';
import { NoiseHandshake, type NoiseTransport } from '../noise-handshake.ts';
import type { EsphomeNode } from './api-session.ts';

/** The prologue's fixed start; the client hello's length and bytes follow it (api_frame_helper_noise.cpp, init). */
const PROLOGUE_INIT = Buffer.from('NoiseAPIInit', 'ascii');

type Stage = 'client-hello' | 'handshake' | 'data';

/**
 * The node side of the encrypted native API, following api_frame_helper_noise.cpp state by state:
 * 1. CLIENT_HELLO: any frame; its bytes complete the prologue `"NoiseAPIInit" + uint16 length + hello`.
 * 2. SERVER_HELLO: `0x01` (chosen protocol), the node name, NUL, the MAC in hex, NUL.
 * 3. HANDSHAKE: `0x00` + Noise message 1 from the client; the node answers `0x00` + message 2, or an explicit
 *    rejection (`0x01` + reason) and closes: "Handshake MAC failure" when the client holds another key.
 * 4. DATA: each frame is one ChaCha20-Poly1305 message carrying `uint16 type, uint16 length, payload`. A frame that
 *    does not decrypt closes the connection without a word, as the node's FAILED state does.
 */
export class NoiseServerTransport {
  readonly #node: EsphomeNode;
  readonly #write: (bytes: Buffer) => void;
  readonly #close: (last?: Buffer) => void;
  readonly #deliver: (type: number, payload: Buffer) => void;
  #stage: Stage = 'client-hello';
  #handshake: NoiseHandshake | undefined;
  #transport: NoiseTransport | undefined;
  #closed = false;

  constructor(options: {
    node: EsphomeNode;
    write: (bytes: Buffer) => void;
    close: (last?: Buffer) => void;
    deliver: (type: number, payload: Buffer) => void;
  }) {
    this.#node = options.node;
    this.#write = options.write;
    this.#close = (last) => {
      this.#closed = true;
      options.close(last);
    };
    this.#deliver = options.deliver;
  }

  /** Consumes every complete frame in `buffer`; returns the bytes of a frame still incomplete. */
  receive(buffer: Buffer): Buffer {
    let rest = buffer;
    while (!this.#closed && rest.length >= 3) {
      // try_read_frame_ reads the 3-byte header before it looks at the indicator.
      if (rest[0] !== NOISE_INDICATOR) {
        this.#reject(this.#stage === 'data' ? undefined : 'Bad indicator byte');
        return Buffer.alloc(0);
      }
      const frame = parseNoiseFrame(rest);
      if (!frame) return rest;
      rest = rest.subarray(frame.length);
      this.#onFrame(frame.payload);
    }
    return rest;
  }

  /** Encrypts and writes one API message; nothing goes out before the handshake is done. */
  send(type: number, payload?: Buffer): void {
    if (!this.#transport || this.#closed) return;
    this.#write(
      encodeNoiseFrame(this.#transport.send.encryptWithAd(Buffer.alloc(0), encodeNoiseMessage(type, payload))),
    );
  }

  #onFrame(payload: Buffer): void {
    if (this.#stage === 'client-hello') this.#clientHello(payload);
    else if (this.#stage === 'handshake') this.#clientHandshake(payload);
    else this.#data(payload);
  }

  #clientHello(hello: Buffer): void {
    const length = Buffer.alloc(2);
    length.writeUInt16BE(hello.length);
    this.#handshake = new NoiseHandshake({
      role: 'responder',
      psk: this.#node.psk as Buffer,
      prologue: Buffer.concat([PROLOGUE_INIT, length, hello]),
    });
    const serverHello = Buffer.concat([
      Buffer.from([0x01]),
      Buffer.from(`${this.#node.name}\0${this.#node.macHex}\0`, 'utf8'),
    ]);
    this.#write(encodeNoiseFrame(serverHello));
    this.#stage = 'handshake';
  }

  #clientHandshake(frame: Buffer): void {
    const handshake = this.#handshake as NoiseHandshake;
    if (frame.length === 0 || frame[0] !== 0x00) {
      this.#reject(frame.length === 0 ? 'Empty handshake message' : 'Bad handshake error byte');
      return;
    }
    const read = handshake.readMessage(frame.subarray(1));
    if (!read.ok) {
      this.#reject(read.failure === 'mac' ? 'Handshake MAC failure' : 'Handshake error');
      return;
    }
    this.#write(encodeNoiseFrame(Buffer.concat([Buffer.from([0x00]), handshake.writeMessage()])));
    this.#transport = handshake.transport();
    this.#stage = 'data';
  }

  #data(frame: Buffer): void {
    const plaintext = this.#transport?.receive.decryptWithAd(Buffer.alloc(0), frame);
    const message = plaintext ? decodeNoiseMessage(plaintext) : undefined;
    if (message) this.#deliver(message.type, message.payload);
    else this.#reject(undefined);
  }

  /** send_explicit_handshake_reject_ then close; after the handshake a node just closes. */
  #reject(reason: string | undefined): void {
    this.#close(reason === undefined ? undefined : encodeNoiseReject(reason));
  }
}

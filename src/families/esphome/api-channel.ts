import { type Endpoint, ProtocolError } from '../../errors/index.ts';
import {
  decodeNoiseMessage,
  encodeNoiseFrame,
  encodeNoiseMessage,
  encodePlaintextFrame,
  PLAINTEXT_INDICATOR,
  parseNoiseFrame,
  parsePlaintextFrame,
} from './api-frame.ts';
import type { EsphomeApiSocket } from './api-socket.ts';
import type { NoiseTransport } from './noise-handshake.ts';
import { decodeVarint } from './protobuf.ts';

/**
 * The largest single API message a client accepts. A Noise frame cannot be larger (its length is 16 bits); the
 * plaintext framing could claim anything, so it gets the same cap rather than waiting for gigabytes.
 */
export const MAX_MESSAGE_BYTES = 0xffff;

/** One API message: its type id (api.proto `option (id)`) and protobuf payload. */
export interface ApiMessage {
  type: number;
  payload: Buffer;
}

/** API messages over one connection, whichever transport frames them. */
export interface EsphomeApiChannel {
  readonly transport: 'plaintext' | 'noise';
  readonly endpoint: Endpoint;
  send(type: number, payload?: Buffer): void;
  /** The next message; `closedMidway` says what was being read, for the error when the node hangs up. */
  receive(closedMidway: string): Promise<ApiMessage>;
}

/**
 * Runs a decoder on a message from the node; the protobuf layer's ProtocolError names no endpoint, so it is rethrown
 * with the node's.
 */
export function decodeFrom<T>(endpoint: Endpoint, decode: () => T): T {
  try {
    return decode();
  } catch (error) {
    if (error instanceof ProtocolError && error.endpoint === undefined) {
      throw new ProtocolError(endpoint, `malformed message: ${error.message}`, error);
    }
    throw error;
  }
}

/** A plaintext frame, refusing a declared size over the cap before its bytes arrive. */
function plaintextMessage(buffer: Buffer): { value: ApiMessage; length: number } | undefined {
  if (buffer.length > 0 && buffer[0] !== PLAINTEXT_INDICATOR) {
    throw new ProtocolError(undefined, `frame indicator 0x${buffer[0]?.toString(16)} is not plaintext (0x00)`);
  }
  const size = buffer.length > 1 ? decodeVarint(buffer, 1) : undefined;
  if (size && size.value > MAX_MESSAGE_BYTES) {
    throw new ProtocolError(undefined, `a message of ${size.value} bytes is over the ${MAX_MESSAGE_BYTES}-byte cap`);
  }
  const frame = parsePlaintextFrame(buffer);
  return frame ? { value: { type: frame.type, payload: frame.payload }, length: frame.length } : undefined;
}

/** `0x00, varint length, varint type, payload` (api.proto, "BASE PACKETS"). */
export function plaintextChannel(socket: EsphomeApiSocket): EsphomeApiChannel {
  return {
    transport: 'plaintext',
    endpoint: socket.endpoint,
    send: (type, payload) => socket.write(encodePlaintextFrame(type, payload)),
    receive: (closedMidway) => socket.read(plaintextMessage, closedMidway),
  };
}

/** A raw Noise frame's payload (handshake stage). */
export function noiseFrame(buffer: Buffer): { value: Buffer; length: number } | undefined {
  const frame = parseNoiseFrame(buffer);
  return frame ? { value: frame.payload, length: frame.length } : undefined;
}

/**
 * After the handshake every frame is one ChaCha20-Poly1305 message holding `uint16 type, uint16 length, payload`
 * (api_frame_helper_noise.cpp). A frame that does not decrypt is a ProtocolError: the stream cannot be trusted on.
 */
export function noiseChannel(socket: EsphomeApiSocket, ciphers: NoiseTransport): EsphomeApiChannel {
  const none = Buffer.alloc(0);
  return {
    transport: 'noise',
    endpoint: socket.endpoint,
    send: (type, payload) =>
      socket.write(encodeNoiseFrame(ciphers.send.encryptWithAd(none, encodeNoiseMessage(type, payload)))),
    async receive(closedMidway) {
      const frame = await socket.read(noiseFrame, closedMidway);
      const plaintext = ciphers.receive.decryptWithAd(none, frame);
      if (!plaintext) throw new ProtocolError(socket.endpoint, 'an encrypted frame did not decrypt (bad tag)');
      const message = decodeNoiseMessage(plaintext);
      if (!message) throw new ProtocolError(socket.endpoint, 'an encrypted frame holds no whole API message');
      return message;
    },
  };
}

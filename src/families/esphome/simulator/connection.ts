import type { Socket } from 'node:net';
import {
  encodePlaintextFrame,
  PLAINTEXT_BAD_INDICATOR_REPLY,
  PLAINTEXT_INDICATOR,
  parsePlaintextFrame,
} from '../api-frame.ts';
import { EsphomeApiSession, type EsphomeNode } from './api-session.ts';
import { NoiseServerTransport } from './noise-transport.ts';

export type { EsphomeNode } from './api-session.ts';

/** A client may not send more than this before the node gives up on it (the real limit is far lower). */
const MAX_BUFFERED_BYTES = 64 * 1024;

/**
 * One TCP connection to a simulated ESPHome node on port 6053. A plaintext node reads
 * `0x00, varint length, varint type, payload` frames (api_frame_helper_plaintext.cpp); a Noise node runs the
 * handshake and then reads encrypted frames (noise-transport.ts). Either way the messages go to one API session.
 */
export function serveEsphomeConnection(socket: Socket, node: EsphomeNode): void {
  let closed = false;
  let buffer: Buffer = Buffer.alloc(0);
  const close = (last?: Buffer): void => {
    if (closed) return;
    closed = true;
    session.closed();
    if (last) socket.end(last);
    else socket.end();
  };
  const session = new EsphomeApiSession(node, {
    send: (type, payload) => {
      if (closed) return;
      if (noise) noise.send(type, payload);
      else socket.write(encodePlaintextFrame(type, payload));
    },
    close: () => close(),
  });
  const noise =
    node.encryption === 'noise' && node.psk
      ? new NoiseServerTransport({
          node,
          write: (bytes) => {
            if (!closed) socket.write(bytes);
          },
          close,
          deliver: (type, payload) => session.handle(type, payload),
        })
      : undefined;

  socket.on('close', () => {
    if (!closed) {
      closed = true;
      session.closed();
    }
  });
  socket.on('data', (chunk: Buffer) => {
    if (closed) return;
    buffer = Buffer.concat([buffer, chunk]);
    if (buffer.length > MAX_BUFFERED_BYTES) {
      close();
      return;
    }
    try {
      if (noise) buffer = noise.receive(buffer);
      else buffer = drainPlaintext(buffer, session, close, () => closed);
    } catch {
      // Framing a node cannot parse (an over-long varint, a malformed protobuf) ends the connection.
      close();
    }
  });
}

/** Handles every complete plaintext frame in `buffer` and returns what is left. */
function drainPlaintext(
  buffer: Buffer,
  session: EsphomeApiSession,
  close: (last?: Buffer) => void,
  isClosed: () => boolean,
): Buffer {
  let rest = buffer;
  while (!isClosed() && rest.length > 0) {
    if (rest[0] !== PLAINTEXT_INDICATOR) {
      // api_frame_helper_plaintext.cpp answers another indicator with a raw 0x00 and "Bad indicator byte".
      close(PLAINTEXT_BAD_INDICATOR_REPLY);
      return Buffer.alloc(0);
    }
    const frame = parsePlaintextFrame(rest);
    if (!frame) return rest;
    rest = rest.subarray(frame.length);
    session.handle(frame.type, frame.payload);
  }
  return rest;
}

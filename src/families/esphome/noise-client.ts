import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import { normalizeMac } from '../../net/mac.ts';
import { noiseFrame } from './api-channel.ts';
import { encodeNoiseFrame, PLAINTEXT_INDICATOR } from './api-frame.ts';
import type { EsphomeApiSocket } from './api-socket.ts';
import { NoiseHandshake, type NoiseTransport } from './noise-handshake.ts';

/**
 * The client side of the encrypted native API (api_frame_helper_noise.cpp; aioesphomeapi's noise frame helper):
 * an empty client hello, the node's server hello (chosen protocol 0x01, node name, MAC), then Noise NNpsk0 with the
 * node's key, the prologue being `"NoiseAPIInit"`, the hello's length (uint16) and its bytes. The handshake message
 * goes out only after the server hello named the node we expect, so nothing derived from the key reaches a node
 * presenting another MAC than the scan recorded.
 */

/** What the node says about itself before the handshake. */
export interface NoiseServerHello {
  name: string;
  /** Colon form; undefined on firmware before the MAC was added to the hello. */
  mac: string | undefined;
}

export type NoiseClientResult = { kind: 'plaintext-node' } | { kind: 'ready'; ciphers: NoiseTransport };

const CLIENT_HELLO = Buffer.alloc(0);
const PROLOGUE = Buffer.concat([Buffer.from('NoiseAPIInit', 'ascii'), Buffer.from([0, CLIENT_HELLO.length])]);

/** A device-supplied string fit for an error message: printable, and short. */
export function printable(text: string, max = 80): string {
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

function parseServerHello(socket: EsphomeApiSocket, payload: Buffer): NoiseServerHello {
  if (payload[0] !== 0x01) {
    throw new ProtocolError(socket.endpoint, `the node chose Noise protocol 0x${payload[0]?.toString(16) ?? '??'}`);
  }
  const [name = '', mac = ''] = payload.subarray(1).toString('utf8').split('\0');
  return { name, mac: normalizeMac(mac) };
}

/** The node's answer to our handshake message: its message 2, or the reason it rejected ours. */
function handshakeAnswer(socket: EsphomeApiSocket, frame: Buffer): Buffer {
  if (frame[0] === 0x00) return frame.subarray(1);
  if (frame[0] !== 0x01) throw new ProtocolError(socket.endpoint, 'the Noise handshake answer has no status byte');
  const reason = printable(frame.subarray(1).toString('utf8'));
  // A node whose key differs cannot verify our message 1's tag and says so (send_explicit_handshake_reject_).
  if (reason.includes('MAC failure')) {
    throw new DeviceAuthError(socket.endpoint, `the node refused the configured encryption key ("${reason}")`);
  }
  throw new ProtocolError(socket.endpoint, `the node rejected the Noise handshake ("${reason}")`);
}

/**
 * Runs the handshake. `checkServer` sees the server hello before anything keyed is sent and throws to stop. A node
 * that answers with the plaintext indicator speaks no encryption: that is reported, not an error, and nothing keyed
 * was sent to it.
 */
export async function noiseClientHandshake(
  socket: EsphomeApiSocket,
  psk: Buffer,
  checkServer: (hello: NoiseServerHello) => void,
): Promise<NoiseClientResult> {
  socket.write(encodeNoiseFrame(CLIENT_HELLO));
  if ((await socket.firstByte()) === PLAINTEXT_INDICATOR) return { kind: 'plaintext-node' };
  const hello = parseServerHello(socket, await socket.read(noiseFrame, 'before its Noise server hello'));
  checkServer(hello);
  const handshake = new NoiseHandshake({ role: 'initiator', psk, prologue: PROLOGUE });
  socket.write(encodeNoiseFrame(Buffer.concat([Buffer.from([0x00]), handshake.writeMessage()])));
  const answer = handshakeAnswer(socket, await socket.read(noiseFrame, 'during the Noise handshake'));
  const read = handshake.readMessage(answer);
  if (!read.ok) {
    throw new ProtocolError(socket.endpoint, `the node's handshake message does not verify (${read.failure})`);
  }
  return { kind: 'ready', ciphers: handshake.transport() };
}

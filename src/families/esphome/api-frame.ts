import { ProtocolError } from '../../errors/index.ts';
import { decodeVarint, encodeVarint } from './protobuf.ts';

/**
 * Framing of the ESPHome native API on TCP 6053. The first byte of every frame says the transport:
 * - 0x00 plaintext: `0x00, varint(payload length), varint(message type), payload` (api.proto, "BASE PACKETS");
 * - 0x01 Noise: `0x01, uint16 big-endian length, payload` (esphome api_frame_helper_noise.cpp, try_read_frame_).
 * A device answers the wrong indicator with a short frame of its own kind, which is how a client learns which
 * transport the device wants.
 */
export const PLAINTEXT_INDICATOR = 0x00;
export const NOISE_INDICATOR = 0x01;

/** Message type ids from api.proto (`option (id)`). */
export const MESSAGE_TYPE = {
  helloRequest: 1,
  helloResponse: 2,
  connectRequest: 3,
  connectResponse: 4,
  disconnectRequest: 5,
  disconnectResponse: 6,
  pingRequest: 7,
  pingResponse: 8,
  deviceInfoRequest: 9,
  deviceInfoResponse: 10,
  listEntitiesRequest: 11,
  listEntitiesBinarySensorResponse: 12,
  listEntitiesLightResponse: 15,
  listEntitiesSensorResponse: 16,
  listEntitiesSwitchResponse: 17,
  listEntitiesTextSensorResponse: 18,
  listEntitiesDoneResponse: 19,
  subscribeStatesRequest: 20,
  binarySensorStateResponse: 21,
  lightStateResponse: 24,
  sensorStateResponse: 25,
  switchStateResponse: 26,
  textSensorStateResponse: 27,
  subscribeLogsRequest: 28,
  lightCommandRequest: 32,
  switchCommandRequest: 33,
  getTimeRequest: 36,
  getTimeResponse: 37,
} as const;

/**
 * What a plaintext device sends back to a frame with another indicator: a raw `0x00` then the text
 * "Bad indicator byte" (api_frame_helper_plaintext.cpp, read_packet), so the peer sees a plaintext indicator.
 */
export const PLAINTEXT_BAD_INDICATOR_REPLY = Buffer.concat([Buffer.from([0x00]), Buffer.from('Bad indicator byte')]);

export interface PlaintextFrame {
  type: number;
  payload: Buffer;
  /** Bytes the whole frame took, so a reader can drop it from its buffer. */
  length: number;
}

export function encodePlaintextFrame(type: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.concat([Buffer.from([PLAINTEXT_INDICATOR]), encodeVarint(payload.length), encodeVarint(type), payload]);
}

/** The first complete plaintext frame in `data`, or undefined while more bytes are needed. */
export function parsePlaintextFrame(data: Buffer): PlaintextFrame | undefined {
  if (data.length === 0) return undefined;
  if (data[0] !== PLAINTEXT_INDICATOR) {
    throw new ProtocolError(undefined, `ESPHome frame indicator 0x${hex(data[0] ?? 0)} is not plaintext (0x00)`);
  }
  const size = decodeVarint(data, 1);
  if (!size) return undefined;
  const type = decodeVarint(data, size.next);
  if (!type) return undefined;
  const end = type.next + size.value;
  if (data.length < end) return undefined;
  return { type: type.value, payload: data.subarray(type.next, end), length: end };
}

export interface NoiseFrame {
  payload: Buffer;
  length: number;
}

export function encodeNoiseFrame(payload: Buffer): Buffer {
  const header = Buffer.from([NOISE_INDICATOR, 0, 0]);
  header.writeUInt16BE(payload.length, 1);
  return Buffer.concat([header, payload]);
}

/** The first complete Noise-transport frame in `data`, or undefined while more bytes are needed. */
export function parseNoiseFrame(data: Buffer): NoiseFrame | undefined {
  if (data.length < 3) return undefined;
  if (data[0] !== NOISE_INDICATOR) {
    throw new ProtocolError(undefined, `ESPHome frame indicator 0x${hex(data[0] ?? 0)} is not Noise (0x01)`);
  }
  const end = 3 + data.readUInt16BE(1);
  if (data.length < end) return undefined;
  return { payload: data.subarray(3, end), length: end };
}

/**
 * Inside a Noise transport message the API message is `uint16 type, uint16 length, payload`, big-endian
 * (api_frame_helper_noise.cpp, read_packet and write_protobuf_packet).
 */
export function encodeNoiseMessage(type: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(payload.length, 2);
  return Buffer.concat([header, payload]);
}

/** The API message in a decrypted Noise transport message, or undefined when it is too short or cut off. */
export function decodeNoiseMessage(data: Buffer): { type: number; payload: Buffer } | undefined {
  if (data.length < 4) return undefined;
  const length = data.readUInt16BE(2);
  if (length > data.length - 4) return undefined;
  return { type: data.readUInt16BE(0), payload: data.subarray(4, 4 + length) };
}

/**
 * The explicit handshake rejection a Noise device sends before closing: a frame whose payload is 0x01 (failure)
 * and a reason such as "Bad indicator byte" or "Handshake MAC failure" (api_frame_helper_noise.cpp,
 * send_explicit_handshake_reject_).
 */
export function encodeNoiseReject(reason: string): Buffer {
  return encodeNoiseFrame(Buffer.concat([Buffer.from([0x01]), Buffer.from(reason, 'utf8')]));
}

/** Reads the reason out of a handshake rejection payload, or undefined when the payload is not one. */
export function noiseRejectReason(payload: Buffer): string | undefined {
  return payload[0] === 0x01 && payload.length > 1 ? payload.subarray(1).toString('utf8') : undefined;
}

/** Up to `max` bytes as spaced hex, for Evidence. */
export function hexPreview(data: Buffer, max = 24): string {
  const shown = [...data.subarray(0, max)].map(hex).join(' ');
  return data.length > max ? `${shown} …(${data.length} bytes)` : shown;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

import { decodeMessage, ProtoWriter } from './protobuf.ts';

/**
 * The handshake and device-info messages of the ESPHome native API. Field numbers are those of api.proto
 * (esphome/components/api/api.proto); only the fields iotwarden reads or the lab serves are listed.
 */

export interface HelloRequest {
  clientInfo: string;
  apiVersionMajor: number;
  apiVersionMinor: number;
}

export function encodeHelloRequest(message: HelloRequest): Buffer {
  return new ProtoWriter()
    .string(1, message.clientInfo)
    .uint32(2, message.apiVersionMajor)
    .uint32(3, message.apiVersionMinor)
    .finish();
}

export function decodeHelloRequest(payload: Buffer): HelloRequest {
  const f = decodeMessage(payload);
  return { clientInfo: f.string(1), apiVersionMajor: f.uint32(2), apiVersionMinor: f.uint32(3) };
}

export interface HelloResponse {
  apiVersionMajor: number;
  apiVersionMinor: number;
  /** e.g. `living-room (esphome v2024.6.1)` */
  serverInfo: string;
  name: string;
}

export function encodeHelloResponse(message: HelloResponse): Buffer {
  return new ProtoWriter()
    .uint32(1, message.apiVersionMajor)
    .uint32(2, message.apiVersionMinor)
    .string(3, message.serverInfo)
    .string(4, message.name)
    .finish();
}

export function decodeHelloResponse(payload: Buffer): HelloResponse {
  const f = decodeMessage(payload);
  return { apiVersionMajor: f.uint32(1), apiVersionMinor: f.uint32(2), serverInfo: f.string(3), name: f.string(4) };
}

/** ConnectRequest (3) carries the legacy API password in clear text; removed from ESPHome in 2026.1. */
export function encodeConnectRequest(password: string): Buffer {
  return new ProtoWriter().string(1, password).finish();
}

export function decodeConnectRequest(payload: Buffer): { password: string } {
  return { password: decodeMessage(payload).string(1) };
}

export function encodeConnectResponse(invalidPassword: boolean): Buffer {
  return new ProtoWriter().bool(1, invalidPassword).finish();
}

export function decodeConnectResponse(payload: Buffer): { invalidPassword: boolean } {
  return { invalidPassword: decodeMessage(payload).bool(1) };
}

export interface DeviceInfoResponse {
  usesPassword: boolean;
  /** The node name (also its hostname). */
  name: string;
  /** `AC:BC:32:89:0E:A9` style. */
  macAddress: string;
  esphomeVersion: string;
  compilationTime: string;
  /** The board, e.g. `esp32dev`. */
  model: string;
  hasDeepSleep: boolean;
  projectName: string;
  projectVersion: string;
  webserverPort: number;
  manufacturer: string;
  friendlyName: string;
  suggestedArea: string;
  apiEncryptionSupported: boolean;
}

export function encodeDeviceInfoResponse(message: DeviceInfoResponse): Buffer {
  return new ProtoWriter()
    .bool(1, message.usesPassword)
    .string(2, message.name)
    .string(3, message.macAddress)
    .string(4, message.esphomeVersion)
    .string(5, message.compilationTime)
    .string(6, message.model)
    .bool(7, message.hasDeepSleep)
    .string(8, message.projectName)
    .string(9, message.projectVersion)
    .uint32(10, message.webserverPort)
    .string(12, message.manufacturer)
    .string(13, message.friendlyName)
    .string(16, message.suggestedArea)
    .bool(19, message.apiEncryptionSupported)
    .finish();
}

export function decodeDeviceInfoResponse(payload: Buffer): DeviceInfoResponse {
  const f = decodeMessage(payload);
  return {
    usesPassword: f.bool(1),
    name: f.string(2),
    macAddress: f.string(3),
    esphomeVersion: f.string(4),
    compilationTime: f.string(5),
    model: f.string(6),
    hasDeepSleep: f.bool(7),
    projectName: f.string(8),
    projectVersion: f.string(9),
    webserverPort: f.uint32(10),
    manufacturer: f.string(12),
    friendlyName: f.string(13),
    suggestedArea: f.string(16),
    apiEncryptionSupported: f.bool(19),
  };
}

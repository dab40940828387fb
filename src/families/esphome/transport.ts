import { ProtocolError } from '../../errors/index.ts';
import { tcpExchange } from '../../net/tcp-exchange.ts';
import type { Evidence } from '../facts.ts';
import {
  encodePlaintextFrame,
  hexPreview,
  MESSAGE_TYPE,
  NOISE_INDICATOR,
  noiseRejectReason,
  PLAINTEXT_INDICATOR,
  type PlaintextFrame,
  parseNoiseFrame,
  parsePlaintextFrame,
} from './api-frame.ts';
import {
  type DeviceInfoResponse,
  decodeDeviceInfoResponse,
  decodeHelloResponse,
  encodeHelloRequest,
  type HelloResponse,
} from './api-messages.ts';

/** The API version iotwarden announces; nodes answer with their own and never refuse a 1.x client. */
const CLIENT_API_VERSION = { major: 1, minor: 10 };

export type EsphomeProbeResult =
  | { transport: 'plaintext'; hello: HelloResponse; deviceInfo: DeviceInfoResponse | undefined; evidence: Evidence }
  | { transport: 'noise'; rejectReason: string | undefined; evidence: Evidence };

/**
 * Speaks first to port 6053 the way a plaintext client does: HelloRequest then DeviceInfoRequest in one write
 * (DeviceInfo needs no password, api.proto `needs_authentication = false`). The first byte back tells the transport:
 * 0x00 is a plaintext node that answers, 0x01 a node with API encryption that rejects us with a Noise frame.
 * Returns undefined when whatever listens there is not an ESPHome node.
 */
export async function probeEsphomeApi(options: {
  host: string;
  port: number;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}): Promise<EsphomeProbeResult | undefined> {
  const sent = Buffer.concat([
    encodePlaintextFrame(
      MESSAGE_TYPE.helloRequest,
      encodeHelloRequest({
        clientInfo: 'iotwarden',
        apiVersionMajor: CLIENT_API_VERSION.major,
        apiVersionMinor: CLIENT_API_VERSION.minor,
      }),
    ),
    encodePlaintextFrame(MESSAGE_TYPE.deviceInfoRequest),
  ]);
  const answer = await tcpExchange({
    host: options.host,
    port: options.port,
    send: sent,
    complete: isCompleteAnswer,
    timeoutMs: options.timeoutMs,
    maxBytes: options.maxBytes,
    ...(options.signal ? { signal: options.signal } : {}),
    partialOnTimeout: true,
  });
  const sentText = `TCP ${options.port} plaintext HelloRequest(client_info="iotwarden") + DeviceInfoRequest: ${hexPreview(sent, 12)}`;
  if (answer[0] === NOISE_INDICATOR) {
    const frame = safely(() => parseNoiseFrame(answer));
    if (!frame) return undefined;
    const reason = noiseRejectReason(frame.payload);
    return {
      transport: 'noise',
      rejectReason: reason,
      evidence: {
        sent: sentText,
        received: `${hexPreview(answer)} (Noise frame${reason ? `, handshake rejected: "${reason}"` : ''}: API encryption required)`,
      },
    };
  }
  if (answer[0] !== PLAINTEXT_INDICATOR) return undefined;
  const frames = safely(() => plaintextFrames(answer)) ?? [];
  const helloFrame = frames.find((f) => f.type === MESSAGE_TYPE.helloResponse);
  if (!helloFrame) return undefined;
  const hello = safely(() => decodeHelloResponse(helloFrame.payload));
  if (!hello) return undefined;
  const infoFrame = frames.find((f) => f.type === MESSAGE_TYPE.deviceInfoResponse);
  const deviceInfo = infoFrame ? safely(() => decodeDeviceInfoResponse(infoFrame.payload)) : undefined;
  const summary = deviceInfo
    ? `DeviceInfoResponse uses_password=${deviceInfo.usesPassword} esphome_version=${deviceInfo.esphomeVersion}`
    : 'no DeviceInfoResponse';
  return {
    transport: 'plaintext',
    hello,
    deviceInfo,
    evidence: {
      sent: sentText,
      received: `${hexPreview(answer, 16)} (plaintext HelloResponse server_info="${hello.serverInfo}"; ${summary})`,
    },
  };
}

/** Done once DeviceInfo arrived (plaintext), a whole Noise frame arrived, or the bytes are neither protocol. */
function isCompleteAnswer(data: Buffer): boolean {
  if (data[0] === NOISE_INDICATOR) return safely(() => parseNoiseFrame(data)) !== undefined;
  if (data[0] !== PLAINTEXT_INDICATOR) return true;
  const frames = safely(() => plaintextFrames(data));
  return frames === undefined || frames.some((f) => f.type === MESSAGE_TYPE.deviceInfoResponse);
}

function plaintextFrames(data: Buffer): PlaintextFrame[] {
  const frames: PlaintextFrame[] = [];
  let rest = data;
  for (let frame = parsePlaintextFrame(rest); frame; frame = parsePlaintextFrame(rest)) {
    frames.push(frame);
    rest = rest.subarray(frame.length);
  }
  return frames;
}

/** Garbage from a non-ESPHome service is a normal outcome of probing, not an error to surface. */
function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof ProtocolError) return undefined;
    throw error;
  }
}

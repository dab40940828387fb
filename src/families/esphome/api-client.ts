import { DeviceAuthError, type Endpoint, ProtocolError } from '../../errors/index.ts';
import { normalizeMac } from '../../net/mac.ts';
import type { Credential } from '../device-adapter.ts';
import { credentialFor, type InstallContext, type InstallDevice } from '../installer.ts';
import { type ApiMessage, decodeFrom, type EsphomeApiChannel, noiseChannel, plaintextChannel } from './api-channel.ts';
import { MESSAGE_TYPE, NOISE_INDICATOR } from './api-frame.ts';
import {
  type DeviceInfoResponse,
  decodeConnectResponse,
  decodeDeviceInfoResponse,
  decodeHelloResponse,
  encodeConnectRequest,
  encodeHelloRequest,
} from './api-messages.ts';
import { EsphomeApiSocket } from './api-socket.ts';
import { noiseClientHandshake } from './noise-client.ts';

/** The native API port (esphome api component, `port:` default). */
export const ESPHOME_API_PORT = 6053;

/** The API version iotwarden announces; nodes answer with their own and never refuse a 1.x client. */
const CLIENT_API_VERSION = { major: 1, minor: 10 };

/** Messages a node may put before the answer we wait for (a ping, a time request) before we call it garbage. */
const MAX_MESSAGES_BEFORE_ANSWER = 32;

/** A logged-in API connection: messages go through `channel`; `close` ends it. */
export interface EsphomeSession {
  channel: EsphomeApiChannel;
  deviceInfo: DeviceInfoResponse;
  endpoint: Endpoint;
  /** What was sent, for Evidence (never a key or password). */
  sent: string[];
  close(): void;
}

/**
 * Credentials for the native API, looked up through the trust gate as every family does (`credentialFor`):
 * `apiKey` is the node's `api: encryption: key:` (base64 of 32 bytes), `password` its legacy `api: password:`.
 */
function encryptionKeyOf(credential: Credential | undefined, endpoint: Endpoint): Buffer | undefined {
  if (credential?.apiKey === undefined) return undefined;
  const key = Buffer.from(credential.apiKey, 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/]{43}=$/.test(credential.apiKey)) {
    throw new DeviceAuthError(
      endpoint,
      'the configured esphome apiKey is not an ESPHome encryption key (the base64 of 32 bytes from api: encryption: key:)',
    );
  }
  return key;
}

function noKey(endpoint: Endpoint): DeviceAuthError {
  return new DeviceAuthError(
    endpoint,
    "API encryption is on and no encryption key is configured for this node (credentials, family esphome, apiKey: the YAML's api: encryption: key:)",
  );
}

/** The node must present the MAC the last scan recorded before anything secret goes to it. */
function checkMac(endpoint: Endpoint, expected: string | undefined, presented: string | undefined): void {
  const mac = normalizeMac(presented);
  if (expected === undefined || mac === undefined || normalizeMac(expected) === mac) return;
  throw new DeviceAuthError(
    endpoint,
    `the node presents MAC ${mac} but the scan recorded ${expected}: nothing secret was sent (scan it again)`,
  );
}

/** The next message of `type`, answering the node's pings on the way. */
export async function expectMessage(channel: EsphomeApiChannel, type: number, what: string): Promise<ApiMessage> {
  for (let skipped = 0; skipped <= MAX_MESSAGES_BEFORE_ANSWER; skipped++) {
    const message = await channel.receive(`before its ${what}`);
    if (message.type === type) return message;
    if (message.type === MESSAGE_TYPE.pingRequest) channel.send(MESSAGE_TYPE.pingResponse);
  }
  throw new ProtocolError(undefined, `the node sent ${MAX_MESSAGES_BEFORE_ANSWER} other messages instead of ${what}`);
}

/**
 * Hello and DeviceInfo (which needs no login), then ConnectRequest where the node needs it: always for a password,
 * and for a node without one only before API 1.12 (from 1.12 Hello authenticates; api_connection.cpp). The
 * password goes only to a node that asks for it and presents the recorded MAC.
 */
async function login(
  channel: EsphomeApiChannel,
  endpoint: Endpoint,
  device: InstallDevice,
  credential: Credential | undefined,
): Promise<DeviceInfoResponse> {
  const helloMessage = await expectMessage(channel, MESSAGE_TYPE.helloResponse, 'HelloResponse');
  const hello = decodeFrom(endpoint, () => decodeHelloResponse(helloMessage.payload));
  if (hello.apiVersionMajor !== CLIENT_API_VERSION.major) {
    throw new ProtocolError(endpoint, `the node speaks API ${hello.apiVersionMajor}.x, iotwarden speaks 1.x`);
  }
  const infoMessage = await expectMessage(channel, MESSAGE_TYPE.deviceInfoResponse, 'DeviceInfoResponse');
  const info = decodeFrom(endpoint, () => decodeDeviceInfoResponse(infoMessage.payload));
  const password = info.usesPassword ? credential?.password : undefined;
  if (info.usesPassword && password === undefined) {
    throw new DeviceAuthError(
      endpoint,
      'the node asks for an API password and none is configured (credentials, family esphome, password)',
    );
  }
  if (password !== undefined) checkMac(endpoint, device.facts.mac, info.macAddress);
  if (password !== undefined || hello.apiVersionMinor < 12) {
    channel.send(MESSAGE_TYPE.connectRequest, encodeConnectRequest(password ?? ''));
    const answer = await expectMessage(channel, MESSAGE_TYPE.connectResponse, 'ConnectResponse');
    if (decodeFrom(endpoint, () => decodeConnectResponse(answer.payload)).invalidPassword) {
      throw new DeviceAuthError(endpoint, `the node refused the ${password ? 'configured API password' : 'login'}`);
    }
  }
  return info;
}

function sendHello(channel: EsphomeApiChannel): void {
  channel.send(
    MESSAGE_TYPE.helloRequest,
    encodeHelloRequest({
      clientInfo: 'iotwarden',
      apiVersionMajor: CLIENT_API_VERSION.major,
      apiVersionMinor: CLIENT_API_VERSION.minor,
    }),
  );
  channel.send(MESSAGE_TYPE.deviceInfoRequest);
}

type Attempt = { kind: 'session'; session: EsphomeSession } | { kind: 'other-transport' };

/**
 * One connection of the exchange. `deadline` (performance.now() time) is shared by every connection of one read, so
 * following a node to its other transport does not stretch the exchange past the context's timeout.
 */
async function attempt(
  endpoint: Endpoint,
  context: InstallContext & { deadline: number },
  run: (socket: EsphomeApiSocket) => Promise<EsphomeApiChannel | undefined>,
  finish: (socket: EsphomeApiSocket, channel: EsphomeApiChannel) => Promise<EsphomeSession>,
): Promise<Attempt> {
  const timeoutMs = Math.max(1, Math.round(context.deadline - performance.now()));
  const socket = await EsphomeApiSocket.open(endpoint, { ...context, timeoutMs });
  try {
    const channel = await run(socket);
    if (!channel) {
      socket.close();
      return { kind: 'other-transport' };
    }
    return { kind: 'session', session: await finish(socket, channel) };
  } catch (error) {
    socket.close();
    throw error;
  }
}

/**
 * Opens a logged-in API connection to the node: Noise with the configured key where the last scan found API
 * encryption, plaintext otherwise; a node that changed transport since is followed (a plaintext node never gets
 * the key; an encrypted one only after its server hello named the recorded MAC). Bounded by `context`: the whole
 * conversation shares one deadline and one byte budget per connection.
 */
export async function openEsphomeSession(device: InstallDevice, context: InstallContext): Promise<EsphomeSession> {
  const endpoint = { host: device.address, port: device.connectPort(ESPHOME_API_PORT) };
  const credential = credentialFor(device, context);
  const limits = { ...context, deadline: performance.now() + context.timeoutMs };
  const finish = async (socket: EsphomeApiSocket, channel: EsphomeApiChannel): Promise<EsphomeSession> => {
    if (channel.transport === 'noise') sendHello(channel);
    const deviceInfo = await login(channel, endpoint, device, credential);
    const via = channel.transport === 'noise' ? 'Noise (the configured key; not shown)' : 'plaintext';
    const sent = [`TCP ${ESPHOME_API_PORT} ${via}: HelloRequest, DeviceInfoRequest`];
    if (deviceInfo.usesPassword) sent.push('ConnectRequest(password not shown)');
    return { channel, deviceInfo, endpoint, sent, close: () => socket.close() };
  };
  const noise = async (psk: Buffer) =>
    attempt(
      endpoint,
      limits,
      async (socket) => {
        const result = await noiseClientHandshake(socket, psk, (hello) =>
          checkMac(endpoint, device.facts.mac, hello.mac),
        );
        return result.kind === 'ready' ? noiseChannel(socket, result.ciphers) : undefined;
      },
      finish,
    );
  const plaintext = async () =>
    attempt(
      endpoint,
      limits,
      async (socket) => {
        const channel = plaintextChannel(socket);
        sendHello(channel);
        return (await socket.firstByte()) === NOISE_INDICATOR ? undefined : channel;
      },
      finish,
    );
  // The transport the last scan found goes first; a node that switched since is followed, once.
  const order = device.facts.protocols.includes('esphome-noise') ? ['noise', 'plaintext'] : ['plaintext', 'noise'];
  for (const transport of order) {
    // The key is checked only when it is needed: a plaintext node reads fine beside a mistyped key.
    const key = transport === 'noise' ? encryptionKeyOf(credential, endpoint) : undefined;
    if (transport === 'noise' && !key) throw noKey(endpoint);
    const result = key ? await noise(key) : await plaintext();
    if (result.kind === 'session') return result.session;
  }
  throw new ProtocolError(endpoint, 'the node turned both plaintext and Noise clients away');
}

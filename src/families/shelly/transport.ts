import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import type { HttpResponse } from '../../net/http-client.ts';
import { deviceHttp } from '../common/device-http.ts';
import type { Credential, ProbeContext, ProbeTarget } from '../device-adapter.ts';
import { requestWithDigest } from './digest-auth.ts';

/** Where a Shelly's HTTP API answers: the real port for display, the (maybe lab-shifted) port to connect to. */
export interface ShellyEndpoint {
  host: string;
  port: number;
  /** The device's real port (80), used in evidence. */
  displayPort: number;
}

/** Deadline, byte budget and cancellation for one exchange (ProbeContext carries them during a scan). */
export interface ShellyExchangeLimits {
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

export function endpointOf(target: ProbeTarget): ShellyEndpoint {
  return { host: target.address, port: target.connectPort(80), displayPort: 80 };
}

export function limitsOf(context: ProbeContext): ShellyExchangeLimits {
  return { timeoutMs: context.timeoutMs, maxBytes: context.maxBytes, signal: context.signal };
}

/** `GET http://host:80/path`, as evidence shows a request. */
export function requestLine(endpoint: ShellyEndpoint, path: string, method = 'GET'): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `${method} http://${host}:${endpoint.displayPort}${path}`;
}

/** HTTP Basic credentials (RFC 7617) as Gen1 devices take them; the user defaults to `admin`. */
export function basicHeader(credential: Credential): Record<string, string> {
  const token = Buffer.from(`${credential.username ?? 'admin'}:${credential.password ?? ''}`).toString('base64');
  return { authorization: `Basic ${token}` };
}

/** A Gen1 GET, optionally with Basic credentials. */
export function gen1Get(
  endpoint: ShellyEndpoint,
  path: string,
  limits: ShellyExchangeLimits,
  credential?: Credential,
): Promise<HttpResponse> {
  return deviceHttp({
    host: endpoint.host,
    port: endpoint.port,
    path,
    headers: credential ? basicHeader(credential) : {},
    ...limits,
  });
}

/** Parses a JSON object body; anything else is a ProtocolError naming the path. */
export function jsonObject(endpoint: ShellyEndpoint, path: string, response: HttpResponse): Record<string, unknown> {
  const body = response.json();
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProtocolError({ host: endpoint.host, port: endpoint.port }, `${path} did not answer a JSON object`);
  }
  return body as Record<string, unknown>;
}

/** A JSON-RPC error a Gen2+ device answered (`{code, message}`); the code is Shelly's (-114, 404, …). */
export class ShellyRpcError extends ProtocolError {
  readonly rpcCode: number;
  constructor(endpoint: ShellyEndpoint, method: string, rpcCode: number, message: string) {
    super({ host: endpoint.host, port: endpoint.port }, `${method} failed: ${rpcCode} ${message}`);
    this.rpcCode = rpcCode;
  }
}

export interface RpcAnswer {
  result: unknown;
  response: HttpResponse;
  /** The request line for evidence. */
  sent: string;
}

let nextFrameId = 1;

/** The owner's Gen2+ password and the realm it may answer: the device id it is bound to. */
export interface ShellyRpcAuth {
  password: string;
  /** The device id (`shellyplus1-a8032ab12345`); a challenge for any other realm is not answered. */
  realm: string;
}

/**
 * One Gen2+ RPC call as a `POST /rpc` frame, answering the digest challenge with `auth` when one is given, and only
 * for the realm it names (ForeignRealmError otherwise). A 401 without a password, or with a refused one, is a
 * DeviceAuthError; an RPC error is a ShellyRpcError.
 */
export async function callShellyRpc(
  endpoint: ShellyEndpoint,
  method: string,
  params: Record<string, unknown> | undefined,
  limits: ShellyExchangeLimits,
  auth?: ShellyRpcAuth,
): Promise<RpcAnswer> {
  const frame = { id: nextFrameId++, src: 'iotwarden', method, ...(params ? { params } : {}) };
  const options = {
    host: endpoint.host,
    port: endpoint.port,
    path: '/rpc',
    method: 'POST',
    body: JSON.stringify(frame),
    headers: { 'content-type': 'application/json' },
    ...limits,
  };
  const response =
    auth === undefined
      ? await deviceHttp(options)
      : await requestWithDigest(options, { username: 'admin', password: auth.password, realm: auth.realm });
  const sent = `${requestLine(endpoint, '/rpc', 'POST')} {"method":"${method}"}`;
  if (response.status === 401) {
    throw new DeviceAuthError({ host: endpoint.host, port: endpoint.port }, `${method} needs credentials`);
  }
  const body = jsonObject(endpoint, '/rpc', response);
  const error = body.error as { code?: unknown; message?: unknown } | undefined;
  if (error && typeof error === 'object') {
    throw new ShellyRpcError(endpoint, method, Number(error.code), String(error.message ?? ''));
  }
  if (response.status !== 200 || !('result' in body)) {
    throw new ProtocolError(
      { host: endpoint.host, port: endpoint.port },
      `${method} answered HTTP ${response.status} without a result`,
    );
  }
  return { result: body.result, response, sent };
}

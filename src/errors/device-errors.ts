import { IotwardenError } from './iotwarden-error.ts';

/** Where a device was reached: every device error names host and port so a user can act on it. */
export interface Endpoint {
  host: string;
  port: number;
}

function at(endpoint: Endpoint): string {
  return endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
}

/** Connection refused, host unreachable, reset before any answer. */
export class DeviceUnreachableError extends IotwardenError {
  readonly endpoint: Endpoint;
  constructor(endpoint: Endpoint, detail: string, cause?: unknown) {
    super('ERR_DEVICE_UNREACHABLE', `${at(endpoint)} unreachable: ${detail}`, { cause });
    this.endpoint = endpoint;
  }
}

/** The device accepted the connection but did not finish answering in time. */
export class DeviceTimeoutError extends IotwardenError {
  readonly endpoint: Endpoint;
  constructor(endpoint: Endpoint, timeoutMs: number, what = 'answer') {
    super('ERR_DEVICE_TIMEOUT', `${at(endpoint)} did not ${what} within ${timeoutMs} ms`);
    this.endpoint = endpoint;
  }
}

/** The device wants credentials we do not have, or refused the ones we sent. */
export class DeviceAuthError extends IotwardenError {
  readonly endpoint: Endpoint;
  constructor(endpoint: Endpoint, detail: string) {
    super('ERR_DEVICE_AUTH', `${at(endpoint)} refused authentication: ${detail}`);
    this.endpoint = endpoint;
  }
}

/** The device answered, but not in the protocol we expected: garbage, a body over the size limit, bad framing. */
export class ProtocolError extends IotwardenError {
  readonly endpoint: Endpoint | undefined;
  constructor(endpoint: Endpoint | undefined, detail: string, cause?: unknown) {
    super('ERR_PROTOCOL', endpoint ? `${at(endpoint)}: ${detail}` : detail, { cause });
    this.endpoint = endpoint;
  }
}

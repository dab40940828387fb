export { AccessError, type AccessErrorCode } from './access-error.ts';
export { ConfigError } from './config-error.ts';
export type { Endpoint } from './device-errors.ts';
export { DeviceAuthError, DeviceTimeoutError, DeviceUnreachableError, ProtocolError } from './device-errors.ts';
export type { ErrorKind } from './iotwarden-error.ts';
export { IotwardenError } from './iotwarden-error.ts';
export { StoreError } from './store-error.ts';
export { UsageError } from './usage-error.ts';

import { DeviceAuthError } from '../../errors/index.ts';
import type { Credential } from '../device-adapter.ts';
import type { Evidence } from '../facts.ts';
import type { ShellyEndpoint, ShellyExchangeLimits } from './transport.ts';

/**
 * What the writes of both Shelly generations share (shelly-gen1/writes.ts, shelly-gen2/writes.ts). Each write is
 * one bounded exchange, authenticated with the owner's configured credential (Basic for Gen1, digest for Gen2+);
 * nothing here ever guesses a password.
 */

export interface ShellyWriteOptions extends ShellyExchangeLimits {
  credential?: Credential;
  /** The device's id (from the last scan): the only realm a Gen2+ digest challenge is answered for. */
  deviceId?: string;
}

export interface ShellyWriteResult {
  /** The device accepted the change (an update started; the cloud switch now has the asked state). */
  accepted: boolean;
  evidence: Evidence;
}

/** The device wants credentials for a write: none were configured, or the configured ones were refused. */
export function writeRefused(endpoint: ShellyEndpoint, what: string, hasCredential: boolean): DeviceAuthError {
  const detail = hasCredential ? `${what}: the configured credentials were refused` : `${what} needs credentials`;
  return new DeviceAuthError({ host: endpoint.host, port: endpoint.port }, detail);
}

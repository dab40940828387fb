import type { HostFacts } from '../facts.ts';
import { credentialFor, type InstallContext, type InstallDevice } from '../installer.ts';
import type { ShellyWriteOptions } from './writes.ts';

/**
 * What the setting fixes of both Shelly generations share (shelly-gen1/fixes.ts, shelly-gen2/fixes.ts): the write
 * options with the owner's credential, the factory SNTP server and the side effects owners should expect.
 */

/** The SNTP server Shelly firmware ships with (Gen1 `/settings` `sntp.server`, Gen2 `Sys.GetConfig` `sntp.server`). */
export const SHELLY_DEFAULT_SNTP = 'time.google.com';

/** A JSON object (not an array or null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deadline, byte budget and the credential the engine chose for this call. */
export function shellyWriteOptions(device: InstallDevice, context: InstallContext): ShellyWriteOptions {
  const credential = credentialFor(device, context);
  return {
    timeoutMs: context.timeoutMs,
    maxBytes: context.maxBytes,
    signal: context.signal,
    ...(credential ? { credential } : {}),
  };
}

/** The SNTP server in a Shelly's recorded configuration (`sntp.server` on both generations). */
export function configuredSntp(host: HostFacts): string | undefined {
  const config = host.device?.config;
  const sntp = isRecord(config) ? (config.sntp ?? (isRecord(config.sys) ? config.sys.sntp : undefined)) : undefined;
  const server = isRecord(sntp) ? sntp.server : undefined;
  return typeof server === 'string' ? server : undefined;
}

export const SHELLY_LOGIN_EFFECTS = [
  'every program that controls it locally (Home Assistant, the Shelly app on your network, scripts) must be given the new password',
];
export const SHELLY_CLOUD_EFFECTS = [
  'the Shelly app and voice assistants can no longer reach it from outside your home; local control (Home Assistant, the web page) is unchanged',
];

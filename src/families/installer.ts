import type { Clock } from '../util/clock.ts';
import type { Logger } from '../util/logger.ts';
import type { CredentialLookup } from './device-adapter.ts';
import type { DeviceFacts, Evidence } from './facts.ts';

/**
 * Installing firmware through a device's own API. One installer per vendor API; each knows how to start the
 * update the device (or its vendor's cloud) offers and how to read the installed version back, so the apply engine
 * can wait for the reboot and verify without knowing the vendor.
 */

/** The device an installer talks to: where it is and what the last scan learned about it. */
export interface InstallDevice {
  address: string;
  /** The device facts of the scan before the update (family, protocols, ids for the credential lookup). */
  facts: DeviceFacts;
  /** Real port → port to connect to (a lab shifts 80 to 10080). Re-read on every call: ports move at run time. */
  connectPort(port: number, transport?: 'tcp' | 'udp'): number;
}

/** Deadline, byte budget, cancellation and the owner's credentials for one installer call. */
export interface InstallContext {
  signal: AbortSignal;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Per-response size limit. */
  maxBytes: number;
  credentials: CredentialLookup;
  clock: Clock;
  log: Logger;
}

/** What the device says about its firmware right now. */
export interface VersionReading {
  /** The installed version, in the same notation the family adapter records in `firmware.installed`. */
  version: string | undefined;
  /** The device reports an install in progress (Hue `swupdate2.bridge.state` `installing`, Shelly `updating`). */
  busy: boolean;
  evidence: Evidence;
}

export type InstallStart =
  /** The device accepted the install and will reboot. `targetVersion` when the device or its cloud named it. */
  | { status: 'started'; targetVersion?: string; evidence: Evidence[] }
  /** The device offers nothing to install. */
  | { status: 'nothing-offered'; evidence: Evidence[] };

/** One vendor API for installing firmware. */
export interface FirmwareInstaller {
  /** Shown in results and the audit log: `shelly-gen1`, `shelly-gen2`, `kasa-legacy`, `hue-bridge`. */
  readonly name: string;
  /** Whether this installer speaks to the device these facts describe. */
  applies(facts: DeviceFacts): boolean;
  /** Real TCP ports whose answer means the device is up again (besides the ports it had open before). */
  readonly livenessPorts: readonly number[];
  readVersion(device: InstallDevice, context: InstallContext): Promise<VersionReading>;
  /** Starts the install. Throws DeviceAuthError without working credentials, device errors when unreachable. */
  start(device: InstallDevice, context: InstallContext): Promise<InstallStart>;
}

/**
 * The owner's credential for a device, looked up as the scan does (device-specific entries win), with the identity
 * the last scan recorded, certificate included, so a trust-gated lookup can compare it with the binding (issue 8).
 */
export function credentialFor(device: InstallDevice, context: InstallContext) {
  const { facts } = device;
  return context.credentials({
    family: facts.family,
    address: device.address,
    ...(facts.mac ? { mac: facts.mac } : {}),
    ...(facts.deviceId ? { deviceId: facts.deviceId } : {}),
    ...(facts.certificate ? { tlsSha256: facts.certificate.sha256 } : {}),
  });
}

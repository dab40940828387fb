import { DeviceTimeoutError, DeviceUnreachableError } from '../../errors/index.ts';
import type { Evidence } from '../../families/facts.ts';
import type { FirmwareInstaller, InstallContext, InstallDevice, VersionReading } from '../../families/installer.ts';
import { probeTcp } from '../../net/tcp-probe.ts';

/**
 * Waiting for a device to reboot into its new firmware, with bounded retries on the injected clock (FakeClock in
 * tests). A device may keep answering while it installs (Hue), drop off at once (Shelly, Kasa), come back on the
 * old image, never come back, or come back speaking another protocol (the Kasa KLAP firmware closes 9999).
 */

export interface RebootWaitOptions {
  installer: FirmwareInstaller;
  device: InstallDevice;
  context: InstallContext;
  /** The version before the install. */
  fromVersion: string | undefined;
  /** Real TCP ports that also show the device is up (the ports it had open before). */
  alsoAlivePorts: readonly number[];
  /** Between two looks at the device. */
  pollIntervalMs: number;
  /** Give up after this long: the device "never came back". */
  maxWaitMs: number;
}

export type RebootOutcome =
  | { kind: 'new-version'; version: string; waitedMs: number; evidence: Evidence }
  /** Up again (or never gone) on the version it had: the update did not take. */
  | { kind: 'old-version'; version: string | undefined; waitedMs: number; wentDown: boolean; evidence: Evidence }
  /** Something answers on the device's ports, but not the API the installer speaks any more. */
  | { kind: 'back-unreadable'; openPorts: number[]; waitedMs: number; detail: string }
  | { kind: 'never-returned'; waitedMs: number };

/** Looks in a row with the same answer before concluding: a device can answer once and then reboot. */
const CONFIRMATIONS = 3;

function isDown(error: unknown): boolean {
  return error instanceof DeviceUnreachableError || error instanceof DeviceTimeoutError;
}

async function openPorts(options: RebootWaitOptions, ports: readonly number[]): Promise<number[]> {
  const { device, context } = options;
  const result = await probeTcp({
    hosts: [device.address],
    ports,
    connectPort: (_address, port) => device.connectPort(port),
    signal: context.signal,
    timeoutMs: Math.min(context.timeoutMs, 1000),
  });
  return result.hosts[0]?.openPorts ?? [];
}

/** Polls until the device is back and its version is known, or `maxWaitMs` passes. */
export async function waitForReboot(options: RebootWaitOptions): Promise<RebootOutcome> {
  const { installer, device, context } = options;
  const started = context.clock.now();
  const alivePorts = [...new Set([...installer.livenessPorts, ...options.alsoAlivePorts])].sort((a, b) => a - b);
  let wentDown = false;
  let busy = false;
  let sameVersion = 0;
  let unreadable = 0;
  for (;;) {
    await context.clock.sleep(options.pollIntervalMs, context.signal);
    const waitedMs = context.clock.now() - started;
    let reading: VersionReading | undefined;
    let failure: unknown;
    try {
      reading = await installer.readVersion(device, context);
    } catch (error) {
      if (context.signal.aborted) throw error;
      failure = error;
    }
    if (reading?.busy) {
      busy = true;
    } else if (reading?.version !== undefined && reading.version !== options.fromVersion) {
      return { kind: 'new-version', version: reading.version, waitedMs, evidence: reading.evidence };
    } else if (reading) {
      unreadable = 0;
      sameVersion += 1;
      // Back after being away (or after installing) on the same image: failed midway. A device that never went
      // away must say so several times, or the first answer may simply precede its reboot.
      if (wentDown || busy || sameVersion >= CONFIRMATIONS) {
        return { kind: 'old-version', version: reading.version, waitedMs, wentDown, evidence: reading.evidence };
      }
    } else {
      sameVersion = 0;
      if (isDown(failure)) wentDown = true;
      const open = await openPorts(options, alivePorts);
      if (open.length > 0) {
        unreadable += 1;
        if (unreadable >= CONFIRMATIONS || waitedMs >= options.maxWaitMs) {
          const detail = failure instanceof Error ? failure.message : String(failure);
          return { kind: 'back-unreadable', openPorts: open, waitedMs, detail };
        }
      } else {
        wentDown = true;
        unreadable = 0;
      }
    }
    if (waitedMs >= options.maxWaitMs) {
      // Still answering on the old version when time ran out: the install did not take.
      if (reading && !reading.busy) {
        return { kind: 'old-version', version: reading.version, waitedMs, wentDown, evidence: reading.evidence };
      }
      return { kind: 'never-returned', waitedMs };
    }
  }
}

import type { z } from 'zod';
import { scanRescanner } from '../../src/app/firmware/apply-rescan.ts';
import type { ApplyEnvironment } from '../../src/app/firmware/apply-types.ts';
import type { HostRescanner } from '../../src/app/firmware/health-check.ts';
import type { Credential, CredentialLookup } from '../../src/families/device-adapter.ts';
import type { HostFacts } from '../../src/families/facts.ts';
import type { SimulatorKind } from '../../src/lab/core/simulator.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import type { PortResolver } from '../../src/net/port-overrides.ts';
import type { FakeClock } from '../../src/util/clock.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { testAddress } from './addresses.ts';

/**
 * Shared helpers of the firmware fault tests: simulators on real loopback sockets, sharing one FakeClock with the
 * engine, an install counter at each simulator, and a driver that moves the clock until the engine is done.
 */

export const SHELLY_PASSWORD = 'firmware-test-pw';
export const HUE_KEY = 'firmwaretesthueapplicationkey00000000000';
/** The owner's TP-Link account the lab's Kasa/Tapo devices are bound to (settings `auth`). */
export const TAPO_ACCOUNT = { username: 'owner@example.com', password: 'firmware-test-tapo-pw' };

/** A running simulator plus how many installs (reboots into an update) it went through. */
export interface LabDevice {
  name: string;
  address: string;
  started: StartedSimulator;
  /** Counted where the device goes away for its update: `host.pauseAll`, once per install. */
  installs: () => number;
}

export class FirmwareLab {
  readonly clock: FakeClock;
  readonly devices: LabDevice[] = [];

  constructor(clock: FakeClock) {
    this.clock = clock;
  }

  async add<S extends z.ZodType>(kind: SimulatorKind<S>, name: string, settings: unknown): Promise<LabDevice> {
    const address = testAddress();
    const started = await startSimulator(kind, { name, address, settings, clock: this.clock });
    let count = 0;
    const pauseAll = started.host.pauseAll.bind(started.host);
    started.host.pauseAll = async () => {
      count += 1;
      await pauseAll();
    };
    const device = { name, address, started, installs: () => count };
    this.devices.push(device);
    return device;
  }

  /** Real port → bound port, read from the live simulators each time (a device may open a port after an update). */
  resolver(): PortResolver {
    return (address, port, transport = 'tcp') => {
      const device = this.devices.find((d) => d.address === address);
      const binding = device?.started.host.bindings().find((b) => b.port === port && b.transport === transport);
      return binding?.actual ?? port;
    };
  }

  credentials(): CredentialLookup {
    return (query): Credential | undefined => {
      if (query.family.startsWith('shelly')) return { username: 'admin', password: SHELLY_PASSWORD };
      if (query.family === 'hue') return { apiKey: HUE_KEY };
      if (query.family === 'kasa-smart') return { ...TAPO_ACCOUNT };
      return undefined;
    };
  }

  /** The scan before the update, exactly as a scan would record it. */
  async scan(device: LabDevice): Promise<HostFacts> {
    const facts = await this.rescanner()(device.address, SCAN_PORTS, AbortSignal.timeout(10_000));
    if (!facts) throw new Error(`${device.name} was not found by the scan`);
    return facts;
  }

  #rescanner: HostRescanner | undefined;

  /** One rescanner for the whole lab: it keeps its TP-Link discovery key, which costs ~100 ms to make. */
  rescanner(): HostRescanner {
    this.#rescanner ??= scanRescanner({
      credentials: this.credentials(),
      credentialChecks: true,
      connectPort: () => this.resolver(),
      requestTimeoutMs: 2000,
      // Loopback answers in microseconds; the default half second per sweep only slows the tests down.
      udpTimeoutMs: 100,
      log: silentLogger,
    });
    return this.#rescanner;
  }

  environment(overrides: Partial<ApplyEnvironment> = {}): ApplyEnvironment {
    return {
      connectPort: () => this.resolver(),
      credentials: this.credentials(),
      rescan: this.rescanner(),
      clock: this.clock,
      log: silentLogger,
      signal: AbortSignal.timeout(20_000),
      requestTimeoutMs: 1000,
      pollIntervalMs: 1000,
      maxRebootWaitMs: 60_000,
      ...overrides,
    };
  }

  async stop(): Promise<void> {
    await Promise.all(this.devices.splice(0).map((d) => d.started.stop()));
  }
}

/** The ports the test scans cover: every management port the lab's firmware devices use. */
export const SCAN_PORTS = [80, 443, 9999] as const;

/**
 * Moves the FakeClock in steps until `work` settles, giving real I/O time between steps. Simulated reboots and the
 * engine's polls both sleep on the clock, so this is how "time passes" in a test.
 */
export async function drive<T>(clock: FakeClock, work: Promise<T>, stepMs = 500): Promise<T> {
  let settled = false;
  const watched = work.finally(() => {
    settled = true;
  });
  watched.catch(() => undefined);
  for (let i = 0; i < 10_000 && !settled; i++) {
    await clock.advance(stepMs);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return watched;
}

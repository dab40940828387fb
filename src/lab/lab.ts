import { rmSync } from 'node:fs';
import pLimit from 'p-limit';
import { removePortMap, runtimeDir, writePortMap } from '../net/port-overrides.ts';
import { type Clock, systemClock } from '../util/clock.ts';
import { type Logger, silentLogger } from '../util/logger.ts';
import { DeviceHost } from './core/device-host.ts';
import { writeLabLeases } from './core/lab-leases.ts';
import { assignMac } from './core/mac-assign.ts';
import type { PortBinding, PrivilegedPortMode } from './core/port-binding.ts';
import type { DeviceKind, DeviceSimulator } from './core/simulator.ts';
import { startDiscoveryResponders } from './discovery-responders.ts';
import { simulatorKind } from './kinds.ts';
import type { Scenario } from './scenario/load-scenario.ts';

export interface LabDevice {
  name: string;
  kind: DeviceKind;
  address: string;
  mac: string;
  ports: PortBinding[];
  simulator: DeviceSimulator;
}

export interface RunningLab {
  devices: LabDevice[];
  /** Where the port map was written, when it was. */
  portMapFile: string | undefined;
  /** The router's DHCP lease file (dnsmasq format), written with the port map when the scenario has a router. */
  leaseFile: string | undefined;
  device(name: string): LabDevice;
  stop(): Promise<void>;
}

export interface StartLabOptions {
  portMode?: PrivilegedPortMode;
  clock?: Clock;
  log?: Logger;
  /** Write the runtime port map for `iotwarden scan` (the CLI does; in-process tests need not). */
  writePortMap?: boolean;
}

/** How many devices bind at once: enough to start 250 devices well under a second, few enough to keep fds sane. */
const START_CONCURRENCY = 64;

/**
 * Starts every device of a scenario on its own loopback address. If any device fails to start, the ones already
 * running are stopped again, so a bad scenario never leaves half a lab bound to ports.
 */
export async function startLab(scenario: Scenario, options: StartLabOptions = {}): Promise<RunningLab> {
  const log = options.log ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const takenMacs = new Set<string>();
  const prepared = scenario.devices.map((device) => {
    const kind = simulatorKind(device.kind);
    if (!kind) throw new Error(`kind ${device.kind} is not registered`);
    const mac = assignMac({
      explicit: device.mac,
      fromFixture: device.fixture === undefined ? undefined : kind.macFromFixture?.(device.fixture),
      kind: device.kind,
      seed: `${device.name}@${device.address}`,
      taken: takenMacs,
    });
    takenMacs.add(mac);
    const host = new DeviceHost({
      deviceName: device.name,
      address: device.address,
      portMode: options.portMode ?? 'auto',
      log,
    });
    const simulator = kind.create({
      name: device.name,
      address: device.address,
      mac,
      settings: device.settings,
      fixture: device.fixture,
      host,
      clock,
    });
    return { device, host, mac, simulator };
  });

  const started: typeof prepared = [];
  const limit = pLimit(START_CONCURRENCY);
  const stopAll = async (): Promise<void> => {
    await Promise.all(
      started.map(async ({ simulator, host }) => {
        await simulator.stop().catch(() => undefined);
        await host.close();
      }),
    );
  };
  const results = await Promise.allSettled(
    prepared.map((entry) =>
      limit(async () => {
        try {
          await entry.simulator.start();
          await startDiscoveryResponders(entry.host, entry.simulator);
        } finally {
          started.push(entry);
        }
      }),
    ),
  );
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await stopAll();
    throw failure.reason;
  }

  const devices: LabDevice[] = prepared.map(({ device, host, mac, simulator }) => ({
    name: device.name,
    kind: device.kind,
    address: device.address,
    mac,
    get ports() {
      return host.bindings();
    },
    simulator,
  }));
  const startedAt = new Date(clock.now()).toISOString();
  const writeMap = (): string =>
    writePortMap({
      pid: process.pid,
      startedAt,
      devices: devices.map(({ name, kind, address, ports }) => ({ name, kind, address, ports })),
    });
  const portMapFile = options.writePortMap ? writeMap() : undefined;
  const leaseFile =
    options.writePortMap && devices.some((d) => d.kind === 'router')
      ? writeLabLeases(runtimeDir(), process.pid, clock.now(), devices)
      : undefined;
  if (portMapFile) {
    // A device that opens or closes ports while running (Kasa switching to KLAP) must show up in the scanner's map.
    for (const { host } of prepared) host.onBindingsChange = () => void writeMap();
  }
  log.info({ devices: devices.length, scenario: scenario.name }, 'lab ready');
  let stopped = false;
  return {
    devices,
    portMapFile,
    leaseFile,
    device: (name) => {
      const found = devices.find((d) => d.name === name);
      if (!found) throw new Error(`lab has no device named ${name}`);
      return found;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      // Closing a device's ports would rewrite the map (a whole-lab file, once per port): it is being removed anyway.
      for (const { host } of prepared) host.onBindingsChange = undefined;
      if (portMapFile) removePortMap(process.pid);
      if (leaseFile) rmSync(leaseFile, { force: true });
      await stopAll();
      log.info('lab stopped');
    },
  };
}

import type { z } from 'zod';
import { type Clock, systemClock } from '../../util/clock.ts';
import { type Logger, silentLogger } from '../../util/logger.ts';
import { DeviceHost } from './device-host.ts';
import { assignMac } from './mac-assign.ts';
import type { PrivilegedPortMode } from './port-binding.ts';
import type { DeviceSimulator, SimulatorKind } from './simulator.ts';

export interface StartedSimulator {
  simulator: DeviceSimulator;
  host: DeviceHost;
  mac: string;
  /** The actual port bound for a real port (80 → 80, or 10080 when shifted). */
  portOf(port: number, transport?: 'tcp' | 'udp'): number;
  stop(): Promise<void>;
}

/**
 * Starts one simulator on its own address, outside a full lab. Used by protocol tests and the lab itself;
 * settings go through the kind's schema exactly as a scenario's would.
 */
export async function startSimulator<S extends z.ZodType>(
  kind: SimulatorKind<S>,
  options: {
    name?: string;
    address: string;
    settings?: unknown;
    fixture?: unknown;
    mac?: string;
    portMode?: PrivilegedPortMode;
    clock?: Clock;
    log?: Logger;
    takenMacs?: Set<string>;
  },
): Promise<StartedSimulator> {
  const name = options.name ?? `${kind.kind}-${options.address}`;
  const host = new DeviceHost({
    deviceName: name,
    address: options.address,
    portMode: options.portMode ?? 'auto',
    log: options.log ?? silentLogger,
  });
  const taken = options.takenMacs ?? new Set<string>();
  const mac = assignMac({
    explicit: options.mac,
    fromFixture: options.fixture === undefined ? undefined : kind.macFromFixture?.(options.fixture),
    kind: kind.kind,
    seed: `${name}@${options.address}`,
    taken,
  });
  taken.add(mac);
  const settings = kind.settings.parse(options.settings ?? {});
  const simulator = kind.create({
    name,
    address: options.address,
    mac,
    settings,
    fixture: options.fixture,
    host,
    clock: options.clock ?? systemClock,
  });
  try {
    await simulator.start();
  } catch (error) {
    await simulator.stop().catch(() => undefined);
    await host.close();
    throw error;
  }
  return {
    simulator,
    host,
    mac,
    portOf: (port, transport = 'tcp') => {
      const binding = host.bindings().find((b) => b.port === port && b.transport === transport);
      if (!binding) throw new Error(`${name} has no ${transport} port ${port}`);
      return binding.actual;
    },
    stop: async () => {
      await simulator.stop();
      await host.close();
    },
  };
}

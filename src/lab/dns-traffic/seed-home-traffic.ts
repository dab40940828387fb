import { familyByKind } from '../../families/index.ts';
import { assignMac } from '../core/mac-assign.ts';
import { seedHomeScenario } from '../scenario/seed-home.ts';
import type { TrafficClient, TrafficStream } from './traffic-model.ts';
import { PROFILES, type ProfileName } from './traffic-profiles.ts';

/** A scenario device as seed-home.ts writes it: common keys plus the kind's settings. */
type ScenarioEntry = Record<string, unknown> & { name: string; kind: string; address: string; mac?: string };

/**
 * What a scenario device looks up: a family device's traffic comes from its family (descriptor `lab.traffic`), the
 * lab's own kinds from PROFILES, and the one chatty device (garage-door) is known by name.
 */
export function streamsFor(device: ScenarioEntry): readonly TrafficStream[] | undefined {
  if (device.name === 'garage-door') return PROFILES.garageDoor;
  const family = familyByKind(device.kind);
  if (family) return family.lab.traffic(device);
  const profile = labProfileFor(device);
  return profile ? PROFILES[profile] : undefined;
}

/** The traffic of each `cloud-device` profile (kinds/cloud-device/settings.ts); `speaker` is the default. */
const CLOUD_DEVICE_TRAFFIC: Readonly<Record<string, ProfileName>> = {
  tv: 'tv',
  echo: 'echo',
  'baby-monitor': 'babyMonitor',
};

function labProfileFor(device: ScenarioEntry): ProfileName | undefined {
  switch (device.kind) {
    case 'ip-camera':
      return 'camera';
    case 'nas':
      return 'nas';
    case 'cloud-device':
      return CLOUD_DEVICE_TRAFFIC[String(device.profile)] ?? 'speaker';
    case 'trusted-device':
      return device.profile === 'laptop' ? 'laptop' : 'phone';
    default:
      // The router resolves upstream itself; a hostile device and the sinkholes are not its clients.
      return undefined;
  }
}

/**
 * The DNS clients of a scenario: each device with its lab MAC (assigned exactly as startLab does, in scenario order)
 * and its profile's streams. Devices without a profile are left out.
 */
export function scenarioTrafficClients(devices: readonly ScenarioEntry[]): TrafficClient[] {
  const taken = new Set<string>();
  const clients: TrafficClient[] = [];
  for (const device of devices) {
    const mac = assignMac({
      explicit: device.mac,
      fromFixture: undefined,
      kind: device.kind,
      seed: `${device.name}@${device.address}`,
      taken,
    });
    taken.add(mac);
    const found = streamsFor(device);
    if (!found) continue;
    const streams: TrafficStream[] = [...found];
    clients.push({ name: device.name, address: device.address, mac, streams });
  }
  return clients;
}

/** The seed home's DNS clients on `prefix` (default 127.77.1, where the demo runs it). */
export function seedHomeTrafficClients(prefix = '127.77.1'): TrafficClient[] {
  const scenario = seedHomeScenario(prefix) as { devices: ScenarioEntry[] };
  return scenarioTrafficClients(scenario.devices);
}

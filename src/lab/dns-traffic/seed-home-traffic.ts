import { assignMac } from '../core/mac-assign.ts';
import { seedHomeScenario } from '../scenario/seed-home.ts';
import type { TrafficClient, TrafficStream } from './traffic-model.ts';
import { PROFILES, type ProfileName } from './traffic-profiles.ts';

/** A scenario device as seed-home.ts writes it: common keys plus the kind's settings. */
type ScenarioEntry = Record<string, unknown> & { name: string; kind: string; address: string; mac?: string };

/** Which profile a scenario device gets, from its kind, settings and (for the one chatty device) its name. */
export function profileFor(device: ScenarioEntry): ProfileName | undefined {
  const cloud = device.cloud === true;
  if (device.name === 'garage-door') return 'garageDoor';
  switch (device.kind) {
    case 'shelly-gen1':
      return cloud ? 'shellyGen1Cloud' : 'shellyGen1';
    case 'shelly-gen2':
      return cloud ? 'shellyGen2Cloud' : 'shellyGen2';
    case 'kasa-iot':
      return cloud ? 'kasaCloud' : 'kasaOffline';
    case 'kasa-smart':
      // Tapo devices are bound to the owner's TP-Link account during setup (seed-home.ts).
      return 'kasaCloud';
    case 'hue-bridge':
      return device.autoUpdate === true ? 'hueBridgeAutoUpdate' : 'hueBridge';
    case 'tasmota':
      return 'tasmota';
    case 'esphome':
      return 'quiet';
    case 'ip-camera':
      return 'camera';
    case 'nas':
      return 'nas';
    case 'cloud-device':
      return device.profile === 'tv' ? 'tv' : 'speaker';
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
    const profile = profileFor(device);
    if (!profile) continue;
    const streams: TrafficStream[] = [...PROFILES[profile]];
    clients.push({ name: device.name, address: device.address, mac, streams });
  }
  return clients;
}

/** The seed home's DNS clients on `prefix` (default 127.77.1, where the demo runs it). */
export function seedHomeTrafficClients(prefix = '127.77.1'): TrafficClient[] {
  const scenario = seedHomeScenario(prefix) as { devices: ScenarioEntry[] };
  return scenarioTrafficClients(scenario.devices);
}

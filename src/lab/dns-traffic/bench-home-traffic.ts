import { assignMac } from '../core/mac-assign.ts';
import { expectedQueries } from './generate-queries.ts';
import { seedHomeTrafficClients } from './seed-home-traffic.ts';
import type { TrafficClient } from './traffic-model.ts';
import { PROFILES, type ProfileName } from './traffic-profiles.ts';

/** Extra devices of a bigger home, in the proportions of a real one: mostly plugs and switches, some people. */
const EXTRA_MIX: ReadonlyArray<{ profile: ProfileName; kind: string }> = [
  { profile: 'shellyGen2', kind: 'shelly-gen2' },
  { profile: 'kasaCloud', kind: 'kasa-iot' },
  { profile: 'phone', kind: 'trusted-device' },
  { profile: 'shellyGen1', kind: 'shelly-gen1' },
  { profile: 'tv', kind: 'cloud-device' },
  { profile: 'speaker', kind: 'cloud-device' },
  { profile: 'laptop', kind: 'trusted-device' },
  { profile: 'tasmota', kind: 'tasmota' },
  { profile: 'shellyGen2Cloud', kind: 'shelly-gen2' },
  { profile: 'camera', kind: 'ip-camera' },
  { profile: 'kasaOffline', kind: 'kasa-iot' },
  { profile: 'quiet', kind: 'esphome' },
];

/**
 * The benchmark's home: the seed home's clients plus generated ones up to `devices` (addresses from .100 of the
 * same /24). Deterministic: device i always gets the same profile, address and MAC.
 */
export function benchHomeTrafficClients(devices = 60, prefix = '127.77.1'): TrafficClient[] {
  const clients = seedHomeTrafficClients(prefix);
  const taken = new Set(clients.map((c) => c.mac ?? ''));
  for (let i = 0; clients.length < devices; i++) {
    const template = EXTRA_MIX[i % EXTRA_MIX.length]!;
    const name = `${template.profile.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-${i + 1}`;
    const address = `${prefix}.${100 + i}`;
    const mac = assignMac({
      explicit: undefined,
      fromFixture: undefined,
      kind: template.kind,
      seed: `${name}@${address}`,
      taken,
    });
    taken.add(mac);
    clients.push({ name, address, mac, streams: [...PROFILES[template.profile]] });
  }
  return clients;
}

/** The rate scale that makes `clients` produce about `target` queries in `durationMs` (fixed-rate streams stay as they are). */
export function rateScaleFor(clients: readonly TrafficClient[], durationMs: number, target: number): number {
  let fixed = 0;
  let scalable = 0;
  for (const client of clients) {
    for (const stream of client.streams) {
      if (stream.fixedRate) fixed += expectedQueries(stream, durationMs);
      else scalable += expectedQueries(stream, durationMs);
    }
  }
  return scalable > 0 ? Math.max(0.01, (target - fixed) / scalable) : 1;
}

import { assignMac } from '../core/mac-assign.ts';
import { expectedQueries } from './generate-queries.ts';
import { seedHomeTrafficClients, streamsFor } from './seed-home-traffic.ts';
import type { TrafficClient } from './traffic-model.ts';

/** Extra devices of a bigger home, in the proportions of a real one: mostly plugs and switches, some people. */
const EXTRA_MIX: ReadonlyArray<{ label: string; kind: string } & Record<string, unknown>> = [
  { label: 'shelly-gen2', kind: 'shelly-gen2' },
  { label: 'kasa-cloud', kind: 'kasa-legacy', cloud: true },
  { label: 'phone', kind: 'trusted-device', profile: 'phone' },
  { label: 'shelly-gen1', kind: 'shelly-gen1' },
  { label: 'tv', kind: 'cloud-device', profile: 'tv' },
  { label: 'speaker', kind: 'cloud-device', profile: 'speaker' },
  { label: 'laptop', kind: 'trusted-device', profile: 'laptop' },
  { label: 'tasmota', kind: 'tasmota' },
  { label: 'shelly-gen2-cloud', kind: 'shelly-gen2', cloud: true },
  { label: 'camera', kind: 'ip-camera' },
  { label: 'kasa-offline', kind: 'kasa-legacy' },
  { label: 'quiet', kind: 'esphome' },
];

/**
 * The benchmark's home: the seed home's clients plus generated ones up to `devices` (the free addresses from .100
 * of the same /24). Deterministic: device i always gets the same profile, address and MAC.
 */
export function benchHomeTrafficClients(devices = 60, prefix = '127.77.1'): TrafficClient[] {
  const clients = seedHomeTrafficClients(prefix);
  const taken = new Set(clients.map((c) => c.mac ?? ''));
  const usedAddresses = new Set(clients.map((c) => c.address));
  let octet = 100;
  for (let i = 0; clients.length < devices; i++) {
    const template = EXTRA_MIX[i % EXTRA_MIX.length]!;
    const name = `${template.label}-${i + 1}`;
    while (usedAddresses.has(`${prefix}.${octet}`)) octet++;
    const address = `${prefix}.${octet++}`;
    const mac = assignMac({
      explicit: undefined,
      fromFixture: undefined,
      kind: template.kind,
      seed: `${name}@${address}`,
      taken,
    });
    taken.add(mac);
    const streams = streamsFor({ ...template, name, address }) ?? [];
    clients.push({ name, address, mac, streams: [...streams] });
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

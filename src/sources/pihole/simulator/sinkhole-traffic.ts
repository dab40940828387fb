import type { z } from 'zod';
import { LiveQueryLog } from '../../../lab/dns-traffic/live-query-log.ts';
import { seedHomeTrafficClients } from '../../../lab/dns-traffic/seed-home-traffic.ts';
import type { TrafficClient } from '../../../lab/dns-traffic/traffic-model.ts';
import type { Clock } from '../../../util/clock.ts';
import type { trafficSettings } from './settings.ts';

/**
 * The query log a lab sinkhole (Pi-hole or AdGuard Home) serves: the seed home's devices on the sinkhole's own /24
 * (so a seed home on 127.77.7.0/24 gets clients 127.77.7.x), with `historyHours` of history before the lab clock.
 */
export function sinkholeQueryLog(
  address: string,
  traffic: z.infer<typeof trafficSettings>,
  clock: Clock,
): LiveQueryLog {
  const clients = sinkholeClients(address, traffic);
  return new LiveQueryLog(
    clients,
    { seed: traffic.seed, startMs: clock.now() - traffic.historyHours * 3_600_000 },
    clock,
  );
}

/** The clients a lab sinkhole serves: the seed home's devices on the sinkhole's own /24, or none. */
export function sinkholeClients(address: string, traffic: z.infer<typeof trafficSettings>): TrafficClient[] {
  const prefix = address.split('.').slice(0, 3).join('.');
  return traffic.clients === 'seed-home' ? seedHomeTrafficClients(prefix) : [];
}

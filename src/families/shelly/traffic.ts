/**
 * What a simulated Shelly looks up: Gen1 `sntp.server` time.google.com and Gen2 `cloud.server`
 * shelly-9-eu.shelly.cloud (fixtures shelly/gen1_*, shelly/rpc/shellyplugus/Shelly.GetConfig).
 */
import type { LabTrafficStream } from '../descriptor.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export function shellyTraffic(generation: 1 | 2, cloud: boolean): LabTrafficStream[] {
  const time: LabTrafficStream = { domain: 'time.google.com', periodMs: 6 * HOUR, pattern: 'timer' };
  if (!cloud) return [time];
  const host = generation === 1 ? 'shelly-91-eu.shelly.cloud' : 'shelly-9-eu.shelly.cloud';
  return [time, { domain: host, periodMs: 5 * MINUTE, pattern: 'timer' }];
}

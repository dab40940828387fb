/**
 * What a simulated TP-Link device looks up: `cnCloud.get_info.server` n-devs.tplinkcloud.com (fixtures kasa/iot/*) and
 * the registration host n-deventry.tplinkcloud.com (python-kasa).
 */
import type { LabTrafficStream } from '../descriptor.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ntp: LabTrafficStream = { domain: 'pool.ntp.org', periodMs: 4 * HOUR, pattern: 'timer' };

export function tplinkTraffic(cloud: boolean): LabTrafficStream[] {
  if (!cloud) return [ntp];
  return [
    { domain: 'n-devs.tplinkcloud.com', periodMs: MINUTE, pattern: 'timer' },
    { domain: 'n-deventry.tplinkcloud.com', periodMs: HOUR, pattern: 'timer' },
    ntp,
  ];
}

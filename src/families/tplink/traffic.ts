/**
 * What a simulated TP-Link device looks up: `cnCloud.get_info.server` n-devs.tplinkcloud.com (fixtures kasa/iot/*) and
 * the registration host n-deventry.tplinkcloud.com (python-kasa).
 */
import type { LabTrafficStream } from '../descriptor.ts';
import { HTTP_AND_HTTPS, type UpdateEndpoints } from '../update-endpoints.ts';

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

/** Where TP-Link devices download firmware: the `fwUrl` the cloud module lists. */
export const TPLINK_UPDATE_ENDPOINTS: UpdateEndpoints = {
  names: [{ name: 'download.tplinkcloud.com', suffix: false }],
  ports: HTTP_AND_HTTPS,
  source: '../shared/fixtures/kasa/iot/KL130(EU)_1.0_1.8.8.json fwUrl http://download.tplinkcloud.com',
};

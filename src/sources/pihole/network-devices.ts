/**
 * Pi-hole v6's network table over its API: `GET /api/network/devices` (FTL src/api/network.c) answers
 * `{"devices":[{"id","hwaddr","interface","firstSeen","lastQuery","numQueries","macVendor","ips":[{"ip","name",
 * "lastSeen","nameUpdated"}]}]}`, times in Unix seconds: the same MAC ↔ IP ↔ name rows as the database's `network`
 * and `network_addresses` tables.
 */
import { z } from 'zod';
import { usableMac } from '../../net/mac.ts';
import type { DnsNetworkHost } from '../types.ts';

const text = z.string().max(1_000);
export const networkDevicesSchema = z
  .object({
    devices: z
      .array(
        z
          .object({
            hwaddr: text,
            firstSeen: z.number().optional(),
            lastQuery: z.number().optional(),
            macVendor: text.nullable().optional(),
            ips: z
              .array(
                z.object({ ip: text, name: text.nullable().optional(), lastSeen: z.number().optional() }).passthrough(),
              )
              .max(1_000)
              .default([]),
          })
          .passthrough(),
      )
      .max(100_000),
  })
  .passthrough();

/** The rows with a usable MAC (Pi-hole also lists `ip-…` pseudo addresses for clients without one). */
export function networkHostsOf(answer: z.infer<typeof networkDevicesSchema>): DnsNetworkHost[] {
  const hosts: DnsNetworkHost[] = [];
  for (const device of answer.devices) {
    const mac = usableMac(device.hwaddr);
    if (!mac) continue;
    for (const address of device.ips) {
      const lastSeen = address.lastSeen ?? device.lastQuery ?? 0;
      hosts.push({
        mac,
        ip: address.ip,
        ...(address.name ? { name: address.name } : {}),
        ...(device.macVendor ? { vendor: device.macVendor } : {}),
        ...(device.firstSeen ? { firstSeenMs: device.firstSeen * 1000 } : {}),
        lastSeenMs: lastSeen * 1000,
      });
    }
  }
  return hosts;
}

/**
 * AdGuard Home's clients (`GET /control/clients`, internal/home/clientshttp.go): persistent clients the owner named,
 * each with `ids` that may be IP addresses, CIDRs, MACs or ClientIDs, and runtime clients (`auto_clients`: an `ip`
 * and the `name` AdGuard learnt from rDNS, DHCP, ARP or /etc/hosts). A persistent client with a MAC and an address is
 * a MAC ↔ IP ↔ name row, like Pi-hole's network table; runtime clients carry no MAC and add only a name.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { usableMac } from '../../net/mac.ts';
import type { DnsNetworkHost } from '../types.ts';

const text = z.string().max(1_000);
export const adguardClientsSchema = z
  .object({
    clients: z
      .array(z.object({ name: text, ids: z.array(text).max(1_000).default([]) }).passthrough())
      .max(10_000)
      .nullable()
      .default([]),
    auto_clients: z
      .array(z.object({ name: text.optional(), ip: text, source: text.optional() }).passthrough())
      .max(100_000)
      .nullable()
      .default([]),
  })
  .passthrough();
export type AdguardClients = z.infer<typeof adguardClientsSchema>;

/** The persistent clients that name both a MAC and an address, as network-table rows. */
export function adguardNetworkHosts(clients: AdguardClients, seenMs: number): DnsNetworkHost[] {
  const hosts: DnsNetworkHost[] = [];
  for (const client of clients.clients ?? []) {
    const mac = client.ids.map((id) => usableMac(id)).find((m) => m !== undefined);
    const ips = client.ids.filter((id) => isIP(id) !== 0);
    if (!mac) continue;
    for (const ip of ips) hosts.push({ mac, ip, name: client.name, lastSeenMs: seenMs });
  }
  return hosts;
}

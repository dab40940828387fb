/**
 * The lab's flows, beside its DNS traffic: every name a lab device looks up and is allowed to resolve is followed by
 * a connection to the address the answer gave (TCP 443, or UDP 123 for time servers), as a NetFlow exporter on the
 * router would report it, forward and reply. Addresses come from a hash of the name inside 198.51.100.0/24 and
 * 203.0.113.0/24 (RFC 5737 documentation ranges: the lab never contacts them). The answers are returned too, so the
 * store can name the flows' destinations as a dnsmasq log would.
 */
import { createHash } from 'node:crypto';
import type { FlowRecord } from '../../sources/flows/flow-record.ts';
import type { DnsAnswer } from '../../sources/types.ts';
import type { GeneratedQuery } from '../dns-traffic/traffic-model.ts';

export interface GeneratedFlows {
  records: FlowRecord[];
  answers: DnsAnswer[];
}

const addresses = new Map<string, string>();

/** The lab's answer for a name: stable, inside the documentation ranges. */
export function labAddressFor(domain: string): string {
  const known = addresses.get(domain);
  if (known) return known;
  const digest = createHash('sha256').update(domain).digest();
  const net = digest[0]! % 2 === 0 ? '198.51.100' : '203.0.113';
  const address = `${net}.${(digest[1]! % 250) + 2}`;
  if (addresses.size < 100_000) addresses.set(domain, address);
  return address;
}

/**
 * Flows (forward and reply) for the allowed queries, and one answer per name and client. `sampleEvery` keeps one
 * lookup in N of each client and name (the first always), so a demo can have days of traffic without millions of
 * records: every destination still appears, only less often.
 */
export function flowsForQueries(
  queries: Iterable<GeneratedQuery>,
  options: { sampleEvery?: number } = {},
): GeneratedFlows {
  const records: FlowRecord[] = [];
  const answers = new Map<string, DnsAnswer>();
  const seen = new Map<string, number>();
  const every = Math.max(1, options.sampleEvery ?? 1);
  let port = 40_000;
  for (const query of queries) {
    if (query.status !== 'FORWARDED' && query.status !== 'CACHE') continue;
    if (query.type !== 'A') continue;
    const key = `${query.domain}|${query.client}`;
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    if (count % every !== 0) continue;
    const address = labAddressFor(query.domain);
    answers.set(key, {
      domain: query.domain,
      address,
      client: query.client,
      timeMs: query.timeMs,
    });
    const ntp = /(^|\.)(ntp|time|pool\.ntp)\b/.test(query.domain);
    const protocol = ntp ? 17 : 6;
    const service = ntp ? 123 : 443;
    port = port >= 60_000 ? 40_000 : port + 1;
    const startMs = query.timeMs + 50;
    const endMs = startMs + (ntp ? 20 : 800);
    records.push(
      {
        startMs,
        endMs,
        srcAddr: query.client,
        dstAddr: address,
        srcPort: port,
        dstPort: service,
        protocol,
        packets: ntp ? 1 : 8,
        bytes: ntp ? 76 : 1400,
      },
      {
        startMs,
        endMs,
        srcAddr: address,
        dstAddr: query.client,
        srcPort: service,
        dstPort: port,
        protocol,
        packets: ntp ? 1 : 6,
        bytes: ntp ? 76 : 5200,
      },
    );
  }
  return { records, answers: [...answers.values()] };
}

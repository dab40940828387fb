import { displayName } from '../../families/display-name.ts';

/**
 * The DNS analysis of the whole home: map the sinkhole's clients to inventory devices, build each device's
 * profile, explain chatty devices from their configuration, and attach the profiles to the devices' facts so the
 * `privacy.*` checks can run. This is the entry point for `iotwarden dns report`, the report and the benchmark.
 */

import { BUILT_IN_DOMAIN_DATA } from '../../checks/domain-data.ts';
import type { DeviceDnsProfile, HostFactsWithDns } from '../../checks/privacy-facts.ts';
import { isPhoneHome } from '../../checks/privacy-phone-home.ts';
import type { HostFacts } from '../../families/facts.ts';
import { usableMac } from '../../net/mac.ts';
import type { AnalysisPair, DeviceSummary, DnsRepository, Store } from '../../store/index.ts';
import { buildProfile } from './build-profile.ts';
import { type DomainClassifier, domainClassifier, type UserDomainEntry } from './classify-domain.ts';
import { explainFromPeers } from './explain-traffic.ts';
import { mapClients } from './map-clients.ts';

export interface DeviceDnsReport {
  deviceId: string;
  /** The device's name, else its address. Untrusted. */
  label: string;
  address: string;
  /** The device's latest facts with `dns` attached. */
  host: HostFactsWithDns;
  profile: DeviceDnsProfile;
}

export interface UnmappedClient {
  ip: string;
  mac: string | undefined;
  name: string | undefined;
  queries: number;
}

export interface DnsAnalysis {
  /** Version of the built-in domain data used. */
  dataVersion: string;
  windowStartMs: number;
  windowEndMs: number;
  totalQueries: number;
  /** Busiest first. */
  devices: DeviceDnsReport[];
  /** Clients no inventory device could be tied to (scan the network, or they are not IoT devices). */
  unmapped: UnmappedClient[];
}

export interface AnalyseDnsOptions {
  /** The owner's domain entries (iotwarden.yaml `dns.domains`). */
  userDomains?: readonly UserDomainEntry[];
  /** Record the client → device mapping on dns_clients (default true; off for read-only stores). */
  persistMapping?: boolean;
  classify?: DomainClassifier;
}

/** Analyses every imported DNS query of the inventory `store`. Devices without DNS data are left out. */
export async function analyseDns(store: Store, options: AnalyseDnsOptions = {}): Promise<DnsAnalysis> {
  const devices = await store.devices();
  // A read-only store (the inventory's read commands) cannot record the mapping; the analysis is the same.
  const persist = (options.persistMapping ?? true) && !store.readonly;
  return analyseWith(store.dns, devices, options, persist);
}

/**
 * The analysis when DNS data was ever imported, else undefined: what `report`, `findings` and `devices` should pass
 * to modelFromStore, so homes without a sinkhole pay nothing. Never writes (the mapping is recorded by dns commands).
 */
export async function analyseDnsIfImported(
  store: Store,
  options: Omit<AnalyseDnsOptions, 'persistMapping'> = {},
): Promise<DnsAnalysis | undefined> {
  return store.dns.analysis.hasData() ? analyseDns(store, { ...options, persistMapping: false }) : undefined;
}

function analyseWith(
  dns: DnsRepository,
  devices: readonly DeviceSummary[],
  options: AnalyseDnsOptions,
  persist: boolean,
): DnsAnalysis {
  const classify = options.classify ?? domainClassifier(options.userDomains ?? []);
  const queries = dns.analysis;
  const clients = queries.clients();
  const mapping = mapClients(clients, devices, queries.addressHoldings());
  if (persist) dns.saveClientDevices(new Map([...mapping].map(([id, m]) => [id, m?.deviceId ?? null])));
  const ipById = new Map(clients.map((c) => [c.id, c.ip]));
  const pairs = queries.pairs();
  const startMs = pairs.reduce((min, p) => Math.min(min, p.firstMs), Number.POSITIVE_INFINITY);
  const endMs = pairs.reduce((max, p) => Math.max(max, p.lastMs), Number.NEGATIVE_INFINITY);
  const perClient = groupBy(pairs, (p) => p.clientId);
  const hourly = groupBy(queries.hourlyByClient(Number.isFinite(startMs) ? startMs - 3_600_000 : 0), (h) => h.clientId);
  const byDevice = new Map<string, number[]>();
  for (const [clientId, mapped] of mapping) {
    if (!mapped) continue;
    byDevice.set(mapped.deviceId, [...(byDevice.get(mapped.deviceId) ?? []), clientId]);
  }
  const reports: DeviceDnsReport[] = [];
  for (const device of devices) {
    const clientIds = byDevice.get(device.deviceId) ?? [];
    const devicePairs = clientIds.flatMap((id) => perClient.get(id) ?? []);
    if (devicePairs.length === 0) continue;
    const profile = buildProfile({
      host: device.facts,
      clients: clientIds.map((id) => ({
        ip: ipById.get(id) ?? '?',
        mappedBy: mapping.get(id)?.mappedBy ?? 'address',
      })),
      pairs: devicePairs,
      hourly: clientIds.flatMap((id) => hourly.get(id) ?? []),
      window: { startMs, endMs },
      classify,
    });
    const cloudDespiteOff = profile.cloud.cloudSetting === false && profile.cloud.vendorCloudDomains.length > 0;
    if (profile.domains.some(isPhoneHome) || cloudDespiteOff) {
      profile.explanations = explainFromPeers(device, devices);
    }
    reports.push({
      deviceId: device.deviceId,
      label: deviceLabelOf(device),
      address: device.address,
      host: { ...device.facts, dns: profile },
      profile,
    });
  }
  reports.sort((a, b) => b.profile.queries - a.profile.queries || a.label.localeCompare(b.label));
  const unmapped = clients
    .filter((c) => !mapping.get(c.id))
    .map((c) => ({
      ip: c.ip,
      mac: c.mac ?? undefined,
      name: c.name ?? undefined,
      queries: sum(perClient.get(c.id) ?? []),
    }))
    .filter((c) => c.queries > 0)
    .sort((a, b) => b.queries - a.queries);
  return {
    dataVersion: BUILT_IN_DOMAIN_DATA.version,
    windowStartMs: Number.isFinite(startMs) ? startMs : 0,
    windowEndMs: Number.isFinite(endMs) ? endMs : 0,
    totalQueries: sum(pairs),
    devices: reports,
    unmapped,
  };
}

/** The name a report shows: the owner's name for it (a Cast device's `fn` TXT record), else its host name or address. */
export function deviceLabelOf(device: DeviceSummary): string {
  return displayName(device.facts) ?? device.name ?? device.address;
}

/** The facts of every device, with `dns` attached where the analysis has a profile: what the checks should see. */
export function hostsWithDns(devices: readonly DeviceSummary[], analysis: DnsAnalysis): HostFactsWithDns[] {
  const byId = new Map(analysis.devices.map((d) => [d.deviceId, d.profile]));
  return devices.map((device) => {
    const profile = byId.get(device.deviceId);
    return profile ? { ...device.facts, dns: profile } : device.facts;
  });
}

/**
 * Attaches DNS profiles to freshly scanned hosts (no store ids yet): by MAC, else by address. For the scan
 * pipeline, so a scan of a home whose sinkhole was imported runs the `privacy.*` checks too.
 */
export function attachDnsByIdentity(hosts: readonly HostFacts[], analysis: DnsAnalysis): HostFactsWithDns[] {
  const byMac = new Map<string, DeviceDnsProfile>();
  const byAddress = new Map<string, DeviceDnsProfile>();
  for (const device of analysis.devices) {
    const mac = usableMac(device.host.mac) ?? usableMac(device.host.device?.mac);
    if (mac) byMac.set(mac, device.profile);
    byAddress.set(device.address, device.profile);
  }
  return hosts.map((host) => {
    const mac = usableMac(host.mac) ?? usableMac(host.device?.mac);
    const profile = (mac ? byMac.get(mac) : undefined) ?? byAddress.get(host.address);
    return profile ? { ...host, dns: profile } : host;
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const result = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = result.get(k);
    if (list) list.push(item);
    else result.set(k, [item]);
  }
  return result;
}

function sum(pairs: readonly Pick<AnalysisPair, 'queries'>[]): number {
  return pairs.reduce((total, pair) => total + pair.queries, 0);
}

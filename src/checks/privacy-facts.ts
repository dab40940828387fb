/**
 * DNS facts of one device, as the DNS analysis (src/app/dns) derives them from a sinkhole's query log. The
 * `privacy.*` checks read them from `HostFacts.dns`; a host without DNS data simply has no `dns` and the checks pass.
 */
import type { HostFacts } from '../families/facts.ts';

/** What a domain is, as far as iotwarden's data (or the owner's config) knows. */
export type DomainCategory = 'vendor-cloud' | 'time' | 'tracking' | 'cdn' | 'local' | 'unknown';

/** Where a classification came from, so every label in a report can be traced to a public fact or the owner. */
export interface ClassificationSource {
  /** `built-in`: src/checks/data/domains.json; `config`: iotwarden.yaml `dns.domains`; `none`: nothing matched. */
  origin: 'built-in' | 'config' | 'none';
  /** e.g. `built-in data 2025.1, entry shelly.cloud` or `iotwarden.yaml dns.domains[0]`. */
  label: string;
  /** The public fact the entry rests on (URL, RFC section, fixture file). */
  reference?: string;
}

export interface DomainClassification {
  category: DomainCategory;
  /** Whose service it is (`Shelly`, `TP-Link`, `Google`), when known. */
  vendor?: string;
  note?: string;
  /** The suffix that matched (`shelly.cloud` for `iot.shelly.cloud`). */
  matched?: string;
  source: ClassificationSource;
}

/** How regularly a device asks for one name. */
export interface QueryPeriod {
  /** Median time between consecutive queries. */
  medianIntervalMs: number;
  /** Median absolute deviation of the intervals divided by the median: 0 is a metronome. */
  spread: number;
  /** Enough intervals and a small spread: the queries come from a timer, not from people. */
  regular: boolean;
  intervals: number;
}

/** One domain a device asked for. */
export interface DomainActivity {
  domain: string;
  queries: number;
  blocked: number;
  firstSeenMs: number;
  lastSeenMs: number;
  classification: DomainClassification;
  period?: QueryPeriod;
  /** First asked for after the device's baseline period. */
  isNew: boolean;
  /** The sinkhole blocked it and the device kept asking (queries per minute while blocked). */
  blockedRetry?: { blocked: number; perMinute: number };
}

/** Does the device need the internet, what is its cloud switch, and what did it actually do. */
export interface CloudDependence {
  needsInternet: 'no' | 'setup' | 'yes' | 'unknown';
  /** Where `needsInternet` comes from (vendor knowledge entry). */
  needsInternetSource?: string;
  /** The device's own cloud setting (DeviceFacts.cloud), undefined when not read. */
  cloudSetting: boolean | undefined;
  /** Domains of the device's own vendor's cloud it asked for. */
  vendorCloudDomains: string[];
  /** One sentence for the report. */
  summary: string;
}

/** A setting in which the device is the odd one out among devices of its model (from the config diff). */
export interface SettingExplanation {
  /** `sntp.server`. */
  path: string;
  /** This device's value. */
  value: string;
  /** The value most devices of its model hold, and how many of how many do. */
  peersValue: string;
  peersAgreeing: number;
  peers: number;
  /** Why the setting causes traffic. */
  hint: string;
}

export interface DeviceDnsProfile {
  /** The sinkhole clients (addresses) mapped to this device, and how. */
  clients: string[];
  mappedBy: 'mac' | 'address';
  windowStartMs: number;
  windowEndMs: number;
  queries: number;
  blocked: number;
  /** Busiest first. */
  domains: DomainActivity[];
  /** Queries per bucket over the window, for charts. */
  timeline: { startMs: number; bucketMs: number; counts: number[] };
  /** Latest hour against the device's own median hour; undefined with less than a day of data. */
  rate?: { baselinePerHour: number; recentPerHour: number; factor: number; anomaly: boolean };
  cloud: CloudDependence;
  /** Settings that likely explain unusual traffic. */
  explanations: SettingExplanation[];
}

/** HostFacts with the DNS profile the analysis attached. */
export interface HostFactsWithDns extends HostFacts {
  dns?: DeviceDnsProfile;
}

/** The DNS profile of a host, when the DNS analysis attached one. */
export function dnsOf(host: HostFacts): DeviceDnsProfile | undefined {
  return (host as HostFactsWithDns).dns;
}

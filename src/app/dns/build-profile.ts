/**
 * One device's DNS profile from its stored pairs and hourly counts: per-domain counts, classification, period,
 * new and blocked-then-retried names, the hourly timeline, the rate against its own baseline and its cloud
 * dependence. Pure: the inputs come from the store's DNS analysis reads, the output goes to the checks and reports.
 */
import type { DeviceDnsProfile, DomainActivity } from '../../checks/privacy-facts.ts';
import type { HostFacts } from '../../families/facts.ts';
import { DNS_BUCKET_MS } from '../../sources/types.ts';
import type { AnalysisPair } from '../../store/index.ts';
import type { DomainClassifier } from './classify-domain.ts';
import { cloudDependence } from './cloud-dependence.ts';
import { IntervalHistogram } from './periodicity.ts';

/**
 * A domain is "new" when the sinkhole had watched for at least NEW_BASELINE_MS before it first appeared, the device
 * itself had been active for NEW_DEVICE_KNOWN_MS without it (a device that just joined is not "changing"), and it
 * appeared within NEW_RECENT_MS of the data's end (older changes are history, not news).
 */
export const NEW_BASELINE_MS = 24 * 3_600_000;
export const NEW_DEVICE_KNOWN_MS = 6 * 3_600_000;
export const NEW_RECENT_MS = 7 * 24 * 3_600_000;
/** A blocked name asked for at least this often per minute, mostly blocked, is a retry loop. */
const RETRY_MIN_BLOCKED = 10;
const RETRY_MIN_PER_MINUTE = 0.5;
/** The rate check needs a day of hours to know the device's normal. */
const RATE_MIN_HOURS = 24;
const RATE_FACTOR = 3;
const RATE_MIN_EXCESS = 30;
/** Charts show at most this many hours (30 days). */
export const TIMELINE_MAX_BUCKETS = 720;

export interface ProfileInput {
  host: HostFacts;
  clients: Array<{ ip: string; mappedBy: 'mac' | 'address' }>;
  pairs: readonly AnalysisPair[];
  /** Hourly totals of the device's clients, any order. */
  hourly: ReadonlyArray<{ bucketMs: number; queries: number }>;
  window: { startMs: number; endMs: number };
  classify: DomainClassifier;
}

export function buildProfile(input: ProfileInput): DeviceDnsProfile {
  const domains = mergeDomains(input.pairs, input.classify);
  const deviceFirstMs = domains.reduce((min, d) => Math.min(min, d.firstSeenMs), Number.POSITIVE_INFINITY);
  for (const domain of domains) {
    domain.isNew =
      domain.firstSeenMs - input.window.startMs >= NEW_BASELINE_MS &&
      domain.firstSeenMs - deviceFirstMs >= NEW_DEVICE_KNOWN_MS &&
      domain.firstSeenMs >= input.window.endMs - NEW_RECENT_MS;
  }
  const profile: DeviceDnsProfile = {
    clients: input.clients.map((c) => c.ip),
    mappedBy: input.clients.every((c) => c.mappedBy === 'mac') ? 'mac' : 'address',
    windowStartMs: input.window.startMs,
    windowEndMs: input.window.endMs,
    queries: domains.reduce((sum, d) => sum + d.queries, 0),
    blocked: domains.reduce((sum, d) => sum + d.blocked, 0),
    domains,
    timeline: timeline(input.hourly, input.window),
    cloud: cloudDependence(input.host, domains),
    explanations: [],
  };
  const rate = rateOf(input.hourly, input.window.endMs);
  if (rate) profile.rate = rate;
  return profile;
}

function mergeDomains(pairs: readonly AnalysisPair[], classify: DomainClassifier): DomainActivity[] {
  const merged = new Map<string, { activity: DomainActivity; histogram: IntervalHistogram }>();
  for (const pair of pairs) {
    let entry = merged.get(pair.domain);
    if (!entry) {
      entry = {
        activity: {
          domain: pair.domain,
          queries: 0,
          blocked: 0,
          firstSeenMs: pair.firstMs,
          lastSeenMs: pair.lastMs,
          classification: classify(pair.domain),
          isNew: false,
        },
        histogram: new IntervalHistogram(),
      };
      merged.set(pair.domain, entry);
    }
    const a = entry.activity;
    a.queries += pair.queries;
    a.blocked += pair.blocked;
    a.firstSeenMs = Math.min(a.firstSeenMs, pair.firstMs);
    a.lastSeenMs = Math.max(a.lastSeenMs, pair.lastMs);
    entry.histogram.addStored(pair.histJson);
  }
  const result: DomainActivity[] = [];
  for (const { activity, histogram } of merged.values()) {
    const period = histogram.summary();
    if (period) activity.period = period;
    const minutes = Math.max(1, (activity.lastSeenMs - activity.firstSeenMs) / 60_000);
    const perMinute = activity.blocked / minutes;
    if (
      activity.blocked >= RETRY_MIN_BLOCKED &&
      activity.blocked * 2 >= activity.queries &&
      perMinute >= RETRY_MIN_PER_MINUTE
    ) {
      activity.blockedRetry = { blocked: activity.blocked, perMinute: Math.round(perMinute * 10) / 10 };
    }
    result.push(activity);
  }
  return result.sort((a, b) => b.queries - a.queries || a.domain.localeCompare(b.domain));
}

function timeline(
  hourly: ReadonlyArray<{ bucketMs: number; queries: number }>,
  window: { startMs: number; endMs: number },
): DeviceDnsProfile['timeline'] {
  const endBucket = floorHour(window.endMs);
  const startMs = Math.max(floorHour(window.startMs), endBucket - (TIMELINE_MAX_BUCKETS - 1) * DNS_BUCKET_MS);
  const counts = new Array<number>(Math.round((endBucket - startMs) / DNS_BUCKET_MS) + 1).fill(0);
  for (const { bucketMs, queries } of hourly) {
    const index = Math.round((bucketMs - startMs) / DNS_BUCKET_MS);
    if (index >= 0 && index < counts.length) counts[index] = (counts[index] ?? 0) + queries;
  }
  return { startMs, bucketMs: DNS_BUCKET_MS, counts };
}

/** The last complete hour against the median hour of the device's active history before it. */
function rateOf(hourly: ReadonlyArray<{ bucketMs: number; queries: number }>, endMs: number): DeviceDnsProfile['rate'] {
  const perHour = new Map<number, number>();
  for (const { bucketMs, queries } of hourly) perHour.set(bucketMs, (perHour.get(bucketMs) ?? 0) + queries);
  // The hour holding the window's end is usually partial; the one before it is the latest complete hour.
  const recentBucket = floorHour(endMs) - DNS_BUCKET_MS;
  const history = [...perHour.entries()].filter(([bucket]) => bucket < recentBucket).map(([, n]) => n);
  if (history.length < RATE_MIN_HOURS) return undefined;
  history.sort((a, b) => a - b);
  const baseline = history[Math.floor(history.length / 2)] ?? 0;
  const recent = perHour.get(recentBucket) ?? 0;
  const factor = baseline > 0 ? recent / baseline : recent > 0 ? Number.POSITIVE_INFINITY : 1;
  return {
    baselinePerHour: baseline,
    recentPerHour: recent,
    factor: Number.isFinite(factor) ? Math.round(factor * 10) / 10 : 999,
    anomaly: recent >= RATE_FACTOR * Math.max(baseline, 1) && recent - baseline >= RATE_MIN_EXCESS,
  };
}

function floorHour(ms: number): number {
  return ms - (ms % DNS_BUCKET_MS);
}

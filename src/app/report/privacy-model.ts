/**
 * The privacy part of the report model: what each device said to the internet, from the DNS analysis. Like the
 * rest of the model it holds exact values; renderers escape device-supplied and sinkhole-supplied text.
 */
import type { DomainCategory } from '../../checks/privacy-facts.ts';

export interface PrivacyDestination {
  domain: string;
  category: DomainCategory;
  vendor: string | null;
  queries: number;
  blocked: number;
  /** "every 1.0 s" when the lookups come from a timer, else null. */
  period: string | null;
  periodMs: number | null;
  isNew: boolean;
  /** Blocked and asked for again and again. */
  blockedRetry: boolean;
  /** Where the classification came from (entry and public source, or the owner's config). */
  source: string;
}

export interface PrivacyDevice {
  /** The report's device id (same as in `devices`). */
  id: string;
  name: string | null;
  address: string;
  queries: number;
  blocked: number;
  /** Busiest first, at most PRIVACY_TOP_DESTINATIONS. */
  destinations: PrivacyDestination[];
  moreDestinations: number;
  /** Queries per hour. */
  timeline: { startMs: number; bucketMs: number; counts: number[] };
  /** Cloud dependence in one sentence. */
  cloud: string;
  needsInternet: 'no' | 'setup' | 'yes' | 'unknown';
  cloudSetting: boolean | null;
  rate: { baselinePerHour: number; recentPerHour: number; anomaly: boolean } | null;
  /** Settings that likely explain unusual traffic, as sentences. */
  explanations: string[];
}

export interface PrivacySection {
  /** ISO 8601 bounds of the imported DNS data. */
  windowStart: string;
  windowEnd: string;
  /** Version of the built-in domain data. */
  dataVersion: string;
  totalQueries: number;
  devices: PrivacyDevice[];
  /** Sinkhole clients no inventory device matched. */
  unmapped: Array<{ ip: string; name: string | null; queries: number }>;
}

export const PRIVACY_TOP_DESTINATIONS = 10;

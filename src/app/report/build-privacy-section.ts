/** Turns a DNS analysis into the report's privacy section. */

import type { DomainActivity } from '../../checks/privacy-facts.ts';
import { explanationText } from '../../checks/privacy-steps.ts';
import type { DnsAnalysis } from '../dns/analyse-dns.ts';
import { formatInterval } from '../dns/periodicity.ts';
import { PRIVACY_TOP_DESTINATIONS, type PrivacyDestination, type PrivacySection } from './privacy-model.ts';

export function buildPrivacySection(
  analysis: DnsAnalysis,
  idOf: (deviceId: string) => string = (id) => id,
): PrivacySection {
  return {
    windowStart: new Date(analysis.windowStartMs).toISOString(),
    windowEnd: new Date(analysis.windowEndMs).toISOString(),
    dataVersion: analysis.dataVersion,
    totalQueries: analysis.totalQueries,
    devices: analysis.devices.map(({ deviceId, label, address, profile }) => ({
      id: idOf(deviceId),
      name: label,
      address,
      queries: profile.queries,
      blocked: profile.blocked,
      destinations: profile.domains.slice(0, PRIVACY_TOP_DESTINATIONS).map(destination),
      moreDestinations: Math.max(0, profile.domains.length - PRIVACY_TOP_DESTINATIONS),
      timeline: profile.timeline,
      cloud: profile.cloud.summary,
      needsInternet: profile.cloud.needsInternet,
      cloudSetting: profile.cloud.cloudSetting ?? null,
      rate: profile.rate
        ? {
            baselinePerHour: profile.rate.baselinePerHour,
            recentPerHour: profile.rate.recentPerHour,
            anomaly: profile.rate.anomaly,
          }
        : null,
      explanations: profile.explanations.map(explanationText),
    })),
    unmapped: analysis.unmapped.map((client) => ({
      ip: client.ip,
      name: client.name ?? null,
      queries: client.queries,
    })),
  };
}

/** One destination row; `source` names the data entry and the public fact behind it. */
export function destination(domain: DomainActivity): PrivacyDestination {
  const { classification, period } = domain;
  const source = classification.source;
  return {
    domain: domain.domain,
    category: classification.category,
    vendor: classification.vendor ?? null,
    queries: domain.queries,
    blocked: domain.blocked,
    period: period?.regular ? formatInterval(period.medianIntervalMs) : null,
    periodMs: period?.regular ? period.medianIntervalMs : null,
    isNew: domain.isNew,
    blockedRetry: domain.blockedRetry !== undefined,
    source: source.reference ? `${source.label} — ${source.reference}` : source.label,
  };
}

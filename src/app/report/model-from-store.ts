import type { Store } from '../../store/index.ts';
import { type DnsAnalysis, hostsWithDns } from '../dns/analyse-dns.ts';
import { buildPrivacySection } from './build-privacy-section.ts';
import { buildReportModel } from './build-report-model.ts';
import type { ReportModel } from './report-model.ts';

export interface ModelFromStoreOptions {
  /** The DNS analysis (src/app/dns): adds the privacy section and lets the `privacy.*` checks run. */
  dns?: DnsAnalysis | undefined;
}

/**
 * The report model of the home as the inventory knows it now: every device's latest observation, checked and scored
 * again with the current catalogue (so a catalogue update shows without a rescan). Ids are the store's device ids.
 */
export async function modelFromStore(store: Store, options: ModelFromStoreOptions = {}): Promise<ReportModel> {
  const devices = await store.devices();
  const idByAddress = new Map(devices.map((d) => [d.facts.address, d.deviceId]));
  const lastSeenMs = Math.max(0, ...devices.map((d) => d.lastSeenMs));
  const hosts = options.dns ? hostsWithDns(devices, options.dns) : devices.map((d) => d.facts);
  const model = buildReportModel(hosts, {
    scannedAt: new Date(lastSeenMs),
    idOf: (host) => idByAddress.get(host.address) ?? host.address,
  });
  if (options.dns && options.dns.devices.length + options.dns.unmapped.length > 0) {
    model.privacy = buildPrivacySection(options.dns);
  }
  return model;
}

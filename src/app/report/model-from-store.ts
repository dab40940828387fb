import { scoreHome } from '../../checks/score.ts';
import type { DeviceSummary, Store } from '../../store/index.ts';
import { type DnsAnalysis, hostsWithDns } from '../dns/analyse-dns.ts';
import { buildPrivacySection } from './build-privacy-section.ts';
import { buildReportModel } from './build-report-model.ts';
import type { ReportDeviceContext, ReportModel } from './report-model.ts';

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
  attachContext(model, devices);
  if (options.dns && options.dns.devices.length + options.dns.unmapped.length > 0) {
    model.privacy = buildPrivacySection(options.dns);
  }
  return model;
}

/**
 * Adds each device's room, controlling integration and sources, and keeps devices no scan has seen out of the home
 * score: with no services and no findings they would score 100, a verdict nobody made.
 */
function attachContext(model: ReportModel, devices: readonly DeviceSummary[]): void {
  const byId = new Map(devices.map((d) => [d.deviceId, d]));
  for (const device of model.devices) {
    const summary = byId.get(device.id);
    if (summary) device.context = contextOf(summary);
    if (summary?.name) device.name = summary.name;
  }
  const scored = model.devices.filter((d) => d.context?.scanned !== false).map((d) => d.score);
  model.homeScore = scoreHome(scored);
  model.summary.homeScore = model.homeScore;
}

function contextOf(summary: DeviceSummary): ReportDeviceContext {
  const { context } = summary;
  return {
    scanned: summary.scanned,
    area: context.area ?? null,
    floor: context.floor ?? null,
    homeAssistant: context.homeAssistant
      ? { integration: context.homeAssistant.integration, title: context.homeAssistant.title ?? null }
      : null,
    sources: [...new Set(context.sources.map((s) => s.source))],
  };
}

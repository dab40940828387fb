import type { Store } from '../../store/index.ts';
import { buildReportModel } from './build-report-model.ts';
import type { ReportModel } from './report-model.ts';

/**
 * The report model of the home as the inventory knows it now: every device's latest observation, checked and scored
 * again with the current catalogue (so a catalogue update shows without a rescan). Ids are the store's device ids.
 */
export async function modelFromStore(store: Store): Promise<ReportModel> {
  const devices = await store.devices();
  const idByAddress = new Map(devices.map((d) => [d.facts.address, d.deviceId]));
  const lastSeenMs = Math.max(0, ...devices.map((d) => d.lastSeenMs));
  return buildReportModel(
    devices.map((d) => d.facts),
    { scannedAt: new Date(lastSeenMs), idOf: (host) => idByAddress.get(host.address) ?? host.address },
  );
}

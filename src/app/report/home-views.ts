/**
 * The read-only views of the inventory behind `devices`, `device`, `findings` and `report`: the home's report model,
 * one device in detail, and the findings at or above a severity. The CLI prints them; the dashboard will serve them.
 */
import { SEVERITIES, type Severity } from '../../checks/finding.ts';
import type { DeviceDetail, Store } from '../../store/index.ts';
import { requireDevice } from '../diff/device-diff.ts';
import { analyseDnsIfImported } from '../dns/analyse-dns.ts';
import { buildReportModel } from './build-report-model.ts';
import { modelFromStore } from './model-from-store.ts';
import { type JsonFinding, toJsonReport } from './render-json.ts';
import type { ReportDevice, ReportModel } from './report-model.ts';

/** A home with no devices: what a database that does not exist yet holds. */
export function emptyHomeModel(): ReportModel {
  return buildReportModel([], { scannedAt: new Date(0) });
}

/** The home as the inventory knows it; DNS data, when some was imported, adds the privacy section and checks. */
export async function homeModel(store: Store): Promise<ReportModel> {
  return modelFromStore(store, { dns: await analyseDnsIfImported(store) });
}

export interface DeviceView {
  /** What the store keeps: addresses over time, first and last seen, the stored findings. */
  detail: DeviceDetail;
  /** The device as the report model scores it now (undefined only if it has no observation). */
  device: ReportDevice | undefined;
  model: ReportModel;
}

/** One device by id, name, address or MAC; a usage error when nothing matches. */
export async function deviceView(store: Store, ref: string): Promise<DeviceView> {
  const detail = await requireDevice(store, ref);
  const model = await homeModel(store);
  return { detail, device: model.devices.find((d) => d.id === detail.deviceId), model };
}

/** The `--json` object of `device`: the contract's device entry plus the address history. */
export function deviceViewJson(view: DeviceView): Record<string, unknown> {
  const devices = view.device ? [view.device] : [];
  return {
    device: toJsonReport({ ...view.model, devices }).devices[0] ?? null,
    addressHistory: view.detail.addressHistory,
    firstSeenMs: view.detail.firstSeenMs,
    lastSeenMs: view.detail.lastSeenMs,
  };
}

/** The model with only the findings of `minimum` severity or worse (summary and top actions unchanged). */
export function findingsAtLeast(model: ReportModel, minimum: Severity): ReportModel {
  const rank = SEVERITIES.indexOf(minimum);
  return {
    ...model,
    devices: model.devices.map((d) => ({
      ...d,
      findings: d.findings.filter((f) => SEVERITIES.indexOf(f.severity) <= rank),
    })),
  };
}

export type FindingRow = JsonFinding & { deviceId: string; device: string | null; address: string | null };

/** Every finding of the model as one flat list, each naming its device. */
export function findingRows(model: ReportModel): FindingRow[] {
  return toJsonReport(model).devices.flatMap((d) =>
    d.findings.map((f) => ({ deviceId: d.id, device: d.name, address: d.addresses[0] ?? null, ...f })),
  );
}

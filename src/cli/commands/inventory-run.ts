/** `devices`, `device` and `findings`, the implementation (definitions in inventory.ts). */
import {
  deviceView,
  deviceViewJson,
  emptyHomeModel,
  findingRows,
  findingsAtLeast,
  homeModel,
} from '../../app/report/home-views.ts';
import { renderJson } from '../../app/report/render-json.ts';
import type { ReportModel } from '../../app/report/report-model.ts';
import type { Severity } from '../../checks/finding.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { inventoryExists, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { colorEnabled } from '../output/color.ts';
import { printDeviceDetail } from '../output/device-detail.ts';
import { renderDeviceTable, renderFindingTable } from '../output/report-tables.ts';
import { severityLine, topActionsText } from '../output/scan-summary.ts';

/** The home as the inventory knows it; a database that does not exist yet is simply an empty home. */
async function readHomeModel(db: string | undefined, deps: CliDeps): Promise<ReportModel> {
  if (!inventoryExists(db, deps)) return emptyHomeModel();
  return withStore(db, deps, homeModel, { readonly: true });
}

/** Tables fit the terminal, up to 120 columns; a pipe gets 100. */
const tableWidth = (deps: CliDeps): number => Math.min(deps.out.columns ?? 100, 120);

/** The options every inventory view parses. */
export interface ViewOptions {
  json?: true | undefined;
  db?: string | undefined;
}

export async function runDevices(options: ViewOptions, deps: CliDeps): Promise<void> {
  const model = await readHomeModel(options.db, deps);
  const color = colorEnabled(deps.out, deps.env);
  if (options.json) deps.out.write(renderJson(model));
  else if (model.devices.length === 0) deps.out.write('No devices yet: run iotwarden scan first.\n');
  else deps.out.write(`${renderDeviceTable(model, { width: tableWidth(deps), color })}\n`);
}

export async function runDevice(ref: string, options: ViewOptions, deps: CliDeps): Promise<void> {
  const view = await withStore(options.db, deps, (store) => deviceView(store, ref), { readonly: true });
  if (options.json) deps.out.write(jsonText(deviceViewJson(view)));
  else printDeviceDetail(deps.out, view.detail, view.device, colorEnabled(deps.out, deps.env));
}

export async function runFindings(options: ViewOptions & { severity: Severity }, deps: CliDeps): Promise<void> {
  const model = await readHomeModel(options.db, deps);
  const filtered = findingsAtLeast(model, options.severity);
  if (options.json) return void deps.out.write(jsonText({ findings: findingRows(filtered) }));
  const color = colorEnabled(deps.out, deps.env);
  const table = renderFindingTable(filtered, { width: tableWidth(deps), color });
  deps.out.write(`${severityLine(filtered, color)}\n${table}\n\n${topActionsText(model, color)}`);
}

/** `devices`, `device` and `findings`: read-only views of the inventory. `report` is in report.ts. */
import { type Command, Option } from '@commander-js/extra-typings';
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
import { SEVERITIES } from '../../checks/finding.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { DB_OPTION_HELP, DEVICE_ARGUMENT_HELP, inventoryExists, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { colorEnabled } from '../output/color.ts';
import { printDeviceDetail } from '../output/device-detail.ts';
import { renderDeviceTable, renderFindingTable } from '../output/report-tables.ts';
import { severityLine, topActionsText } from '../output/scan-summary.ts';

/** The home as the inventory knows it; a database that does not exist yet is simply an empty home. */
export async function readHomeModel(db: string | undefined, deps: CliDeps): Promise<ReportModel> {
  if (!inventoryExists(db, deps)) return emptyHomeModel();
  return withStore(db, deps, homeModel, { readonly: true });
}

/** Tables fit the terminal, up to 120 columns; a pipe gets 100. */
export const tableWidth = (deps: CliDeps): number => Math.min(deps.out.columns ?? 100, 120);

function registerDevices(program: Command, deps: CliDeps): void {
  program
    .command('devices')
    .description('list every known device with its score and worst finding, worst first')
    .option('--json', 'print the --json contract (see the README)')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => {
      const model = await readHomeModel(options.db, deps);
      const color = colorEnabled(deps.out, deps.env);
      if (options.json) deps.out.write(renderJson(model));
      else if (model.devices.length === 0) deps.out.write('No devices yet: run iotwarden scan first.\n');
      else deps.out.write(`${renderDeviceTable(model, { width: tableWidth(deps), color })}\n`);
    });
}

function registerDevice(program: Command, deps: CliDeps): void {
  program
    .command('device')
    .description('everything known about one device: facts, findings with evidence and fixes, history')
    .argument('<device>', DEVICE_ARGUMENT_HELP)
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (ref, options) => {
      const view = await withStore(options.db, deps, (store) => deviceView(store, ref), { readonly: true });
      if (options.json) deps.out.write(jsonText(deviceViewJson(view)));
      else printDeviceDetail(deps.out, view.detail, view.device, colorEnabled(deps.out, deps.env));
    });
}

function registerFindings(program: Command, deps: CliDeps): void {
  program
    .command('findings')
    .description('findings across the home, most severe first, then what to do first')
    .addOption(new Option('--severity <level>', 'only this severity or worse').choices(SEVERITIES).default('info'))
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => {
      const model = await readHomeModel(options.db, deps);
      const filtered = findingsAtLeast(model, options.severity);
      if (options.json) return void deps.out.write(jsonText({ findings: findingRows(filtered) }));
      const color = colorEnabled(deps.out, deps.env);
      const table = renderFindingTable(filtered, { width: tableWidth(deps), color });
      deps.out.write(`${severityLine(filtered, color)}\n${table}\n\n${topActionsText(model, color)}`);
    });
}

export function registerInventoryCommands(program: Command, deps: CliDeps): void {
  registerDevices(program, deps);
  registerDevice(program, deps);
  registerFindings(program, deps);
}

import { existsSync, writeFileSync } from 'node:fs';
import { type Command, Option } from '@commander-js/extra-typings';
import { analyseDnsIfImported } from '../../app/dns/analyse-dns.ts';
import { buildReportModel } from '../../app/report/build-report-model.ts';
import { modelFromStore } from '../../app/report/model-from-store.ts';
import { renderHtml } from '../../app/report/render-html.ts';
import { renderJson, toJsonReport } from '../../app/report/render-json.ts';
import { renderMarkdown } from '../../app/report/render-markdown.ts';
import { SEVERITIES, type Severity } from '../../checks/finding.ts';
import { UsageError } from '../../errors/index.ts';
import { resolveDbPath } from '../../store/index.ts';
import { DB_OPTION_HELP, withStore } from '../common-options.ts';
import { colorEnabled } from '../output/color.ts';
import { printDeviceDetail } from '../output/device-detail.ts';
import { renderDeviceTable, renderFindingTable } from '../output/report-tables.ts';
import { severityLine, topActionsText } from '../output/scan-summary.ts';

const out = process.stdout;

/** The home as the inventory knows it; a database that does not exist yet is simply an empty home. */
async function readModel(db: string | undefined) {
  if (!existsSync(resolveDbPath(db === undefined ? {} : { flag: db })))
    return buildReportModel([], { scannedAt: new Date(0) });
  // DNS data, when some was imported, adds the privacy section and lets the privacy checks run.
  return withStore(db, async (store) => modelFromStore(store, { dns: await analyseDnsIfImported(store) }), true);
}
const width = (): number => Math.min(out.columns ?? 100, 120);

/** `devices`, `device`, `findings` and `report`: read-only views of the inventory. */
export function registerInventoryCommands(program: Command): void {
  program
    .command('devices')
    .description('list every known device with its score and worst finding')
    .option('--json', 'print the --json contract')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => {
      const model = await readModel(options.db);
      if (options.json) out.write(renderJson(model));
      else if (model.devices.length === 0) out.write('No devices yet: run iotwarden scan first.\n');
      else out.write(`${renderDeviceTable(model, { width: width(), color: colorEnabled(out) })}\n`);
    });

  program
    .command('device')
    .description('everything known about one device: facts, findings with evidence and fixes, history')
    .argument('<device>', 'device id, name, address or MAC')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (ref, options) => {
      await withStore(
        options.db,
        async (store) => {
          const detail = await store.device(ref);
          if (!detail)
            throw new UsageError(`no device matches "${ref}" (try iotwarden devices)`, { code: 'ERR_NO_DEVICE' });
          const model = await modelFromStore(store, { dns: await analyseDnsIfImported(store) });
          const device = model.devices.find((d) => d.id === detail.deviceId);
          if (options.json)
            out.write(
              `${JSON.stringify({ device: toJsonReport({ ...model, devices: device ? [device] : [] }).devices[0] ?? null, addressHistory: detail.addressHistory, firstSeenMs: detail.firstSeenMs, lastSeenMs: detail.lastSeenMs }, null, 2)}\n`,
            );
          else printDeviceDetail(out, detail, device, colorEnabled(out));
        },
        true,
      );
    });

  program
    .command('findings')
    .description('findings across the home, most severe first')
    .addOption(new Option('--severity <level>', 'this severity or worse').choices(SEVERITIES))
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => {
      const model = await readModel(options.db);
      const minimum = SEVERITIES.indexOf((options.severity ?? 'info') as Severity);
      const filtered = {
        ...model,
        devices: model.devices.map((d) => ({
          ...d,
          findings: d.findings.filter((f) => SEVERITIES.indexOf(f.severity) <= minimum),
        })),
      };
      if (options.json) {
        const findings = toJsonReport(filtered).devices.flatMap((d) =>
          d.findings.map((f) => ({ deviceId: d.id, device: d.name, address: d.addresses[0] ?? null, ...f })),
        );
        out.write(`${JSON.stringify({ findings }, null, 2)}\n`);
        return;
      }
      const color = colorEnabled(out);
      out.write(
        `${severityLine(filtered, color)}\n${renderFindingTable(filtered, { width: width(), color })}\n\n${topActionsText(model, color)}`,
      );
    });

  program
    .command('report')
    .description('write a report of the whole home: Markdown, a self-contained HTML page, or JSON')
    .addOption(
      new Option('--format <format>', 'report format')
        .choices(['md', 'html', 'json'] as const)
        .default('html' as const),
    )
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => {
      const model = await readModel(options.db);
      const text =
        options.format === 'md'
          ? renderMarkdown(model)
          : options.format === 'json'
            ? renderJson(model)
            : renderHtml(model);
      if (options.output) {
        writeFileSync(options.output, text, { mode: 0o600 });
        process.stderr.write(`report written to ${options.output}\n`);
      } else out.write(text);
    });
}

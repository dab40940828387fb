/** `firmware status` and `firmware plan`: what every device runs, and what an apply would install. */
import type { Command } from '@commander-js/extra-typings';
import { firmwarePlan, firmwareStatus } from '../../app/firmware/firmware-views.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { colorEnabled } from '../output/color.ts';
import { planJson, statusJson } from '../output/firmware-json.ts';
import { renderPlan, renderStatus } from '../output/firmware-text.ts';
import { firmwareTableWidth, withFirmware } from './firmware-context.ts';

export function registerFirmwareStatus(group: Command, deps: CliDeps): void {
  group
    .command('status')
    .description('every device: installed and latest firmware, where that came from, auto-update, policy, why not yet')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => {
      const { rows, catalogue } = await withFirmware(options, deps, 'read', async (session) => ({
        rows: await firmwareStatus(session),
        catalogue: session.catalogue,
      }));
      const color = colorEnabled(deps.out, deps.env);
      if (options.json) deps.out.write(jsonText(statusJson(rows, catalogue)));
      else if (rows.length === 0) deps.out.write('No identified devices yet: run iotwarden scan first.\n');
      else deps.out.write(`${renderStatus(rows, catalogue, firmwareTableWidth(deps), color)}\n`);
    });
}

export function registerFirmwarePlan(group: Command, deps: CliDeps): void {
  group
    .command('plan')
    .description('dry run: what would be installed, when and in which order (canaries first), and what waits')
    .option('--now', 'as `firmware apply --now`: ignore the maintenance window (the soak period still applies)')
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => {
      const { plan, timeZone } = await withFirmware(options, deps, 'read', async (session) => ({
        plan: await firmwarePlan(session, { now: options.now === true }),
        timeZone: session.policy.timeZone,
      }));
      deps.out.write(options.json ? jsonText(planJson(plan)) : `${renderPlan(plan, timeZone)}\n`);
    });
}

/** `firmware status` and `firmware plan`, the implementation (definitions in firmware-status.ts). */
import { firmwarePlan, firmwareStatus } from '../../app/firmware/firmware-views.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import type { CliDeps } from '../deps.ts';
import { firmwareTableWidth, type StoreFlags, withFirmware } from '../firmware-context.ts';
import { colorEnabled } from '../output/color.ts';
import { planJson, statusJson } from '../output/firmware-json.ts';
import { renderPlan, renderStatus } from '../output/firmware-text.ts';

/** The options `firmware status` and `firmware plan` parse (`--now` is plan's). */
export interface FirmwareViewOptions extends StoreFlags {
  now?: true | undefined;
  json?: true | undefined;
}

export async function runFirmwareStatus(options: FirmwareViewOptions, deps: CliDeps): Promise<void> {
  const { rows, catalogue } = await withFirmware(options, deps, 'read', async (session) => ({
    rows: await firmwareStatus(session),
    catalogue: session.catalogue,
  }));
  const color = colorEnabled(deps.out, deps.env);
  if (options.json) deps.out.write(jsonText(statusJson(rows, catalogue)));
  else if (rows.length === 0) deps.out.write('No identified devices yet: run iotwarden scan first.\n');
  else deps.out.write(`${renderStatus(rows, catalogue, firmwareTableWidth(deps), color)}\n`);
}

export async function runFirmwarePlan(options: FirmwareViewOptions, deps: CliDeps): Promise<void> {
  const { plan, timeZone } = await withFirmware(options, deps, 'read', async (session) => ({
    plan: await firmwarePlan(session, { now: options.now === true }),
    timeZone: session.policy.timeZone,
  }));
  deps.out.write(options.json ? jsonText(planJson(plan)) : `${renderPlan(plan, timeZone)}\n`);
}

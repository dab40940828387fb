/** The `firmware` command group: status, plan, hold, release, log and apply, each registered from its own file. */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { registerFirmwareApply } from './firmware-apply.ts';
import { registerFirmwareHold, registerFirmwareRelease } from './firmware-holds.ts';
import { registerFirmwareLog } from './firmware-log.ts';
import { registerFirmwarePlan, registerFirmwareStatus } from './firmware-status.ts';

const FIRMWARE_HELP = `
Start with iotwarden firmware status. Update policy (auto, notify, hold; maintenance window; canaries) is set in
iotwarden.yaml under firmware:, see docs/firmware.md. The catalogue of versions and fixes: iotwarden catalogue.`;

export function registerFirmwareCommands(program: Command, deps: CliDeps): void {
  const group = program
    .command('firmware')
    .description('firmware state across vendors, update policy and holds, installs, and the audit log')
    .addHelpText('after', FIRMWARE_HELP);
  registerFirmwareStatus(group, deps);
  registerFirmwarePlan(group, deps);
  registerFirmwareApply(group, deps);
  registerFirmwareHold(group, deps);
  registerFirmwareRelease(group, deps);
  registerFirmwareLog(group, deps);
}

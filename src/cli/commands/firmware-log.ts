import type { Command } from '@commander-js/extra-typings';
import { firmwareLog } from '../../app/firmware/firmware-views.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, parsePositiveInt } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { renderLog } from '../output/firmware-text.ts';
import { firmwareTableWidth, withFirmware } from './firmware-context.ts';

export function registerFirmwareLog(group: Command, deps: CliDeps): void {
  group
    .command('log')
    .description('the firmware audit log: checks, installs, holds, releases, policy and catalogue changes')
    .option('--device <device>', 'only entries about this device (id, name, address or MAC)')
    .option('--limit <n>', 'only the newest n entries', parsePositiveInt)
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .action(async (options) => {
      const filter = { device: options.device, limit: options.limit };
      const log = await withFirmware(options, deps, 'read', (session) => firmwareLog(session, filter));
      deps.out.write(
        options.json ? jsonText({ entries: log.entries }) : `${renderLog(log, firmwareTableWidth(deps))}\n`,
      );
    });
}

/** `fix …`: change a device's settings to fix a finding. Today: `fix auto-update <device>`. */
import type { Command } from '@commander-js/extra-typings';
import { fixAutoUpdate } from '../../app/firmware/auto-update-fix.ts';
import { jsonText, sanitizeText } from '../../util/untrusted-text.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, DEVICE_ARGUMENT_HELP, readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_USAGE } from '../exit-codes.ts';

const AUTO_UPDATE_HELP = `
Where the device's own API has the switch (Hue bridges), iotwarden turns it on and records the evidence in the
firmware audit log. Where the switch lives in the vendor's app, or the device has none, it says so and exits 2.`;

function registerAutoUpdate(fix: Command, deps: CliDeps): void {
  fix
    .command('auto-update')
    .description("switch on the device's own automatic updates, where it has such a switch")
    .argument('<device>', DEVICE_ARGUMENT_HELP)
    .option('--json', 'print as JSON')
    .option('--db <file>', DB_OPTION_HELP)
    .option('--config <file>', CONFIG_OPTION_HELP)
    .addHelpText('after', AUTO_UPDATE_HELP)
    .action(async (ref, options) => {
      const { config } = readConfig(options.config, deps);
      const { connectPort, clock } = deps;
      const request = { ref, config, connectPort, clock, log: deps.logger('info') };
      const timeout = { requestTimeoutMs: deps.timing?.requestTimeoutMs };
      const result = await withStore(options.db, deps, (store) => fixAutoUpdate({ ...request, ...timeout, store }));
      const { deviceId, ...rest } = result;
      deps.out.write(options.json ? jsonText({ device: deviceId, ...rest }) : `${sanitizeText(result.detail)}\n`);
      // The owner asked for something this device cannot do through iotwarden: not a success for scripts.
      if (result.status !== 'enabled') deps.setExitCode(EXIT_USAGE);
    });
}

export function registerFixCommands(program: Command, deps: CliDeps): void {
  const fix = program.command('fix').description("change a device's settings to fix a finding");
  registerAutoUpdate(fix, deps);
}

import type { Command } from '@commander-js/extra-typings';
import { diffDevices, diffPeers } from '../../app/diff/device-diff.ts';
import { diffSince, parseSince } from '../../app/diff/history-diff.ts';
import { credentialLookup } from '../../config/credential-lookup.ts';
import { UsageError } from '../../errors/index.ts';
import { createLogger } from '../../util/logger.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, readConfig, withStore } from '../common-options.ts';
import { colorEnabled } from '../output/color.ts';
import { historyText, peersText, twoDeviceText } from '../output/diff-text.ts';

const DIFF_HELP = `
Examples:
  iotwarden diff garage-door bedroom-fan       how two devices differ, read from them now
  iotwarden diff --peers garage-door           where it is the odd one out among devices of its model
  iotwarden diff garage-door --since 7d        what changed in its configuration (from scan snapshots)

Fields that always differ (ids, MACs, names, addresses, uptime, clocks, counters) are left out. Reading devices
now uses the credentials in iotwarden.yaml; a device that cannot be read falls back to its latest snapshot.`;

/** `diff`: configuration differences between devices, among peers, and over time. */
export function registerDiffCommands(program: Command): void {
  program
    .command('diff')
    .description('compare device configurations: two devices, a device against its peers, or a device over time')
    .argument('<device>', 'device id, name, address or MAC')
    .argument('[other]', 'the device to compare with')
    .option('--peers', 'rank the settings in which <device> differs from every other device of its model')
    .option('--since <when>', 'what changed on <device> since then: 7d, 12h, 30m or a date')
    .option('--stored', 'compare the latest stored snapshots instead of reading the devices now')
    .option('--json', 'print as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .addHelpText('after', DIFF_HELP)
    .action(async (device, other, options) => {
      const out = process.stdout;
      const color = colorEnabled(out);
      const modes = [options.peers === true, options.since !== undefined, other !== undefined].filter(Boolean).length;
      if (modes !== 1) {
        throw new UsageError(
          'give exactly one of: a second device, --peers, or --since <when> (see iotwarden diff --help)',
          {
            code: 'ERR_USAGE',
          },
        );
      }
      const print = (json: unknown, text: string): void => {
        out.write(options.json ? `${JSON.stringify(json, null, 2)}\n` : text);
      };
      if (options.peers) {
        const result = await withStore(options.db, (store) => diffPeers(store, device), true);
        print(result, peersText(result, color));
      } else if (options.since !== undefined) {
        const sinceMs = parseSince(options.since, Date.now());
        const result = await withStore(options.db, (store) => diffSince(store, device, sinceMs), true);
        print(result, historyText(result, color));
      } else {
        const live = options.stored
          ? undefined
          : {
              credentials: credentialLookup(readConfig(options.config).config.credentials),
              log: createLogger(process.env.IOTWARDEN_LOG_LEVEL ?? 'warn'),
            };
        const result = await withStore(options.db, (store) => diffDevices(store, device, other!, live), true);
        const { config: _a, ...a } = result.a;
        const { config: _b, ...b } = result.b;
        print({ ...result, a, b }, twoDeviceText(result, color));
      }
    });
}

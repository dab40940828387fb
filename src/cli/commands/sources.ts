/** `sources import` and `sources test`: the home's own systems (Home Assistant, DHCP leases) feed the inventory. */
import type { Command } from '@commander-js/extra-typings';
import { type DeviceSourceOutcome, importDeviceSources, testDeviceSources } from '../../app/sources/device-sources.ts';
import { jsonText, sanitizeText } from '../../util/untrusted-text.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_FAILURE } from '../exit-codes.ts';

const HELP = `
Sources are configured in iotwarden.yaml; secrets only ever come from the environment:
  homeAssistant:
    url: http://homeassistant.local:8123
    tokenEnv: HA_TOKEN            # a long-lived access token (HA profile → Security)
  sources:
    dhcp: [/var/lib/misc/dnsmasq.leases]
Pi-hole's network table and DNS clients arrive with iotwarden dns import.
Each fact keeps its source; devices only a source has seen are listed as "not scanned yet".`;

function outcomeText(outcomes: readonly DeviceSourceOutcome[], verb: string): string {
  return outcomes
    .map((o) => {
      const where = `${o.ref.source} ${sanitizeText(o.ref.location)}`;
      if (!o.ok) return `✗ ${where}: ${o.code}: ${sanitizeText(o.message)}`;
      const placed = verb === 'import' ? ` (${o.matched} matched, ${o.created} new, not scanned yet)` : '';
      return `✓ ${where}: ${sanitizeText(o.detail)}${placed}`;
    })
    .join('\n')
    .concat('\n');
}

/** The `--json` shape: outcomes as they are; they never hold a secret (tokens are read from the environment only). */
function outcomeJson(outcomes: readonly DeviceSourceOutcome[]): string {
  return jsonText({ sources: outcomes });
}

export function registerSourcesCommands(program: Command, deps: CliDeps): void {
  const sources = program
    .command('sources')
    .description('devices from what the home already has: Home Assistant, DHCP leases (Pi-hole via dns import)');
  sources
    .command('import')
    .description('read every configured source into the inventory (rooms, names, controlling integration)')
    .option('--json', 'print the outcomes as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .addHelpText('after', HELP)
    .action(async (options) => {
      const { config } = readConfig(options.config, deps);
      const outcomes = await withStore(options.db, deps, (store) =>
        importDeviceSources(store, config, { env: deps.env }),
      );
      deps.out.write(options.json ? outcomeJson(outcomes) : outcomeText(outcomes, 'import'));
      if (outcomes.some((o) => !o.ok)) deps.setExitCode(EXIT_FAILURE);
    });
  sources
    .command('test')
    .description('check each configured source: reachable, credentials accepted, a version iotwarden reads')
    .option('--json', 'print the outcomes as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .addHelpText('after', HELP)
    .action(async (options) => {
      const { config } = readConfig(options.config, deps);
      const outcomes = await testDeviceSources(config, { env: deps.env });
      deps.out.write(options.json ? outcomeJson(outcomes) : outcomeText(outcomes, 'test'));
      if (outcomes.some((o) => !o.ok)) deps.setExitCode(EXIT_FAILURE);
    });
}

/**
 * `sources import` and `sources test`: the home's own systems (Home Assistant, DHCP leases) feed the inventory.
 * The definitions only; sources-run.ts does the work when one of them runs.
 */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP } from '../option-help.ts';

const HELP = `
Sources are configured in iotwarden.yaml; secrets only ever come from the environment:
  homeAssistant:
    url: http://homeassistant.local:8123
    tokenEnv: HA_TOKEN            # a long-lived access token (HA profile → Security)
  sources:
    dhcp: [/var/lib/misc/dnsmasq.leases]
Pi-hole's network table and DNS clients arrive with iotwarden dns import.
Each fact keeps its source; devices only a source has seen are listed as "not scanned yet".`;

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
    .action(async (options) => (await import('./sources-run.ts')).runSourcesImport(options, deps));
  sources
    .command('test')
    .description('check each configured source: reachable, credentials accepted, a version iotwarden reads')
    .option('--json', 'print the outcomes as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .addHelpText('after', HELP)
    .action(async (options) => (await import('./sources-run.ts')).runSourcesTest(options, deps));
}

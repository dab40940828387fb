/** `dns import` and `dns report`: the definitions; dns-run.ts does the work when one of them runs. */
import type { Command } from '@commander-js/extra-typings';
import { UsageError } from '../../errors/index.ts';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP } from '../option-help.ts';

const IMPORT_HELP = `
Without a flag, every source under dns.sources in iotwarden.yaml is imported. Imports are incremental: each
source keeps a cursor, so importing again only adds what is new and nothing is counted twice.
Passwords are never taken from the command line: set them in iotwarden.yaml (password or passwordEnv) or in
IOTWARDEN_PIHOLE_PASSWORD / IOTWARDEN_ADGUARD_USERNAME / IOTWARDEN_ADGUARD_PASSWORD.

dnsmasq's reply lines (log-queries, best with log-queries=extra) also say which address each name resolved to:
they name the destinations of flows (iotwarden flows, iotwarden policy). Pi-hole's database does not keep those
addresses; its dnsmasq-format log does: import it with --answers-only so its queries are not counted twice.

Examples:
  iotwarden dns import --pihole-db /etc/pihole/pihole-FTL.db && iotwarden dns report
  iotwarden dns import --dnsmasq-log /var/log/pihole/pihole.log --answers-only`;

function registerImport(dns: Command, deps: CliDeps): void {
  dns
    .command('import')
    .description('import queries from Pi-hole, AdGuard Home or dnsmasq into the inventory')
    .option('--pihole-db <file>', "Pi-hole's long-term database (pihole-FTL.db, either layout)")
    .option('--pihole-url <url>', 'Pi-hole v6 web API, e.g. http://pi.hole')
    .option('--adguard-url <url>', 'AdGuard Home web API, e.g. http://192.168.1.2:3000')
    .option('--adguard-log <file>', "AdGuard Home's querylog.json")
    .option('--dnsmasq-log <file>', 'a dnsmasq log-queries file (rotated .1 and .gz siblings are read too)')
    .option('--answers-only', "with --dnsmasq-log: read only the name → address answers (e.g. Pi-hole's pihole.log)")
    .option('--json', 'print the import results as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .addHelpText('after', IMPORT_HELP)
    .action(async (options) => (await import('./dns-run.ts')).runDnsImport(options, deps));
}

function registerReport(dns: Command, deps: CliDeps): void {
  dns
    .command('report')
    .description('per device: top destinations, how regularly, what they are, cloud dependence, privacy findings')
    .option('--device <device...>', 'only these devices (id, name, address or MAC)')
    .option('--top <n>', 'names per device (1 to 1000)', parseTop, 8)
    .option('--json', 'print as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => (await import('./dns-run.ts')).runDnsReport(options, deps));
}

/** `dns import` and `dns report`: what devices say to the internet, from the home's DNS sinkhole. */
export function registerDnsCommands(program: Command, deps: CliDeps): void {
  const dns = program.command('dns').description('import DNS sinkhole logs and see what each device talks to');
  registerImport(dns, deps);
  registerReport(dns, deps);
}

function parseTop(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 1000)
    throw new UsageError(`--top needs a whole number from 1 to 1000, not ${value}`);
  return n;
}

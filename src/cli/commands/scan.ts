/** `iotwarden scan`: the definition; scan-run.ts does the work when it runs. */
import type { Command } from '@commander-js/extra-typings';
import type { CliDeps } from '../deps.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, parsePositiveInt } from '../option-help.ts';

const SCAN_HELP = `
Only what you configure is scanned: --targets, or networks: in iotwarden.yaml. iotwarden never sweeps your LAN
by itself, and refuses networks larger than /16 unless --allow-large is given. Public (internet) addresses are
never scanned: only loopback, private (RFC 1918), link-local and carrier-grade NAT space.

Targets: 192.168.1.0/24, 192.168.1.20, 192.168.1.10-192.168.1.40 or 192.168.1.10-40, comma-separated.
Ports:   default (about 100 IoT and home ports), top1000, all, or a list such as 80,443,8000-8100.
Ctrl-C stops the scan cleanly and keeps what was found so far.

Examples:
  iotwarden scan --targets 192.168.1.0/24
  iotwarden scan --targets 192.168.1.20,192.168.1.30 --ports top1000 --json > scan.json

With --json it prints {"devices":[...],"summary":{...}} (see the README for the contract).`;

export function registerScanCommand(program: Command, deps: CliDeps): void {
  program
    .command('scan')
    .description('find the devices on the configured networks, identify and audit them, and store the results')
    .option('--targets <list>', 'networks, hosts or ranges to scan (comma-separated)')
    .option('--ports <spec>', 'default | top1000 | all | a list like 80,443,8000-8100')
    .option('--allow-large', 'allow networks larger than /16')
    .option('--no-credential-checks', 'never try factory default credentials')
    .option('--dhcp-leases <file>', 'also read hosts from a dnsmasq/OpenWrt (or ISC) DHCP leases file')
    .option('--timeout <ms>', 'per-connection timeout in milliseconds', parsePositiveInt)
    .option('--json', 'print the result as JSON')
    .option('--no-progress', 'no progress display')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .addHelpText('after', SCAN_HELP)
    .action(async (options) => (await import('./scan-run.ts')).runScan(options, deps));
}

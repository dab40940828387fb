import type { Command } from '@commander-js/extra-typings';
import { toJsonReport } from '../../app/report/render-json.ts';
import { type ScanInvocation, scanAndAudit } from '../../app/scan/scan-and-audit.ts';
import { UsageError } from '../../errors/index.ts';
import { createLogger } from '../../util/logger.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, readConfig } from '../common-options.ts';
import { onInterrupt } from '../interrupt.ts';
import { printScanSummary } from '../output/scan-summary.ts';

const SCAN_HELP = `
Only what you configure is scanned: --targets, or networks: in iotwarden.yaml. iotwarden never sweeps your LAN
by itself, and refuses networks larger than /16 unless --allow-large is given.

Targets: 192.168.1.0/24, 192.168.1.20, 192.168.1.10-192.168.1.40 or 192.168.1.10-40, comma-separated.
Ports:   default (about 100 IoT and home ports), top1000, all, or a list such as 80,443,8000-8100.
Ctrl-C stops the scan cleanly and keeps what was found so far.

With --json it prints {"devices":[...],"summary":{...}} (see the README for the contract).`;

export function registerScanCommand(program: Command): void {
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
    .action(async (options) => {
      const { config, file } = readConfig(options.config);
      const targets = options.targets ? options.targets.split(',') : config.networks;
      if (targets.length === 0) {
        throw new UsageError(
          `nothing to scan: give --targets or list networks: in ${file ?? 'iotwarden.yaml'} (iotwarden never sweeps your network by itself)`,
          { code: 'ERR_NO_TARGETS' },
        );
      }
      const invocation: ScanInvocation = {
        targets,
        ports: options.ports ?? config.scan.ports ?? 'default',
        allowLarge: options.allowLarge === true,
        credentialEntries: config.credentials,
        credentialChecks: options.credentialChecks && config.scan.credentialChecks !== false,
        leaseFiles: [options.dhcpLeases ?? config.scan.dhcpLeases].filter((f): f is string => f !== undefined),
        connectTimeoutMs: options.timeout ?? config.scan.connectTimeoutMs,
        requestTimeoutMs: config.scan.requestTimeoutMs,
        connectConcurrency: config.scan.concurrency,
        db: options.db,
        progress: options.progress ? process.stderr : undefined,
        log: createLogger(process.env.IOTWARDEN_LOG_LEVEL ?? 'warn'),
      };
      const interrupt = onInterrupt();
      const result = await scanAndAudit({ ...invocation, signal: interrupt.signal }).finally(interrupt.dispose);
      if (options.json) {
        const json = toJsonReport(result.model);
        const output = { ...json, summary: { ...json.summary, status: result.status, changes: result.record.changes } };
        process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
      } else printScanSummary(process.stdout, result);
      if (result.status === 'cancelled') process.exitCode = 130;
    });
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`not a positive whole number: ${value}`);
  return n;
}

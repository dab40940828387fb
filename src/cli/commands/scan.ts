import type { Command } from '@commander-js/extra-typings';
import { toJsonReport } from '../../app/report/render-json.ts';
import { type ScanInvocation, scanAndAudit } from '../../app/scan/scan-and-audit.ts';
import type { LoadedConfig } from '../../config/load-config.ts';
import { UsageError } from '../../errors/index.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, parsePositiveInt, readConfig } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_INTERRUPTED } from '../exit-codes.ts';
import { colorEnabled } from '../output/color.ts';
import { printScanSummary } from '../output/scan-summary.ts';

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

interface ScanFlags {
  targets?: string;
  ports?: string;
  allowLarge?: true;
  credentialChecks: boolean;
  dhcpLeases?: string;
  timeout?: number;
  progress: boolean;
  db?: string;
}

/** Flags first, then iotwarden.yaml: the scan a user asked for. */
function scanInvocation(flags: ScanFlags, loaded: LoadedConfig, deps: CliDeps): ScanInvocation {
  const { config, file } = loaded;
  const targets = flags.targets ? flags.targets.split(',') : config.networks;
  if (targets.length === 0) {
    throw new UsageError(
      `nothing to scan: give --targets or list networks: in ${file ?? 'iotwarden.yaml'} (iotwarden never sweeps your network by itself)`,
      { code: 'ERR_NO_TARGETS' },
    );
  }
  return {
    targets,
    ports: flags.ports ?? config.scan.ports ?? 'default',
    allowLarge: flags.allowLarge === true,
    credentialEntries: config.credentials,
    credentialChecks: flags.credentialChecks && config.scan.credentialChecks !== false,
    leaseFiles: [flags.dhcpLeases ?? config.scan.dhcpLeases].filter((f): f is string => f !== undefined),
    connectTimeoutMs: flags.timeout ?? config.scan.connectTimeoutMs,
    requestTimeoutMs: config.scan.requestTimeoutMs,
    connectConcurrency: config.scan.concurrency,
    db: flags.db,
    progress: flags.progress ? deps.err : undefined,
    log: deps.logger('warn'),
  };
}

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
    .action(async (options) => {
      const invocation = scanInvocation(options, readConfig(options.config, deps), deps);
      const interrupt = deps.interrupt();
      const result = await scanAndAudit({ ...invocation, signal: interrupt.signal }).finally(interrupt.dispose);
      if (options.json) {
        const json = toJsonReport(result.model);
        deps.out.write(
          jsonText({
            ...json,
            summary: {
              ...json.summary,
              status: result.status,
              changes: result.record.changes,
              credentialsWithheld: result.withheld,
            },
          }),
        );
      } else printScanSummary(deps.out, result, colorEnabled(deps.out, deps.env));
      if (result.status === 'cancelled') deps.setExitCode(EXIT_INTERRUPTED);
    });
}

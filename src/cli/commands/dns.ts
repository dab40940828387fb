import type { Command } from '@commander-js/extra-typings';
import { dnsReport } from '../../app/dns/dns-report.ts';
import { selectSources } from '../../app/dns/dns-sources.ts';
import { importSources, type SourceOutcome } from '../../app/dns/run-import.ts';
import { UsageError } from '../../errors/index.ts';
import { CONFIG_OPTION_HELP, DB_OPTION_HELP, readConfig, withStore } from '../common-options.ts';
import { onInterrupt } from '../interrupt.ts';
import { colorEnabled, paint } from '../output/color.ts';
import { dnsReportText } from '../output/dns-report-text.ts';

const IMPORT_HELP = `
Without a flag, every source under dns.sources in iotwarden.yaml is imported. Imports are incremental: each
source keeps a cursor, so importing again only adds what is new and nothing is counted twice.
Passwords are never taken from the command line: set them in iotwarden.yaml (password or passwordEnv) or in
IOTWARDEN_PIHOLE_PASSWORD / IOTWARDEN_ADGUARD_USERNAME / IOTWARDEN_ADGUARD_PASSWORD.`;

/** `dns import` and `dns report`: what devices say to the internet, from the home's DNS sinkhole. */
export function registerDnsCommands(program: Command): void {
  const dns = program.command('dns').description('import DNS sinkhole logs and see what each device talks to');

  dns
    .command('import')
    .description('import queries from Pi-hole, AdGuard Home or dnsmasq into the inventory')
    .option('--pihole-db <file>', "Pi-hole's long-term database (pihole-FTL.db, either layout)")
    .option('--pihole-url <url>', 'Pi-hole v6 web API, e.g. http://pi.hole')
    .option('--adguard-url <url>', 'AdGuard Home web API, e.g. http://192.168.1.2:3000')
    .option('--adguard-log <file>', "AdGuard Home's querylog.json")
    .option('--dnsmasq-log <file>', 'a dnsmasq log-queries file (rotated .1 and .gz siblings are read too)')
    .option('--json', 'print the import results as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .addHelpText('after', IMPORT_HELP)
    .action(async (options) => {
      const { config } = readConfig(options.config);
      const readers = selectSources(options, config.dns.sources);
      const interrupt = onInterrupt();
      const outcomes = await withStore(options.db, (store) =>
        importSources(store, readers, { signal: interrupt.signal }),
      ).finally(interrupt.dispose);
      if (options.json) process.stdout.write(`${JSON.stringify({ sources: outcomes }, null, 2)}\n`);
      else process.stdout.write(importText(outcomes, colorEnabled(process.stdout)));
      if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
    });

  dns
    .command('report')
    .description('per device: top destinations, how regularly, what they are, cloud dependence, privacy findings')
    .option('--device <device...>', 'only these devices (id, name, address or MAC)')
    .option('--top <n>', 'names per device', parseCount, 8)
    .option('--json', 'print as JSON')
    .option('--config <file>', CONFIG_OPTION_HELP)
    .option('--db <file>', DB_OPTION_HELP)
    .action(async (options) => {
      const { config } = readConfig(options.config);
      // Writable: the analysis records which device each sinkhole client is (dns_clients.device_id).
      const result = await withStore(options.db, (store) =>
        dnsReport(store, options.device ?? [], { userDomains: config.dns.domains }),
      );
      const out = process.stdout;
      if (options.json) {
        const devices = result.devices.map(({ host: _host, ...device }) => ({
          ...device,
          findings: result.findings.get(device.deviceId) ?? [],
        }));
        const { devices: _all, ...analysis } = result.analysis;
        out.write(`${JSON.stringify({ ...analysis, devices }, null, 2)}\n`);
        return;
      }
      out.write(
        dnsReportText(result.analysis, result.devices, {
          color: colorEnabled(out),
          width: Math.min(out.columns ?? 110, 140),
          top: options.top,
          findings: result.findings,
        }),
      );
    });
}

function importText(outcomes: readonly SourceOutcome[], color: boolean): string {
  const lines = outcomes.map((outcome) => {
    if (!outcome.ok)
      return paint(
        `✗ ${outcome.source.kind} ${outcome.source.location}: ${outcome.message} [${outcome.code}]`,
        'red',
        color,
      );
    const r = outcome.result;
    const range = r.firstMs === undefined ? '' : `, ${iso(r.firstMs)} to ${iso(r.lastMs ?? r.firstMs)}`;
    const parts = [
      `${r.imported} new queries`,
      `${r.skipped} already imported`,
      ...(r.networkHosts > 0 ? [`${r.networkHosts} network hosts`] : []),
    ];
    return [
      `✓ ${r.source.kind} ${r.source.location}: ${parts.join(', ')}${range}`,
      ...r.limitations.map((l) => `  note: ${l}`),
    ].join('\n');
  });
  lines.push(paint('Next: iotwarden dns report', 'dim', color));
  return `${lines.join('\n')}\n`;
}

function iso(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0 || n > 1000)
    throw new UsageError(`--top needs a whole number from 1 to 1000, not ${value}`);
  return n;
}

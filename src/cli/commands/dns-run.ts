/** `dns import` and `dns report`, the implementation: loaded only when one of them runs (definitions in dns.ts). */
import { dnsReport, dnsReportJson } from '../../app/dns/dns-report.ts';
import { selectSources } from '../../app/dns/dns-sources.ts';
import { importDnsAnswers } from '../../app/dns/import-answers.ts';
import { importSources } from '../../app/dns/run-import.ts';
import { UsageError } from '../../errors/index.ts';
import { jsonText, sanitizeText } from '../../util/untrusted-text.ts';
import { readConfig, withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { EXIT_FAILURE } from '../exit-codes.ts';
import { colorEnabled } from '../output/color.ts';
import { dnsImportText } from '../output/dns-import-text.ts';
import { dnsReportText } from '../output/dns-report-text.ts';

/** The options `dns import` parses. */
export interface DnsImportOptions {
  piholeDb?: string | undefined;
  piholeUrl?: string | undefined;
  adguardUrl?: string | undefined;
  adguardLog?: string | undefined;
  dnsmasqLog?: string | undefined;
  answersOnly?: true | undefined;
  json?: true | undefined;
  config?: string | undefined;
  db?: string | undefined;
}

export async function runDnsImport(options: DnsImportOptions, deps: CliDeps): Promise<void> {
  if (options.answersOnly) {
    const file = options.dnsmasqLog;
    if (file === undefined) throw new UsageError('--answers-only reads a dnsmasq log: give --dnsmasq-log FILE');
    const result = await withStore(options.db, deps, (store) => importDnsAnswers(store, file));
    deps.out.write(options.json ? jsonText(result) : answersText(result));
    return;
  }
  const readers = selectSources(options, readConfig(options.config, deps).config.dns.sources, deps.env);
  const interrupt = deps.interrupt();
  const outcomes = await withStore(options.db, deps, (store) =>
    importSources(store, readers, { signal: interrupt.signal }),
  ).finally(interrupt.dispose);
  const color = colorEnabled(deps.out, deps.env);
  deps.out.write(options.json ? jsonText({ sources: outcomes }) : dnsImportText(outcomes, color));
  if (outcomes.some((o) => !o.ok)) deps.setExitCode(EXIT_FAILURE);
}

/** The options `dns report` parses. */
export interface DnsReportOptions {
  device?: string[] | undefined;
  top: number;
  json?: true | undefined;
  config?: string | undefined;
  db?: string | undefined;
}

export async function runDnsReport(options: DnsReportOptions, deps: CliDeps): Promise<void> {
  const { config } = readConfig(options.config, deps);
  const analysis = { userDomains: config.dns.domains };
  // Writable: the analysis records which device each sinkhole client is (dns_clients.device_id).
  const result = await withStore(options.db, deps, (store) => dnsReport(store, options.device ?? [], analysis));
  if (options.json) return void deps.out.write(jsonText(dnsReportJson(result)));
  const { findings } = result;
  const view = { color: colorEnabled(deps.out, deps.env), width: Math.min(deps.out.columns ?? 110, 140) };
  deps.out.write(dnsReportText(result.analysis, result.devices, { ...view, top: options.top, findings }));
}

function answersText(result: { file: string; answers: number; limitations: string[] }): string {
  const notes = result.limitations.map((note) => `  note: ${sanitizeText(note)}\n`).join('');
  return `${sanitizeText(`✓ ${result.file}: ${result.answers} answers (name → address)`)}\n${notes}`;
}

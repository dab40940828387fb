/**
 * The demo's DNS chapter: write the lab Pi-hole's database for the seed home, import it like a user would
 * (`iotwarden dns import --pihole-db`), analyse it and name the chatty device, its period and the setting that
 * explains it (`iotwarden diff --peers`). The demo scans first, so the devices are in the inventory.
 */
import { rmSync } from 'node:fs';
import { diffPeers } from '../../app/diff/device-diff.ts';
import { formatLeaf, pathKey } from '../../app/diff/flatten-config.ts';
import type { DnsAnalysis } from '../../app/dns/analyse-dns.ts';
import { analyseDns } from '../../app/dns/analyse-dns.ts';
import { formatInterval } from '../../app/dns/periodicity.ts';
import { importSources } from '../../app/dns/run-import.ts';
import { modelFromStore } from '../../app/report/model-from-store.ts';
import type { ReportModel } from '../../app/report/report-model.ts';
import { isPhoneHome } from '../../checks/privacy-phone-home.ts';
import { FtlDbSource } from '../../sources/pihole/ftl-db-source.ts';
import { openStore } from '../../store/index.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import { writeSeedHomePiholeDb } from './lab-pihole-data.ts';

export interface DnsDemoOptions {
  /** The demo's inventory (already holding the seed-home scan). */
  db: string;
  /** Where to write the lab Pi-hole's database (replaced if it exists). */
  piholeDb: string;
  /** The seed home's /24 prefix (default 127.77.1). */
  prefix?: string;
  /** Hours of traffic before now (default 24). */
  hours?: number;
  endMs?: number;
}

export interface DnsDemoResult {
  piholeDb: string;
  imported: number;
  analysis: DnsAnalysis;
  /** The report model of the home with its privacy section, for the demo's HTML report. */
  model: ReportModel;
  /** One or two sentences for the demo's summary. */
  summary: string;
}

export async function runDnsDemo(options: DnsDemoOptions): Promise<DnsDemoResult> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${options.piholeDb}${suffix}`, { force: true });
  writeSeedHomePiholeDb(options.piholeDb, {
    ...(options.prefix === undefined ? {} : { prefix: options.prefix }),
    ...(options.endMs === undefined ? {} : { endMs: options.endMs }),
    hours: options.hours ?? 24,
  });
  const store = await openStore(options.db);
  try {
    const [outcome] = await importSources(store, [new FtlDbSource(options.piholeDb)]);
    if (!outcome?.ok)
      throw new Error(`the lab Pi-hole database could not be imported: ${outcome?.message ?? 'no result'}`);
    const analysis = await analyseDns(store);
    const model = await modelFromStore(store, { dns: analysis });
    return {
      piholeDb: options.piholeDb,
      imported: outcome.result.imported,
      analysis,
      model,
      summary: await chattySummary(analysis, (ref) => diffPeers(store, ref)),
    };
  } finally {
    await store.close();
  }
}

/** Names the chattiest phone-home device, its period and the odd setting that explains it. */
async function chattySummary(
  analysis: DnsAnalysis,
  peers: (ref: string) => ReturnType<typeof diffPeers>,
): Promise<string> {
  const candidates = analysis.devices.flatMap((device) =>
    device.profile.domains.filter(isPhoneHome).map((domain) => ({ device, domain })),
  );
  candidates.sort((a, b) => a.domain.period!.medianIntervalMs - b.domain.period!.medianIntervalMs);
  const top = candidates[0];
  const head = `DNS: ${analysis.totalQueries} queries from ${analysis.devices.length} devices imported from the lab Pi-hole.`;
  if (!top) return `${head} No device phones home on a fast timer.`;
  const { device, domain } = top;
  // Device names are the owner's (or an attacker's) text: no escape sequences into the demo's terminal.
  const label = sanitizeText(device.label);
  const cloud = device.profile.cloud.cloudSetting === false ? ' although its cloud is off' : '';
  const chatty = `${label} asks ${domain.domain} ${formatInterval(domain.period!.medianIntervalMs)} (${domain.queries} queries)${cloud}.`;
  const diff = await peers(device.deviceId).catch(() => undefined);
  const odd = diff?.odd.find((o) => o.hint !== undefined) ?? diff?.odd[0];
  if (!diff || !odd) return `${head} ${chatty}`;
  return `${head} ${chatty} iotwarden diff --peers ${label}: its ${pathKey(odd.path)} is ${sanitizeText(formatLeaf(odd.value))}, where ${odd.peersAgreeing} of the ${odd.peers} other ${sanitizeText(diff.model)} use ${sanitizeText(formatLeaf(odd.peerValue))}${odd.hint ? ` (${odd.hint})` : ''}.`;
}

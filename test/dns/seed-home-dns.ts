/**
 * Test support: the seed home as the DNS tests see it. Starts the lab on this file's /24, scans and audits it into
 * a fresh inventory exactly as the demo does, writes the lab Pi-hole's database (the generator's traffic for the
 * same /24) and imports it. Only test files import this.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ScanResult, scanAndAudit } from '../../src/app/scan/scan-and-audit.ts';
import { writeSeedHomePiholeDb } from '../../src/lab/dns-traffic/lab-pihole-data.ts';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { SEED_HUE_API_KEY, SEED_SHELLY_PASSWORD, seedHomeScenario } from '../../src/lab/scenario/seed-home.ts';
import { importDns } from '../../src/sources/import-dns.ts';
import { FtlDbSource } from '../../src/sources/pihole/ftl-db-source.ts';
import type { DnsImportResult } from '../../src/sources/types.ts';
import { DnsStore } from '../../src/store/dns-store.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { testNetwork } from '../support/addresses.ts';

export interface SeedHomeDns extends SeedHome {
  piholeDb: string;
  imported: DnsImportResult;
  endMs: number;
}

/** Hours of generated traffic: a day of baseline plus two, so a name first seen in the last hour counts as new. */
export const TRAFFIC_HOURS = 26;

export interface SeedHome {
  prefix: string;
  runtime: string;
  db: string;
  lab: RunningLab;
  scan: ScanResult;
  /** Scans (and audits) the seed home, or some of its addresses, again into the same inventory. */
  rescan(targets?: string[]): Promise<ScanResult>;
  stop(): Promise<void>;
}

/** The seed home on this file's /24, scanned once into a fresh inventory. */
export async function startSeedHome(): Promise<SeedHome> {
  const prefix = testNetwork().replace(/\.0\/24$/, '');
  const runtime = mkdtempSync(join(tmpdir(), 'iotwarden-dns-'));
  process.env.IOTWARDEN_RUNTIME_DIR = runtime;
  const db = join(runtime, 'inventory.db');
  const scenario = buildScenario(seedHomeScenario(prefix), { file: '<seed home>', baseDir: process.cwd() });
  const lab = await startLab(scenario, { writePortMap: true });
  const rescan = (targets = [`${prefix}.0/24`]) =>
    scanAndAudit({
      targets,
      ports: 'default',
      allowLarge: false,
      credentialEntries: [
        { family: 'shelly', username: 'admin', password: SEED_SHELLY_PASSWORD },
        { family: 'hue', apiKey: SEED_HUE_API_KEY },
      ],
      credentialChecks: true,
      leaseFiles: lab.leaseFile ? [lab.leaseFile] : [],
      connectTimeoutMs: undefined,
      requestTimeoutMs: undefined,
      connectConcurrency: undefined,
      db,
      progress: undefined,
      log: silentLogger,
    });
  try {
    return { prefix, runtime, db, lab, scan: await rescan(), rescan, stop: () => lab.stop() };
  } catch (error) {
    await lab.stop();
    throw error;
  }
}

/** The seed home, scanned, with the lab Pi-hole's generated traffic for the same /24 imported. */
export async function startSeedHomeWithDns(): Promise<SeedHomeDns> {
  const home = await startSeedHome();
  try {
    const piholeDb = join(home.runtime, 'pihole-FTL.db');
    // Whole seconds, as Pi-hole stores them; the traffic ends now, just after the scan.
    const endMs = Math.floor(Date.now() / 1000) * 1000;
    writeSeedHomePiholeDb(piholeDb, { prefix: home.prefix, endMs, hours: TRAFFIC_HOURS });
    const imported = await importInto(home.db, piholeDb);
    return { ...home, piholeDb, imported, endMs };
  } catch (error) {
    await home.stop();
    throw error;
  }
}

/** Imports a Pi-hole database (either layout) into the inventory at `db`. */
export async function importInto(db: string, piholeDb: string): Promise<DnsImportResult> {
  const store = await DnsStore.open(db);
  try {
    return await importDns(store, new FtlDbSource(piholeDb));
  } finally {
    store.close();
  }
}

/**
 * Test support: the seed home as the DNS tests see it. Starts the lab on this file's /24, scans and audits it into
 * a fresh inventory exactly as the demo does, writes the lab Pi-hole's database (the generator's traffic for the
 * same /24) and imports it. Only test files import this.
 */
import { join } from 'node:path';
import { writeSeedHomePiholeDb } from '../../src/lab/dns-traffic/lab-pihole-data.ts';
import { importDns } from '../../src/sources/import-dns.ts';
import { FtlDbSource } from '../../src/sources/pihole/ftl-db-source.ts';
import type { DnsImportResult } from '../../src/sources/types.ts';
import { openStore } from '../../src/store/index.ts';
import { type SeedHome, startSeedHome } from '../support/seed-home.ts';

export type { SeedHome } from '../support/seed-home.ts';
export { startSeedHome };

export interface SeedHomeDns extends SeedHome {
  piholeDb: string;
  imported: DnsImportResult;
  endMs: number;
}

/** Hours of generated traffic: a day of baseline plus two, so a name first seen in the last hour counts as new. */
export const TRAFFIC_HOURS = 26;

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
  const store = await openStore(db);
  try {
    return await importDns(store.dns, new FtlDbSource(piholeDb));
  } finally {
    await store.close();
  }
}

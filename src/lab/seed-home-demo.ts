/**
 * `iotwarden demo` as a use case: start the seed-home lab, write the household's config as a user would, scan and
 * audit the lab into a fresh demo database, then import and analyse the lab Pi-hole's DNS log. The caller prints
 * the results and decides when the lab stops (`lab.stop()`).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { type ScanResult, scanAndAudit } from '../app/scan/scan-and-audit.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { Logger } from '../util/logger.ts';
import { type DnsDemoResult, runDnsDemo } from './dns-traffic/dns-demo.ts';
import { runZeroTrustDemo, type ZeroTrustDemoResult } from './flow-traffic/zero-trust-demo.ts';
import { type RunningLab, startLab } from './lab.ts';
import { loadLabScenario } from './scenario/scenario-source.ts';
import { SEED_HOME_CREDENTIALS, SEED_HOME_NETWORK } from './scenario/seed-home.ts';

export interface SeedHomeDemo {
  lab: RunningLab;
  /** The demo's own database and config, for the hints the demo prints. */
  db: string;
  configFile: string;
  scan: ScanResult;
  dns: DnsDemoResult;
  /** The seed home's flows and the profiles learned from them. */
  zeroTrust: ZeroTrustDemoResult;
}

/** A fresh demo database (never the user's inventory) and the household's config beside it. */
function prepareFiles(db: string): string {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
  const configFile = join(dirname(db), 'demo.yaml');
  mkdirSync(dirname(configFile), { recursive: true, mode: 0o700 });
  writeFileAtomic(configFile, stringify({ networks: [SEED_HOME_NETWORK], credentials: SEED_HOME_CREDENTIALS }));
  return configFile;
}

/** Runs the demo up to its results; on failure the lab is stopped again before the error propagates. */
export async function runSeedHomeDemo(options: {
  db: string;
  log: Logger;
  /** Told when the lab is up, before the scan starts (the scan takes a few seconds). */
  onLabReady?: (lab: RunningLab) => void;
}): Promise<SeedHomeDemo> {
  const { db, log } = options;
  const configFile = prepareFiles(db);
  const lab = await startLab(loadLabScenario(undefined), { log, writePortMap: true });
  try {
    options.onLabReady?.(lab);
    const scan = await scanAndAudit({
      targets: [SEED_HOME_NETWORK],
      ports: 'default',
      allowLarge: false,
      credentialEntries: SEED_HOME_CREDENTIALS,
      credentialChecks: true,
      // The lab router's lease file, read as a user would read their router's: MACs and names for every device.
      leaseFiles: lab.leaseFile ? [lab.leaseFile] : [],
      connectTimeoutMs: undefined,
      requestTimeoutMs: undefined,
      connectConcurrency: undefined,
      db,
      progress: undefined,
      log,
    });
    // What the devices say to the internet: the lab's Pi-hole log, imported and analysed like a real one.
    const dns = await runDnsDemo({ db, piholeDb: join(dirname(db), 'demo-pihole-FTL.db') });
    // Who the devices connect to: the lab's flows beside its DNS traffic, learned into zero-trust profiles.
    const zeroTrust = await runZeroTrustDemo({ db });
    return { lab, db, configFile, scan, dns, zeroTrust };
  } catch (error) {
    await lab.stop();
    throw error;
  }
}

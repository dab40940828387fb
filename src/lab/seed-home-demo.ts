/**
 * `iotwarden demo` as a use case: start the seed-home lab, write the household's config as a user would, scan and
 * audit the lab into a fresh demo database, then import and analyse the lab Pi-hole's DNS log. The caller prints
 * the results and decides when the lab stops (`lab.stop()`).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { type ScanResult, scanAndAudit } from '../app/scan/scan-and-audit.ts';
import { trustAllNew } from '../app/scan/trust-devices.ts';
import { openStore } from '../store/index.ts';
import { writeFileAtomic } from '../util/atomic-write.ts';
import type { Logger } from '../util/logger.ts';
import { type DnsDemoResult, runDnsDemo } from './dns-traffic/dns-demo.ts';
import { runZeroTrustDemo, type ZeroTrustDemoResult } from './flow-traffic/zero-trust-demo.ts';
import { type RunningLab, startLab } from './lab.ts';
import { loadLabScenario } from './scenario/scenario-source.ts';
import { SEED_HOME_CREDENTIALS, SEED_HOME_NETWORK, SEED_HOME_RISK_CONTEXT } from './scenario/seed-home.ts';

export interface SeedHomeDemo {
  lab: RunningLab;
  /** The demo's own database and config, for the hints the demo prints. */
  db: string;
  configFile: string;
  /** How many lab devices the demo trusted after its first look, as `iotwarden trust --all-new` does. */
  trusted: number;
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
  writeFileAtomic(
    configFile,
    stringify({
      networks: [SEED_HOME_NETWORK],
      credentials: SEED_HOME_CREDENTIALS,
      risk: { devices: SEED_HOME_RISK_CONTEXT },
    }),
  );
  return configFile;
}

/** Runs the demo up to its results; on failure the lab is stopped again before the error propagates. */
export async function runSeedHomeDemo(options: {
  db: string;
  log: Logger;
  /** Told when the lab is up, before the scan starts (the scan takes a few seconds). */
  onLabReady?: (lab: RunningLab) => void;
  /** Told when the first look is done and the lab's devices are trusted, before the scan that uses credentials. */
  onTrusted?: (count: number) => void;
}): Promise<SeedHomeDemo> {
  const { db, log } = options;
  const configFile = prepareFiles(db);
  const lab = await startLab(loadLabScenario(undefined), { log, writePortMap: true });
  try {
    options.onLabReady?.(lab);
    const scanLab = () =>
      scanAndAudit({
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
    // The household's credentials go only to devices the owner trusted (issue 8): a first look finds the lab with
    // every credential kept back, then the demo trusts what it found, exactly as `iotwarden trust --all-new` does
    // after a review, and scans again with the credentials.
    await scanLab();
    const trusted = await trustLab(db);
    options.onTrusted?.(trusted);
    const scan = await scanLab();
    // What the devices say to the internet: the lab's Pi-hole log, imported and analysed like a real one.
    const dns = await runDnsDemo({ db, piholeDb: join(dirname(db), 'demo-pihole-FTL.db') });
    // Who the devices connect to: the lab's flows beside its DNS traffic, learned into zero-trust profiles.
    const zeroTrust = await runZeroTrustDemo({ db });
    return { lab, db, configFile, trusted, scan, dns, zeroTrust };
  } catch (error) {
    await lab.stop();
    throw error;
  }
}

/** Trusts every device of the demo's first look (the lab is the demo's own home); returns how many. */
async function trustLab(db: string): Promise<number> {
  const store = await openStore(db);
  try {
    return (await trustAllNew(store)).trusted.length;
  } finally {
    await store.close();
  }
}

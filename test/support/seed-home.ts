/**
 * Test support: the seed home on this file's /24, scanned and audited into a fresh inventory as the demo does it
 * (same credentials, same checks, a real SQLite file). The credentials are trusted on first use (test/support/trust.ts
 * says why) rather than by a first look and `trust --all-new` as in the demo: one scan instead of two per file.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ScanResult, scanAndAudit } from '../../src/app/scan/scan-and-audit.ts';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { SEED_HOME_CREDENTIALS, seedHomeScenario } from '../../src/lab/scenario/seed-home.ts';
import type { PortResolver } from '../../src/net/port-overrides.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { testNetwork } from './addresses.ts';
import { trustingOnFirstUse } from './trust.ts';

export interface SeedHome {
  prefix: string;
  runtime: string;
  db: string;
  lab: RunningLab;
  scan: ScanResult;
  /** Scans (and audits) the seed home, or some of its addresses, again into the same inventory. */
  /** Scans the home again into the same inventory; `resolvePort` adds test hosts' ports to the lab's port maps. */
  rescan(targets?: string[], resolvePort?: PortResolver): Promise<ScanResult>;
  stop(): Promise<void>;
}

/**
 * The seed home on this file's /24, scanned once into a fresh inventory. `adjust` may change the scenario first
 * (a test that needs one device set differently says so where it calls this).
 */
export async function startSeedHome(
  adjust: (scenario: Record<string, unknown>) => Record<string, unknown> = (scenario) => scenario,
): Promise<SeedHome> {
  const prefix = testNetwork().replace(/\.0\/24$/, '');
  const runtime = mkdtempSync(join(tmpdir(), 'iotwarden-dns-'));
  process.env.IOTWARDEN_RUNTIME_DIR = runtime;
  const db = join(runtime, 'inventory.db');
  const scenario = buildScenario(adjust(seedHomeScenario(prefix)), { file: '<seed home>', baseDir: process.cwd() });
  const lab = await startLab(scenario, { writePortMap: true });
  const rescan = (targets = [`${prefix}.0/24`], resolvePort?: PortResolver) =>
    scanAndAudit({
      targets,
      ports: 'default',
      allowLarge: false,
      credentialEntries: trustingOnFirstUse(SEED_HOME_CREDENTIALS),
      credentialChecks: true,
      leaseFiles: lab.leaseFile ? [lab.leaseFile] : [],
      connectTimeoutMs: undefined,
      requestTimeoutMs: undefined,
      connectConcurrency: undefined,
      db,
      progress: undefined,
      log: silentLogger,
      ...(resolvePort ? { resolvePort } : {}),
    });
  try {
    return { prefix, runtime, db, lab, scan: await rescan(), rescan, stop: () => lab.stop() };
  } catch (error) {
    await lab.stop();
    throw error;
  }
}

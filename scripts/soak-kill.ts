/**
 * `npm run soak:kill` (issue 8, crash safety): SOAK_TRIALS (default 100) kill -9 trials, spread over the operations
 * in OPERATIONS. Each trial starts the CLI, kills it with SIGKILL at a seeded random moment within its usual run
 * time, then checks the database: `PRAGMA integrity_check` is ok, nothing unique is duplicated, counts that only
 * grow did not shrink, the audit log still reads, and a killed DNS import resumed to its end equals a clean one.
 * Prints one JSON summary on stdout; exit 1 when any check failed. SOAK_SEED makes the kill moments repeatable.
 *
 * Runs against two labs of its own (`iotwarden lab` children on its own loopback /24) and the bundled CLI.
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SeededRandom } from '../src/lab/dns-traffic/prng.ts';
import { testNetwork } from '../test/support/addresses.ts';
import {
  countRows,
  dnsTotals,
  duplicateRows,
  type GrowingCounts,
  growingCounts,
  integrityOk,
} from './soak/db-checks.ts';
import { type SoakFiles, writeSoakFiles } from './soak/fixtures.ts';
import { runCli, startLabChild, stopLabChild } from './soak/processes.ts';

interface Tally {
  integrityFailures: number;
  duplicates: number;
  lost: number;
  auditInconsistent: number;
  problems: string[];
}

interface Context {
  home: string;
  files: SoakFiles;
  tally: Tally;
}

/** One operation the soak kills: how to set it up once, prepare a trial, run it, and check after the kill. */
interface SoakOperation {
  name: string;
  setup(ctx: Context): Promise<void>;
  prepare(ctx: Context): Promise<void>;
  args(ctx: Context): string[];
  db(ctx: Context): string;
  afterKill(ctx: Context): Promise<void>;
  /**
   * Stops what the operation left running (its lab). Called after every run, not only at the end: firmware-apply
   * and fix-apply start the same lab scenario, and two of its labs at once would fight over its ports.
   */
  teardown(): Promise<void>;
}

function fail(
  tally: Tally,
  kind: 'integrityFailures' | 'duplicates' | 'lost' | 'auditInconsistent',
  what: string,
): void {
  tally[kind]++;
  if (tally.problems.length < 20) tally.problems.push(`${kind}: ${what}`);
}

/** Counts that shrank between `before` and `after`. */
function shrunk(before: GrowingCounts, after: GrowingCounts): string[] {
  return (Object.keys(before) as Array<keyof GrowingCounts>).filter((k) => after[k] < before[k]);
}

function scanOperation(): SoakOperation {
  let lab: ChildProcess | undefined;
  let last: GrowingCounts | undefined;
  const db = (ctx: Context) => join(ctx.home, 'scan.db');
  return {
    name: 'scan',
    async setup(ctx) {
      lab = await startLabChild(ctx.home, ctx.files.scanScenario);
    },
    async prepare(ctx) {
      last = growingCounts(db(ctx));
    },
    args: (ctx) => [
      'scan',
      '--targets',
      ctx.files.scanTargets.join(','),
      '--config',
      ctx.files.scanConfig,
      '--db',
      db(ctx),
      '--no-progress',
    ],
    db,
    async afterKill(ctx) {
      const now = growingCounts(db(ctx));
      for (const key of shrunk(last ?? now, now)) fail(ctx.tally, 'lost', `scan: ${key} shrank`);
    },
    async teardown() {
      if (lab) await stopLabChild(lab);
    },
  };
}

function dnsImportOperation(): SoakOperation {
  let reference: ReturnType<typeof dnsTotals> | undefined;
  const db = (ctx: Context) => join(ctx.home, 'dns-trial.db');
  const args = (ctx: Context, file: string) => ['dns', 'import', '--dnsmasq-log', ctx.files.dnsmasqLog, '--db', file];
  return {
    name: 'dns-import',
    async setup(ctx) {
      const file = join(ctx.home, 'dns-reference.db');
      const clean = await runCli(ctx.home, args(ctx, file));
      if (clean.status !== 0) throw new Error(`clean DNS import failed: ${clean.stderr}`);
      reference = dnsTotals(file);
    },
    async prepare(ctx) {
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${db(ctx)}${suffix}`, { force: true });
    },
    args: (ctx) => args(ctx, db(ctx)),
    db,
    async afterKill(ctx) {
      // The same import run again to its end must land exactly where a clean import lands.
      const resumed = await runCli(ctx.home, args(ctx, db(ctx)));
      if (resumed.status !== 0)
        fail(ctx.tally, 'lost', `dns: resumed import exited ${resumed.status}: ${resumed.stderr.slice(0, 200)}`);
      const totals = dnsTotals(db(ctx));
      const ref = reference ?? totals;
      if (totals.queries < ref.queries || totals.imported < ref.imported)
        fail(ctx.tally, 'lost', `dns: ${JSON.stringify(totals)} vs clean ${JSON.stringify(ref)}`);
      if (totals.queries > ref.queries || totals.imported > ref.imported || totals.pairs > ref.pairs)
        fail(ctx.tally, 'duplicates', `dns: ${JSON.stringify(totals)} vs clean ${JSON.stringify(ref)}`);
    },
    async teardown() {},
  };
}

/** The inventory both firmware-apply and fix-apply start from: one scan of a lab of their own scenario, then stopped. */
async function scanFirmwareLab(ctx: Context, db: string, what: string): Promise<void> {
  const lab = await startLabChild(ctx.home, ctx.files.firmwareScenario);
  const targets = ctx.files.firmwareTargets.join(',');
  const args = ['scan', '--targets', targets, '--config', ctx.files.firmwareConfig, '--db', db, '--no-progress'];
  const scan = await runCli(ctx.home, args);
  await stopLabChild(lab);
  if (scan.status !== 0) throw new Error(`${what} baseline scan failed: ${scan.stderr}`);
}

function firmwareApplyOperation(): SoakOperation {
  let lab: ChildProcess | undefined;
  let base: GrowingCounts | undefined;
  const baseDb = (ctx: Context) => join(ctx.home, 'firmware-base.db');
  const db = (ctx: Context) => join(ctx.home, 'firmware-trial.db');
  return {
    name: 'firmware-apply',
    async setup(ctx) {
      await scanFirmwareLab(ctx, baseDb(ctx), 'firmware');
      base = growingCounts(baseDb(ctx));
    },
    async prepare(ctx) {
      // A fresh lab (old firmware again) and the inventory as it was before any install.
      if (lab) await stopLabChild(lab);
      lab = await startLabChild(ctx.home, ctx.files.firmwareScenario);
      for (const suffix of ['-wal', '-shm']) rmSync(`${db(ctx)}${suffix}`, { force: true });
      copyFileSync(baseDb(ctx), db(ctx));
    },
    args: (ctx) => ['firmware', 'apply', '--now', '--config', ctx.files.firmwareConfig, '--db', db(ctx)],
    db,
    async afterKill(ctx) {
      const now = growingCounts(db(ctx));
      for (const key of shrunk(base ?? now, now)) fail(ctx.tally, 'lost', `firmware: ${key} shrank`);
      const log = await runCli(ctx.home, ['firmware', 'log', '--json', '--db', db(ctx)]);
      let entries = -1;
      try {
        entries = (JSON.parse(log.stdout) as { entries?: unknown[] }).entries?.length ?? -1;
      } catch {
        // not JSON: counted below
      }
      if (log.status !== 0 || entries < 0)
        fail(ctx.tally, 'auditInconsistent', `firmware log exited ${log.status}: ${log.stderr.slice(0, 200)}`);
    },
    async teardown() {
      if (lab) await stopLabChild(lab);
    },
  };
}

/**
 * `fix apply --yes` on the firmware lab (a Shelly without a login gets one): killed mid-change, the next run must
 * settle its journal (no change left `started`) and finish, and the audit log must still read.
 */
function fixApplyOperation(): SoakOperation {
  let lab: ChildProcess | undefined;
  const baseDb = (ctx: Context) => join(ctx.home, 'fix-base.db');
  const db = (ctx: Context) => join(ctx.home, 'fix-trial.db');
  const args = (ctx: Context) => ['fix', 'apply', '--yes', '--config', ctx.files.firmwareConfig, '--db', db(ctx)];
  return {
    name: 'fix-apply',
    async setup(ctx) {
      await scanFirmwareLab(ctx, baseDb(ctx), 'fix');
    },
    async prepare(ctx) {
      // A fresh lab (no login again) and the inventory, without secrets, as it was before any change.
      if (lab) await stopLabChild(lab);
      lab = await startLabChild(ctx.home, ctx.files.firmwareScenario);
      for (const suffix of ['-wal', '-shm']) rmSync(`${db(ctx)}${suffix}`, { force: true });
      rmSync(join(ctx.home, 'iotwarden-secrets.json'), { force: true });
      copyFileSync(baseDb(ctx), db(ctx));
    },
    args,
    db,
    async afterKill(ctx) {
      const resumed = await runCli(ctx.home, args(ctx));
      if (resumed.status !== 0)
        fail(ctx.tally, 'lost', `fix: resumed apply exited ${resumed.status}: ${resumed.stderr.slice(0, 200)}`);
      const started = countRows(db(ctx), "SELECT count(*) AS n FROM fix_changes WHERE state = 'started'");
      if (started > 0) fail(ctx.tally, 'auditInconsistent', `fix: ${started} changes left started after a resumed run`);
      const log = await runCli(ctx.home, ['fix', 'log', '--json', '--db', db(ctx)]);
      if (log.status !== 0) fail(ctx.tally, 'auditInconsistent', `fix log exited ${log.status}`);
    },
    async teardown() {
      if (lab) await stopLabChild(lab);
    },
  };
}

/** What the soak kills: one table, one line per operation. */
const ALL_OPERATIONS: SoakOperation[] = [
  scanOperation(),
  dnsImportOperation(),
  firmwareApplyOperation(),
  fixApplyOperation(),
];
/** SOAK_ONLY=dns-import,scan runs a subset (to re-check one operation without the whole soak). */
const OPERATIONS = ALL_OPERATIONS.filter(
  (op) => !process.env.SOAK_ONLY || process.env.SOAK_ONLY.split(',').includes(op.name),
);

async function main(): Promise<void> {
  const trials = Number.parseInt(process.env.SOAK_TRIALS ?? '', 10) || 100;
  const seed = Number.parseInt(process.env.SOAK_SEED ?? '', 10) || 8;
  const random = new SeededRandom(seed);
  const home = mkdtempSync(join(tmpdir(), 'iotwarden-soak-'));
  const prefix = testNetwork().replace(/\.0\/24$/, '');
  const ctx: Context = {
    home,
    files: writeSoakFiles(home, prefix, Number.parseInt(process.env.SOAK_DNS_LINES ?? '', 10) || 150_000),
    tally: { integrityFailures: 0, duplicates: 0, lost: 0, auditInconsistent: 0, problems: [] },
  };
  const byOperation: Record<string, { trials: number; killedMidway: number; finishedFirst: number; usualMs: number }> =
    {};
  const started = performance.now();
  try {
    for (const op of OPERATIONS) {
      await op.setup(ctx);
      await op.prepare(ctx);
      const clean = await runCli(home, op.args(ctx));
      if (clean.status !== 0)
        throw new Error(`${op.name}: clean run exited ${clean.status}: ${clean.stderr.slice(0, 300)}`);
      await op.teardown();
      byOperation[op.name] = { trials: 0, killedMidway: 0, finishedFirst: 0, usualMs: Math.round(clean.ms) };
      process.stderr.write(`${op.name}: a clean run takes ${Math.round(clean.ms)} ms\n`);
    }
    for (let i = 0; i < trials; i++) {
      const op = OPERATIONS[i % OPERATIONS.length] as SoakOperation;
      const stats = byOperation[op.name] as (typeof byOperation)[string];
      await op.prepare(ctx);
      const killAfterMs = Math.round(random.next() * stats.usualMs * 1.1);
      const run = await runCli(home, op.args(ctx), killAfterMs);
      stats.trials++;
      if (run.signal === 'SIGKILL') stats.killedMidway++;
      else stats.finishedFirst++;
      if (!integrityOk(op.db(ctx))) fail(ctx.tally, 'integrityFailures', `${op.name} trial ${i}`);
      const duplicates = duplicateRows(op.db(ctx));
      if (duplicates > 0) fail(ctx.tally, 'duplicates', `${op.name} trial ${i}: ${duplicates} duplicated rows`);
      await op.afterKill(ctx);
      await op.teardown();
      process.stderr.write(
        `trial ${i + 1}/${trials} ${op.name}: kill at ${killAfterMs} ms, ${run.signal ?? `exit ${run.status}`}\n`,
      );
    }
  } finally {
    for (const op of OPERATIONS) await op.teardown();
  }
  const { tally } = ctx;
  const summary = {
    trials,
    seed,
    seconds: Math.round((performance.now() - started) / 1000),
    byOperation,
    integrityFailures: tally.integrityFailures,
    duplicates: tally.duplicates,
    lost: tally.lost,
    auditInconsistent: tally.auditInconsistent,
    problems: tally.problems,
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  rmSync(home, { recursive: true, force: true });
  process.exitCode = tally.integrityFailures + tally.duplicates + tally.lost + tally.auditInconsistent > 0 ? 1 : 0;
}

await main();

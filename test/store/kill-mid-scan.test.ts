import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAndAudit } from '../../src/app/scan/scan-and-audit.ts';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { openStore } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { testNetwork } from '../support/addresses.ts';
import { cliHome, spawnCli } from '../support/cli-process.ts';

/**
 * Issue 8, "results are committed as hosts finish": `iotwarden scan` is killed with SIGKILL while one device keeps
 * it waiting. The hosts it had finished must be in the database, which must pass `PRAGMA integrity_check`; the next
 * open records them as an interrupted scan.
 */
const prefix = testNetwork().replace(/\.0\/24$/, '');
const HONEST = [`${prefix}.10`, `${prefix}.11`, `${prefix}.12`];
const SILENT = `${prefix}.20`;

let lab: RunningLab;
let home: string;
let cleanup: () => void;

beforeAll(async () => {
  ({ home, cleanup } = cliHome());
  process.env.IOTWARDEN_RUNTIME_DIR = join(home, 'runtime');
  const scenario = buildScenario(
    {
      devices: [
        { name: 'hall-plug', kind: 'shelly-gen2', address: HONEST[0], auth: { enabled: false } },
        { name: 'desk-lamp', kind: 'shelly-gen2', address: HONEST[1], auth: { enabled: false } },
        { name: 'old-kasa', kind: 'kasa-legacy', address: HONEST[2], model: 'HS103(US)' },
        // Accepts and never answers: with a long request timeout it holds the scan open after the others are done.
        { name: 'stalling-box', kind: 'hostile', address: SILENT, behavior: 'silent' },
      ],
    },
    { file: '<kill mid-scan>', baseDir: process.cwd() },
  );
  lab = await startLab(scenario, { writePortMap: true });
}, 60_000);

afterAll(async () => {
  await lab?.stop();
  cleanup?.();
});

function readRaw<T>(file: string, query: string): T[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare(query).all() as T[];
  } finally {
    db.close();
  }
}

async function waitFor(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a scan killed mid-way', () => {
  it('keeps every host it had finished, in a database that passes integrity_check', async () => {
    const db = join(home, 'inventory.db');
    writeFileSync(join(home, 'iotwarden.yaml'), 'scan:\n  requestTimeoutMs: 14000\n');
    const child = spawnCli(['scan', '--targets', `${prefix}.0/24`, '--db', db, '--no-progress'], {
      home,
      env: { IOTWARDEN_RUNTIME_DIR: join(home, 'runtime') },
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    const journaled = () => {
      try {
        return readRaw<{ address: string }>(db, 'SELECT address FROM scan_hosts').map((r) => r.address);
      } catch {
        return []; // not created or not migrated yet
      }
    };
    await waitFor(
      `the honest hosts in the journal (stderr: ${stderr})`,
      () => HONEST.every((a) => journaled().includes(a)),
      45_000,
    );
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // The stalling device holds the scan for 14 s, so it is still running; whatever it had kept must survive.
    const [running] = readRaw<{ id: number; status: string }>(db, 'SELECT id, status FROM scans ORDER BY id DESC');
    expect(running?.status).toBe('running');
    expect(readRaw<{ integrity_check: string }>(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const kept = journaled();
    expect(kept).toEqual(expect.arrayContaining(HONEST));

    const notices: string[] = [];
    const store = await openStore(db, { onNotice: (message) => notices.push(message) });
    try {
      expect(notices).toEqual([
        `scan ${running!.id} was interrupted before it finished; kept the ${kept.length} host(s) it had inspected`,
      ]);
      expect(await store.scans()).toMatchObject([
        { scanId: running!.id, status: 'interrupted', hostCount: kept.length },
      ]);
      const devices = new Map((await store.devices()).map((d) => [d.address, d.name]));
      expect([...devices.keys()].sort()).toEqual([...kept].sort());
      expect(HONEST.map((address) => devices.get(address))).toEqual(['hall-plug', 'desk-lamp', 'old-kasa']);
      const findings = await store.findings();
      expect(findings.some((f) => f.address === HONEST[2] && f.finding.checkId === 'protocol.kasa-legacy-xor')).toBe(
        true,
      );
    } finally {
      await store.close();
    }
    expect(readRaw<{ integrity_check: string }>(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  }, 90_000);
});

describe('a scan whose database fails mid-way', () => {
  it('stops its traffic at once and reports the store error', async () => {
    const db = join(home, 'locked.db');
    const store = await openStore(db, { busyTimeoutMs: 300 });
    let blocker: BetterSqlite3.Database | undefined;
    // As soon as the scan's row exists, another program takes the write lock and keeps it.
    const lockWhenRunning = setInterval(() => {
      if (blocker) return;
      const rows = readRaw<{ status: string }>(db, "SELECT status FROM scans WHERE status = 'running'");
      if (rows.length === 0) return;
      blocker = new BetterSqlite3(db);
      blocker.exec('BEGIN EXCLUSIVE');
    }, 20);
    const started = Date.now();
    try {
      const scan = scanAndAudit({
        targets: [`${prefix}.0/24`],
        ports: 'default',
        allowLarge: false,
        credentialEntries: [],
        credentialChecks: false,
        leaseFiles: [],
        connectTimeoutMs: undefined,
        // Without the stop, the silent device alone would hold the scan for 14 s.
        requestTimeoutMs: 14_000,
        connectConcurrency: undefined,
        db: undefined,
        store,
        progress: undefined,
        log: silentLogger,
      });
      await expect(scan).rejects.toMatchObject({ code: 'ERR_STORE_LOCKED' });
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      clearInterval(lockWhenRunning);
      blocker?.exec('ROLLBACK');
      blocker?.close();
      await store.close();
    }
    expect(blocker).toBeDefined();
    expect(readRaw<{ n: number }>(db, 'SELECT count(*) AS n FROM scan_hosts')).toEqual([{ n: 0 }]);
  }, 60_000);
});

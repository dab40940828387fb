/**
 * bench:serve — RSS of `iotwarden serve` (the built bundle) idle after one minute, with (a) the seed home scanned
 * from the lab and (b) a generated inventory of 1,000 devices and 1 million DNS rows; beside the floor, a bare hono
 * server on @hono/node-server in its own `node -e`. Each serve first answers what a dashboard loads first (session,
 * summary, devices), then idles; all idle at the same time. Each serve runs twice: with plain `node`, and with the
 * node flags of docs/iotwarden.service (how the service runs it). Goal (issue 11): (a) < 80 MB, (b) < 150 MB.
 * BENCH_IDLE_MS shortens the idle minute, BENCH_DNS_ROWS the DNS rows (for a quick look, not for the figures).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanAndAudit } from '../src/app/scan/scan-and-audit.ts';
import { startLab } from '../src/lab/lab.ts';
import { buildScenario } from '../src/lab/scenario/load-scenario.ts';
import { SEED_HOME_CREDENTIALS, seedHomeScenario } from '../src/lab/scenario/seed-home.ts';
import { silentLogger } from '../src/util/logger.ts';
import { buildBundle, rssMbOf, type ServeChild, startBareHono, startServeChild, unitNodeFlags } from './serve-child.ts';
import { importSyntheticDns, recordSyntheticDevices } from './serve-inventory.ts';

const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 60_000);
const DNS_ROWS = Number(process.env.BENCH_DNS_ROWS ?? 1_000_000);
const DEVICES = 1000;

async function seedHomeInventory(dir: string): Promise<{ db: string; devices: number }> {
  const prefix = '127.77.201';
  process.env.IOTWARDEN_RUNTIME_DIR = dir;
  const db = join(dir, 'seed-home.db');
  const scenario = buildScenario(seedHomeScenario(prefix), { file: '<seed home>', baseDir: process.cwd() });
  const lab = await startLab(scenario, { writePortMap: true });
  try {
    const scan = await scanAndAudit({
      targets: [`${prefix}.0/24`],
      ports: 'default',
      allowLarge: false,
      credentialEntries: SEED_HOME_CREDENTIALS,
      credentialChecks: true,
      leaseFiles: lab.leaseFile ? [lab.leaseFile] : [],
      connectTimeoutMs: undefined,
      requestTimeoutMs: undefined,
      connectConcurrency: undefined,
      db,
      progress: undefined,
      log: silentLogger,
    });
    return { db, devices: scan.model.devices.length };
  } finally {
    await lab.stop();
  }
}

async function warm(serve: ServeChild): Promise<void> {
  for (const path of ['/api/session', '/api/summary', '/api/devices?limit=100', '/api/firmware/status']) {
    const answer = await fetch(`${serve.url}${path}`, { headers: { cookie: serve.cookie } });
    if (answer.status !== 200) throw new Error(`${path}: HTTP ${answer.status}`);
    await answer.arrayBuffer();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'iotwarden-bench-serve-'));
  try {
    buildBundle();
    const seed = await seedHomeInventory(dir);
    const big = join(dir, 'generated.db');
    await recordSyntheticDevices(big, DEVICES);
    const dnsRows = await importSyntheticDns(big, dir, DNS_ROWS);
    const flags = unitNodeFlags();
    // Each server gets its own copy: the first start creates the owner account, which the copies must not have.
    const copy = (file: string, suffix: string) => {
      copyFileSync(file, `${file}.${suffix}`);
      return `${file}.${suffix}`;
    };
    const servers = [
      await startServeChild(copy(seed.db, 'plain'), dir),
      await startServeChild(copy(seed.db, 'unit'), dir, flags),
      await startServeChild(copy(big, 'plain'), dir),
      await startServeChild(copy(big, 'unit'), dir, flags),
    ];
    const floor = await startBareHono();
    await (await fetch(floor.url)).arrayBuffer();
    for (const serve of servers) await warm(serve);
    await new Promise((r) => setTimeout(r, IDLE_MS));
    const [seedMb = 0, seedUnitMb = 0, bigMb = 0, bigUnitMb = 0] = servers.map((s) => s.rssMb());
    const floorMb = rssMbOf(floor.pid);
    await Promise.all([...servers.map((s) => s.stop()), floor.stop()]);
    const result = {
      bench: 'serve',
      idleMs: IDLE_MS,
      unitNodeFlags: flags,
      seedHome: { devices: seed.devices, rssMb: seedMb, rssMbAsTheUnitRunsIt: seedUnitMb, goalMb: 80 },
      generated: { devices: DEVICES, dnsRows, rssMb: bigMb, rssMbAsTheUnitRunsIt: bigUnitMb, goalMb: 150 },
      peer: { what: 'bare hono on @hono/node-server (node -e), idle', rssMb: floorMb },
    };
    console.log(JSON.stringify(result, null, 2));
    const verdict = (mb: number, goal: number) => `${mb} MB ${mb < goal ? 'met' : 'MISSED'} (< ${goal})`;
    console.log(
      `bench:serve as the unit runs it: seed home ${verdict(seedUnitMb, 80)}, 1,000 devices + ${dnsRows} DNS rows ${verdict(bigUnitMb, 150)}; plain node: ${seedMb} MB and ${bigMb} MB; floor ${floorMb} MB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

/**
 * bench:dns — iotwarden's DNS import plus full analysis against the bare `sqlite3` aggregate, on the same file, in
 * one run.
 *
 * Makes a Pi-hole FTL database (current layout, WAL) of 10 million queries from 60 devices over 30 days with the lab
 * generator, and an inventory that knows those 60 devices (one recorded scan, so the analysis maps every client).
 * Then, alternating and BENCH_RUNS times each (default 2), in child processes:
 * - iotwarden: `importDns(FtlDbSource)` into a fresh copy of the inventory, then `analyseDns` (src/app/dns);
 * - `sqlite3 <file> "SELECT client, domain, count(*) FROM queries GROUP BY 1,2"`.
 * Reports median wall times of both, the ratio, and iotwarden's peak RSS (VmHWM of the import process).
 * Goal (issue 5): ratio ≤ 2 and peak RSS < 300 MB. The file is read once before timing, so both run on a warm cache.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchHomeTrafficClients, rateScaleFor } from '../src/lab/dns-traffic/bench-home-traffic.ts';
import { createFtlDatabase, createFtlIndexes } from '../src/lab/dns-traffic/ftl-writer.ts';
import { writeFtlTraffic } from '../src/lab/dns-traffic/lab-pihole-data.ts';

const QUERIES = Number(process.env.BENCH_DNS_QUERIES ?? 10_000_000);
const DEVICES = 60;
const DAYS = 30;
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const END_MS = Date.UTC(2026, 0, 31);

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!);
else await main();

/** The measured iotwarden side, in its own process so its VmHWM is its own. */
async function child(ftl: string, inventory: string): Promise<void> {
  const { importDns } = await import('../src/sources/import-dns.ts');
  const { FtlDbSource } = await import('../src/sources/pihole/ftl-db-source.ts');
  const { analyseDns } = await import('../src/app/dns/analyse-dns.ts');
  const { openStore } = await import('../src/store/index.ts');
  const started = performance.now();
  // One connection for import and analysis, as `iotwarden dns import` and `dns report` each use one.
  const store = await openStore(inventory);
  const imported = await importDns(store.dns, new FtlDbSource(ftl));
  const importedAt = performance.now();
  const analysis = await analyseDns(store);
  await store.close();
  const done = performance.now();
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
  const result = {
    imported: imported.imported,
    importMs: importedAt - started,
    analysisMs: done - importedAt,
    devicesWithDns: analysis.devices.length,
    totalQueries: analysis.totalQueries,
    hwmKb,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function run(command: string, args: string[]): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    proc.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    proc.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${command} exited with ${code}: ${stderr.slice(-800)}`));
      else resolve({ ms, stdout });
    });
  });
}

async function main(): Promise<void> {
  if (spawnSync('sqlite3', ['-version']).status !== 0) {
    console.error('sqlite3 is not installed: apt-get install -y sqlite3');
    process.exit(1);
  }
  const dir = mkdtempSync(join(tmpdir(), 'iotwarden-bench-dns-'));
  try {
    const ftl = join(dir, 'pihole-FTL.db');
    const clients = benchHomeTrafficClients(DEVICES);
    const durationMs = DAYS * 86_400_000;
    const generated = performance.now();
    const db = createFtlDatabase(ftl, { bulk: true });
    // Aim a little past the target so the limit, not the window, ends the file at exactly QUERIES rows.
    const rateScale = rateScaleFor(clients, durationMs, QUERIES * 1.01);
    const { queries } = writeFtlTraffic(db, clients, {
      startMs: END_MS - durationMs,
      endMs: END_MS,
      seed: 1,
      rateScale,
      limit: QUERIES,
    });
    createFtlIndexes(db);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    const generationMs = performance.now() - generated;
    const inventory = join(dir, 'inventory-template.db');
    await recordBenchDevices(inventory, clients);
    readFileSync(ftl); // warm the page cache for both contenders
    const ours: Array<{
      ms: number;
      importMs: number;
      analysisMs: number;
      hwmKb: number;
      devices: number;
      imported: number;
    }> = [];
    const theirs: number[] = [];
    let groups = 0;
    for (let i = 0; i < RUNS; i++) {
      const copy = join(dir, `inventory-${i}.db`);
      copyFileSync(inventory, copy);
      const mine = await run(process.execPath, ['--import', 'tsx', 'bench/dns.ts', '--child', ftl, copy]);
      const parsed = JSON.parse(mine.stdout) as {
        imported: number;
        importMs: number;
        analysisMs: number;
        devicesWithDns: number;
        hwmKb: number;
      };
      ours.push({
        ms: mine.ms,
        importMs: parsed.importMs,
        analysisMs: parsed.analysisMs,
        hwmKb: parsed.hwmKb,
        devices: parsed.devicesWithDns,
        imported: parsed.imported,
      });
      const sqlite = await run('sqlite3', [ftl, 'SELECT client, domain, count(*) FROM queries GROUP BY 1,2']);
      theirs.push(sqlite.ms);
      groups = sqlite.stdout.trim().split('\n').length;
      rmSync(copy, { force: true });
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const oursMs = median(ours.map((o) => o.importMs + o.analysisMs));
    const result = {
      bench: 'dns',
      queries,
      devices: DEVICES,
      days: DAYS,
      ftlFileMb: Math.round(statSync(ftl).size / 1048576),
      generationMs: Math.round(generationMs),
      runs: RUNS,
      iotwarden: {
        importAndAnalysisMs: Math.round(oursMs),
        importMs: Math.round(median(ours.map((o) => o.importMs))),
        analysisMs: Math.round(median(ours.map((o) => o.analysisMs))),
        wallMsWithStartup: Math.round(median(ours.map((o) => o.ms))),
        imported: ours[0]?.imported,
        devicesWithDns: ours[0]?.devices,
        peakRssMb: Math.round(Math.max(...ours.map((o) => o.hwmKb)) / 1024),
      },
      sqlite3: { groupByMs: Math.round(median(theirs)), groups },
      ratio: Number((oursMs / median(theirs)).toFixed(2)),
      goal: 'ratio <= 2, peakRssMb < 300',
    };
    console.log(JSON.stringify(result, null, 2));
    const ok = result.ratio <= 2 && result.iotwarden.peakRssMb < 300;
    console.log(
      `bench:dns ${ok ? 'met' : 'MISSED'} the goal: import+analysis ${result.iotwarden.importAndAnalysisMs} ms vs sqlite3 ${result.sqlite3.groupByMs} ms (×${result.ratio}), peak RSS ${result.iotwarden.peakRssMb} MB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An inventory holding the bench home's devices, as one scan would leave it (address and MAC of each). */
async function recordBenchDevices(file: string, clients: ReturnType<typeof benchHomeTrafficClients>): Promise<void> {
  const { openStore } = await import('../src/store/index.ts');
  const store = await openStore(file);
  try {
    await store.recordScan({
      startedMs: END_MS,
      finishedMs: END_MS,
      targets: ['127.77.1.0/24'],
      ports: 'top100',
      status: 'complete',
      hosts: clients.map((c) => {
        const host = { address: c.address, sources: ['arp'], services: [], hostname: c.name };
        return { host: c.mac ? { ...host, mac: c.mac } : host, findings: [], skipped: [], score: 100 };
      }),
    });
  } finally {
    await store.close();
  }
}

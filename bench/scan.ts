/**
 * bench:scan — iotwarden's full scan and audit against nmap's bare TCP connect scan, on the same lab, in one run.
 *
 * A generated /24 lab with 60 devices of mixed kinds runs as its own process. Then, alternating and three times
 * each: `iotwarden scan --ports top1000` (the bundled CLI, as a user runs it), `nmap -sT -T4 --top-ports 1000` exactly
 * as the issue names it, and the same with `-n`. Plain nmap resolves the name of every live host, and on a machine
 * without a reachable DNS server those lookups dominate its time; `-n` is nmap's bare port scan, the fair peer.
 * Reports the median wall times, both ratios, and iotwarden's peak RSS (VmHWM of the scan process).
 * Goal (issue): ratio <= 1.0 and under 250 MB. Then one more iotwarden run with debug logs, outside the comparison,
 * shows where its time goes (start-up, UDP, TCP, inspection, exit).
 *
 * With BENCH_BASELINE=<checkout of an older commit> the older iotwarden is built there and joins the alternation as a
 * fourth contestant, so a restructuring is measured against the code it replaced under the same load, in one run.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generatedHome } from './generated-home.ts';

const NETWORK = '127.77.250.0/24';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'iotwarden-bench-scan-'));
const env = { ...process.env, IOTWARDEN_RUNTIME_DIR: dir, IOTWARDEN_LOG_LEVEL: 'warn' };

if (spawnSync('nmap', ['--version']).status !== 0) {
  console.error('nmap is not installed: apt-get install -y nmap');
  process.exit(1);
}
execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
const BASELINE = process.env.BENCH_BASELINE;
if (BASELINE) execFileSync('npm', ['run', '--silent', 'build'], { cwd: BASELINE, stdio: 'inherit' });

const scenario = join(dir, 'scenario.yaml');
writeFileSync(scenario, stringify(generatedHome({ devices: 60, network: NETWORK })));
const lab = spawn(process.execPath, ['dist/iotwarden.mjs', 'lab', '--scenario', scenario], {
  env,
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve, reject) => {
  lab.stdout.once('data', () => resolve());
  lab.once('exit', (code) => reject(new Error(`lab exited with ${code}`)));
});

/** Runs a command, returns wall time and the peak RSS its process reached (sampled from /proc every 20 ms). */
function timed(command: string, args: string[]): Promise<{ ms: number; peakMb: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peakKb = 0;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const sample = setInterval(() => {
      try {
        const hwm = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peakKb = Math.max(peakKb, hwm);
      } catch {
        // The process has just exited.
      }
    }, 20);
    child.on('exit', (code) => {
      clearInterval(sample);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) reject(new Error(`${command} exited with ${code}: ${stderr.slice(-500)}`));
      else resolve({ ms, peakMb: peakKb / 1024, stdout });
    });
  });
}

/**
 * One more iotwarden run, not timed against nmap, with debug logs on: run-scan's `scan phases` line says where
 * the wall time goes (ms since the process started). Kept out of the compared runs, as logging costs time.
 */
async function instrumentedRun(): Promise<Record<string, number> | undefined> {
  const db = join(dir, 'bench-phases.db');
  const args = ['dist/iotwarden.mjs', 'scan', '--targets', NETWORK, '--ports', 'top1000', '--db', db, '--json'];
  const { ms, stderr } = await new Promise<{ ms: number; stderr: string }>((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...args, '--no-progress'], {
      env: { ...env, IOTWARDEN_LOG_LEVEL: 'debug' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let text = '';
    child.stderr.on('data', (c: Buffer) => {
      text += c.toString();
    });
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`instrumented run exited with ${code}`));
      else resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, stderr: text });
    });
  });
  const line = stderr.split('\n').find((l) => l.includes('"msg":"scan phases"'));
  if (!line) return undefined;
  const { level: _level, time: _time, msg: _msg, ...marks } = JSON.parse(line) as Record<string, number>;
  return { ...marks, exitMs: Math.round(ms) };
}

let phases: Record<string, number> | undefined;
const iotwarden: number[] = [];
const nmap: number[] = [];
const nmapNoDns: number[] = [];
const baseline: number[] = [];
let baselineDevices = 0;
let peakMb = 0;
let devices = 0;
let nmapOpen = 0;
let ourOpen = 0;
try {
  for (let run = 0; run < RUNS; run++) {
    const db = join(dir, `bench-${run}.db`);
    const ours = await timed(process.execPath, [
      'dist/iotwarden.mjs',
      'scan',
      '--targets',
      NETWORK,
      '--ports',
      'top1000',
      '--db',
      db,
      '--json',
      '--no-progress',
    ]);
    iotwarden.push(ours.ms);
    peakMb = Math.max(peakMb, ours.peakMb);
    const report = JSON.parse(ours.stdout) as { devices: Array<{ services: unknown[] }> };
    devices = report.devices.length;
    ourOpen = report.devices.reduce((n, d) => n + d.services.length, 0);
    const theirs = await timed('nmap', ['-sT', '-T4', '--top-ports', '1000', '-oG', '-', NETWORK]);
    nmap.push(theirs.ms);
    nmapOpen = (theirs.stdout.match(/\d+\/open\//g) ?? []).length;
    nmapNoDns.push((await timed('nmap', ['-n', '-sT', '-T4', '--top-ports', '1000', '-oG', '-', NETWORK])).ms);
    if (BASELINE) {
      const old = await timed(process.execPath, [
        join(BASELINE, 'dist/iotwarden.mjs'),
        'scan',
        '--targets',
        NETWORK,
        '--ports',
        'top1000',
        '--db',
        join(dir, `baseline-${run}.db`),
        '--json',
        '--no-progress',
      ]);
      baseline.push(old.ms);
      baselineDevices = (JSON.parse(old.stdout) as { devices: unknown[] }).devices.length;
    }
  }
  phases = await instrumentedRun();
} finally {
  lab.kill('SIGTERM');
  await new Promise((r) => lab.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const result = {
  bench: 'scan',
  network: NETWORK,
  labDevices: 60,
  devicesFound: devices,
  openPorts: { iotwarden: ourOpen, nmap: nmapOpen },
  runs: RUNS,
  iotwardenMs: Math.round(median(iotwarden)),
  nmapMs: Math.round(median(nmap)),
  nmapNoDnsMs: Math.round(median(nmapNoDns)),
  ratio: Number((median(iotwarden) / median(nmap)).toFixed(2)),
  ratioNoDns: Number((median(iotwarden) / median(nmapNoDns)).toFixed(2)),
  peakRssMb: Math.round(peakMb),
  goal: { ratio: 1.0, peakRssMb: 250 },
  allRunsMs: { iotwarden: iotwarden.map(Math.round), nmap: nmap.map(Math.round), nmapNoDns: nmapNoDns.map(Math.round) },
  ...(BASELINE
    ? {
        baseline: {
          checkout: BASELINE,
          devicesFound: baselineDevices,
          medianMs: Math.round(median(baseline)),
          allRunsMs: baseline.map(Math.round),
          /** Below 1: this commit is faster than the baseline. */
          ratioToBaseline: Number((median(iotwarden) / median(baseline)).toFixed(2)),
        },
      }
    : {}),
  /** One extra debug-logged iotwarden run: phase ends in ms since its process started (not part of the ratio). */
  iotwardenPhasesMs: phases,
};
console.log(JSON.stringify(result));
console.log(
  `scan: iotwarden full audit ${result.iotwardenMs} ms vs nmap -sT -T4 --top-ports 1000 ${result.nmapMs} ms ` +
    `(ratio ${result.ratio}) and vs nmap -n (no DNS) ${result.nmapNoDnsMs} ms (ratio ${result.ratioNoDns}); goal <= 1.0; ` +
    `iotwarden peak RSS ${result.peakRssMb} MB (goal < 250 MB); ` +
    `${devices} devices, open ports iotwarden ${ourOpen} / nmap ${nmapOpen}`,
);
if (phases) {
  console.log(
    `phases of one extra iotwarden run (ms since its process started): start-up and store until ${phases.scanStartMs}, ` +
      `UDP done ${phases.udpDoneMs}, first host inspected from ${phases.firstHostReadyMs}, TCP done ${phases.tcpDoneMs}, ` +
      `discovery done ${phases.discoveryDoneMs}, last host inspected ${phases.inspectedMs}, process exit ${phases.exitMs}`,
  );
}

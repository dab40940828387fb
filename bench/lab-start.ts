/**
 * bench:lab — time to ready and peak RSS of the lab with a generated 250-device scenario.
 * The lab runs as a child process (`iotwarden lab --scenario`), exactly as a user starts it, twice: from the
 * sources through tsx (what `npx iotwarden` runs in a checkout) and from the esbuild bundle (what a packaged install
 * runs). We time from spawn to its ready line and read the child's peak RSS (VmHWM) from /proc before stopping it.
 * Goal (issue): ready in under 3 s, under 300 MB.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generatedHome } from './generated-home.ts';

const DEVICES = Number(process.env.BENCH_LAB_DEVICES ?? 250);
const dir = mkdtempSync(join(tmpdir(), 'iotwarden-bench-lab-'));
const scenarioFile = join(dir, 'scenario.yaml');
writeFileSync(scenarioFile, stringify(generatedHome({ devices: DEVICES, network: '127.77.200.0/22' })));

interface LabRun {
  devices: number;
  ports: number;
  readyMs: number;
  peakRssMb: number;
}

/** Starts the lab with `args` (before `lab --scenario …`), waits for its ready line, measures and stops it. */
function startLab(args: string[]): Promise<LabRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...args, 'lab', '--scenario', scenarioFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, IOTWARDEN_LOG_LEVEL: 'warn', IOTWARDEN_RUNTIME_DIR: dir },
    });
    let buffer = '';
    let run: LabRun | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const newline = buffer.indexOf('\n');
      if (newline < 0 || run) return;
      const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
      const ready = JSON.parse(buffer.slice(0, newline)) as { devices: Array<{ ports: unknown[] }> };
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      run = {
        devices: ready.devices.length,
        ports: ready.devices.reduce((n, d) => n + d.ports.length, 0),
        readyMs: Math.round(readyMs),
        peakRssMb: Math.round(hwmKb / 1024),
      };
      child.kill('SIGTERM');
    });
    child.on('exit', (code) => (run ? resolve(run) : reject(new Error(`lab exited (${code}) before it was ready`))));
  });
}

try {
  const sources = await startLab(['--import', 'tsx', 'src/cli/main.ts']);
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  const bundle = await startLab(['dist/iotwarden.mjs']);
  const line = {
    bench: 'lab',
    devices: sources.devices,
    ports: sources.ports,
    readyMs: sources.readyMs,
    peakRssMb: sources.peakRssMb,
    bundle: { readyMs: bundle.readyMs, peakRssMb: bundle.peakRssMb },
    goal: { readyMs: 3000, peakRssMb: 300 },
  };
  console.log(JSON.stringify(line));
  console.log(
    `lab: ${line.devices} devices, ${line.ports} ports, ready in ${sources.readyMs} ms from the sources (tsx), ` +
      `${bundle.readyMs} ms from the bundle; peak RSS ${sources.peakRssMb} / ${bundle.peakRssMb} MB (goal < 3000 ms, < 300 MB)`,
  );
} catch (error) {
  console.error(String(error));
  process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

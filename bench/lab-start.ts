/**
 * bench:lab — time to ready and peak RSS of the lab with a generated 250-device scenario.
 * The lab runs as a child process (`iotwarden lab --scenario`), exactly as a user starts it; we time from spawn
 * to its ready line and read the child's peak RSS (VmHWM) from /proc just before stopping it.
 * Goal (issue): ready in under 3 s, under 300 MB.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { generatedHome } from './generated-home.ts';

const DEVICES = Number(process.env.BENCH_LAB_DEVICES ?? 250);
const dir = mkdtempSync(join(tmpdir(), 'iotwarden-bench-lab-'));
const scenarioFile = join(dir, 'scenario.yaml');
writeFileSync(scenarioFile, stringify(generatedHome({ devices: DEVICES, network: '127.77.200.0/22' })));

const started = process.hrtime.bigint();
const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'lab', '--scenario', scenarioFile], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, IOTWARDEN_LOG_LEVEL: 'warn', IOTWARDEN_RUNTIME_DIR: dir },
});

let buffer = '';
child.stdout.on('data', (chunk: Buffer) => {
  buffer += chunk.toString();
  const newline = buffer.indexOf('\n');
  if (newline < 0) return;
  const readyMs = Number(process.hrtime.bigint() - started) / 1e6;
  const ready = JSON.parse(buffer.slice(0, newline)) as { devices: Array<{ ports: unknown[] }> };
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const hwmKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  const ports = ready.devices.reduce((n, d) => n + d.ports.length, 0);
  child.kill('SIGTERM');
  child.on('exit', () => {
    rmSync(dir, { recursive: true, force: true });
    const line = {
      bench: 'lab',
      devices: ready.devices.length,
      ports,
      readyMs: Math.round(readyMs),
      peakRssMb: Math.round(hwmKb / 1024),
      goal: { readyMs: 3000, peakRssMb: 300 },
    };
    console.log(JSON.stringify(line));
    console.log(
      `lab: ${line.devices} devices, ${ports} ports, ready in ${line.readyMs} ms, peak RSS ${line.peakRssMb} MB (goal < 3000 ms, < 300 MB)`,
    );
  });
});
child.on('exit', (code) => {
  if (!buffer.includes('\n')) {
    console.error(`lab exited (${code}) before it was ready`);
    process.exitCode = 1;
  }
});

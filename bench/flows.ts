/**
 * bench:flows — `iotwarden flows collect` against nfdump's `nfcapd` (the reference NetFlow collector), on the same
 * NetFlow v9 stream replayed as fast as possible over loopback (127.77.200.x, the benchmarks' block).
 *
 * The stream: BENCH_FLOW_PACKETS datagrams (default 20 000) of 24 IPv4 flow records each, from 200 home devices to
 * 2 000 destinations, templates in the first datagram and every 20th (as exporters repeat them). Each collector is
 * started, given the stream, then stopped; throughput is the flows it stored divided by the time from the first
 * datagram sent to the collector having stored everything and exited. Both counts come from what each collector
 * wrote, not from what it says it decoded: nfcapd's from `nfdump -I` on its files, iotwarden's from its own database
 * (`flows status --json`, the flows committed for the source, which is what the profile learner reads). Both sockets
 * get the same receive buffer (nfcapd `-B`, iotwarden's own setting), and the kernel's UDP receive-buffer drops
 * during each run are reported (/proc/net/snmp RcvbufErrors, machine-wide) beside sent and stored.
 * iotwarden runs from the esbuild bundle, built first, as a packaged install runs it (bench:scan and bench:lab do the
 * same); BENCH_FLOW_RUNNER=tsx runs the checkout's launcher instead, whose peak RSS includes tsx compiling the
 * sources at start (about 200 MB for `iotwarden --version` alone), before any flow arrives.
 * iotwarden's peak RSS is the VmHWM of its process. Goal (issue 14): ratio ≥ 1.0, RSS < 200 MB.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { encodeFlowPacket } from '../src/lab/flow-traffic/flow-encoder.ts';
import type { FlowRecord } from '../src/sources/flows/flow-record.ts';

const PACKETS = Number(process.env.BENCH_FLOW_PACKETS ?? 20_000);
const RECORDS = 24;
const ADDRESS = '127.77.200.14';
const ROOT = resolve(import.meta.dirname, '..');
const RUNNER = process.env.BENCH_FLOW_RUNNER === 'tsx' ? 'tsx' : 'bundle';
const BIN = RUNNER === 'tsx' ? join(ROOT, 'bin/iotwarden.js') : join(ROOT, 'dist/iotwarden.mjs');
/** The receive buffer iotwarden's collector asks for (src/sources/flows/collector.ts), given to nfcapd too. */
const RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;

function stream(): Buffer[] {
  const now = Date.now();
  const packets: Buffer[] = [];
  for (let p = 0; p < PACKETS; p++) {
    const records: FlowRecord[] = [];
    for (let r = 0; r < RECORDS; r++) {
      const n = p * RECORDS + r;
      records.push({
        startMs: now - 60_000 + (n % 50_000),
        endMs: now - 30_000 + (n % 50_000),
        srcAddr: `192.168.${1 + (n % 4)}.${10 + (n % 200)}`,
        dstAddr: `198.51.${100 + (n % 8)}.${n % 250}`,
        srcPort: 40_000 + (n % 20_000),
        dstPort: [443, 80, 8883, 123][n % 4]!,
        protocol: n % 4 === 3 ? 17 : 6,
        packets: 1 + (n % 30),
        bytes: 60 + (n % 1400),
      });
    }
    packets.push(encodeFlowPacket(records, { version: 9, exportMs: now, sequence: p, templates: p % 20 === 0 }));
  }
  return packets;
}

async function send(packets: readonly Buffer[], port: number): Promise<void> {
  const socket = createSocket('udp4');
  let inFlight = 0;
  for (const packet of packets) {
    inFlight += 1;
    socket.send(packet, port, ADDRESS, () => {
      inFlight -= 1;
    });
    // Keep the send queue short so the sender measures the network, not its own memory.
    if (inFlight > 256) await new Promise<void>((r) => setImmediate(r));
  }
  while (inFlight > 0) await new Promise<void>((r) => setImmediate(r));
  socket.close();
}

function waitFor(child: ChildProcess, text: string, stream: 'stdout' | 'stderr'): Promise<void> {
  return new Promise((ready) => {
    let seen = '';
    child[stream]?.on('data', (c: Buffer) => {
      seen += c.toString();
      if (seen.includes(text)) ready();
    });
  });
}

function hwmMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** UDP datagrams the kernel dropped for want of receive-buffer space, machine-wide (RcvbufErrors). */
function udpReceiveDrops(): number {
  const lines = readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Udp:'));
  const names = lines[0]?.split(/\s+/) ?? [];
  const values = lines[1]?.split(/\s+/) ?? [];
  return Number(values[names.indexOf('RcvbufErrors')] ?? 0);
}

/** The flows iotwarden committed to its database, as `flows status --json` reads them back. */
function storedFlows(db: string): number {
  const status = spawnSync(process.execPath, [BIN, 'flows', 'status', '--json', '--db', db], { encoding: 'utf8' });
  const sources = (JSON.parse(status.stdout) as { sources: Array<{ imported_flows: number }> }).sources;
  return sources.reduce((sum, source) => sum + source.imported_flows, 0);
}

interface RunResult {
  flows: number;
  seconds: number;
  /** How long the replay itself took: the sender competes for the same two cores. */
  sendSeconds: number;
  kernelDrops: number;
}

async function runIotwarden(
  packets: readonly Buffer[],
  dir: string,
): Promise<RunResult & { rssMb: number; received: number; decoded: number }> {
  const port = 21_055;
  // BENCH_FLOW_PROFILE=DIR writes a CPU profile of the collector there (node --cpu-prof), for finding hot spots.
  const profile = process.env.BENCH_FLOW_PROFILE
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_FLOW_PROFILE}`]
    : [];
  const child = spawn(
    process.execPath,
    [...profile, BIN, 'flows', 'collect', '--listen', `${ADDRESS}:${port}`, '--json', '--db', join(dir, 'bench.db')],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  await waitFor(child, 'collecting flows on', 'stderr');
  let rssMb = 0;
  const poll = setInterval(() => (rssMb = Math.max(rssMb, hwmMb(child.pid!))), 50);
  const dropsBefore = udpReceiveDrops();
  const started = performance.now();
  await send(packets, port);
  const sendSeconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 200));
  child.kill('SIGINT');
  await new Promise((r) => child.on('close', r));
  const seconds = (performance.now() - started) / 1000;
  const kernelDrops = udpReceiveDrops() - dropsBefore;
  clearInterval(poll);
  const stats = (JSON.parse(out) as { stats: { flows: number; packets: number } }).stats;
  const flows = storedFlows(join(dir, 'bench.db'));
  return { flows, seconds, sendSeconds, kernelDrops, rssMb, received: stats.packets, decoded: stats.flows };
}

async function runNfcapd(packets: readonly Buffer[], dir: string): Promise<RunResult> {
  const port = 21_056;
  const flowDir = join(dir, 'nfcapd');
  spawnSync('mkdir', ['-p', flowDir]);
  const child = spawn(
    'nfcapd',
    ['-b', ADDRESS, '-p', String(port), '-B', String(RECEIVE_BUFFER_BYTES), '-w', flowDir],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await new Promise((r) => setTimeout(r, 1500));
  const dropsBefore = udpReceiveDrops();
  const started = performance.now();
  await send(packets, port);
  const sendSeconds = (performance.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 200));
  child.kill('SIGTERM');
  await new Promise((r) => child.on('close', r));
  const seconds = (performance.now() - started) / 1000;
  const kernelDrops = udpReceiveDrops() - dropsBefore;
  const stat = spawnSync('nfdump', ['-R', flowDir, '-I'], { encoding: 'utf8' });
  const flows = Number(/^Flows:\s+(\d+)/m.exec(stat.stdout)?.[1] ?? 0);
  return { flows, seconds, sendSeconds, kernelDrops };
}

const dir = mkdtempSync(join(tmpdir(), 'iotwarden-bench-flows-'));
const loadAtStart = Math.round(loadavg()[0]! * 100) / 100;
try {
  if (RUNNER === 'bundle') execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const packets = stream();
  const nfcapd = await runNfcapd(packets, dir);
  const iotwarden = await runIotwarden(packets, dir);
  const rate = (r: { flows: number; seconds: number }): number => Math.round(r.flows / r.seconds);
  const ratio = Math.round((rate(iotwarden) / Math.max(1, rate(nfcapd))) * 100) / 100;
  const result = {
    bench: 'flows',
    sent: { packets: PACKETS, flows: PACKETS * RECORDS },
    iotwarden: { runner: RUNNER, ...iotwarden, flowsPerSecond: rate(iotwarden), rssMb: Math.round(iotwarden.rssMb) },
    nfcapd: { ...nfcapd, flowsPerSecond: rate(nfcapd) },
    ratio,
    loadAverage1m: { atStart: loadAtStart, atEnd: Math.round(loadavg()[0]! * 100) / 100 },
    cores: cpus().length,
    goal: 'ratio >= 1.0 and iotwarden RSS < 200 MB',
    pass: ratio >= 1 && iotwarden.rssMb < 200,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exitCode = result.pass ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

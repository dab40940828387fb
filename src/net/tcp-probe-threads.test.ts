import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { testAddress } from '../../test/support/addresses.ts';
import { FakeClock } from '../util/clock.ts';
import { tcpWrapAvailable } from './connect-engine-native.ts';
import { probeTcp } from './tcp-probe.ts';
import { probeTcpOnThreads, threadedProbingAvailable } from './tcp-probe-threads.ts';
import type { HostTcpResult } from './tcp-probe-types.ts';
import { probeWorkerStarter } from './tcp-probe-worker-start.ts';

const servers: Server[] = [];

async function listen(address: string): Promise<number> {
  const server = createServer((socket) => socket.on('error', () => undefined).end());
  await new Promise<void>((resolve) => server.listen({ host: address, port: 0 }, resolve));
  servers.push(server);
  return (server.address() as { port: number }).port;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

/** Nine hosts, every third with a listener, probed on its port and five closed ones. */
async function home(): Promise<{ hosts: string[]; ports: number[] }> {
  const hosts = Array.from({ length: 9 }, () => testAddress());
  const ports: number[] = [];
  for (let i = 0; i < hosts.length; i += 3) ports.push(await listen(hosts[i] as string));
  // Ports nobody listens on (the listeners' ports are on other addresses).
  for (let i = 0; i < 5; i++) ports.push(40_000 + i);
  return { hosts, ports };
}

describe('probeTcp on worker threads', () => {
  it('can run here (Linux, tcp_wrap, the system clock) and not with a FakeClock', () => {
    expect(threadedProbingAvailable({})).toBe(process.platform === 'linux');
    expect(threadedProbingAvailable({ clock: new FakeClock() })).toBe(false);
  });

  it('starts its worker from the TypeScript module here (vitest runs the sources), and the worker asks for hosts', async () => {
    const start = probeWorkerStarter();
    expect(start).toBeDefined();
    const worker = (start as NonNullable<typeof start>)({ ports: [40_001], concurrency: 4 });
    try {
      const first = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(first).toEqual({ type: 'more' });
    } finally {
      await worker.terminate();
    }
  });

  it('finds exactly what one thread finds, hosts in the same order, each reported once', async () => {
    const { hosts, ports } = await home();
    const inThread = await probeTcp({ hosts, ports, hostGroupSize: 4 });
    const done: string[] = [];
    const progress: number[] = [];
    const threaded = await probeTcp({
      hosts,
      ports,
      hostGroupSize: 4,
      engine: 'threads',
      threads: 3,
      onHostDone: (host) => done.push(host.address),
      onProgress: (p) => progress.push(p.probesDone),
    });
    expect(threaded.hosts).toEqual(inThread.hosts);
    expect(threaded.probes).toBe(hosts.length * ports.length);
    expect(threaded.cancelled).toBe(false);
    expect(done.sort()).toEqual([...hosts].sort());
    expect(progress.at(-1)).toBe(hosts.length * ports.length);
    expect(threaded.hosts.filter((h) => h.alive).map((h) => h.address)).toEqual([hosts[0], hosts[3], hosts[6]]);
  });

  it('probes no more hosts at once than the host group allows', async () => {
    const hosts = [testAddress(), testAddress(), testAddress()];
    const ports = Array.from({ length: 300 }, (_, i) => 41_000 + i);
    const done: string[] = [];
    await probeTcp({
      hosts,
      ports,
      hostGroupSize: 1,
      concurrency: 8,
      engine: 'threads',
      threads: 2,
      onHostDone: (host) => done.push(host.address),
    });
    // One host at a time, as in one thread: they finish in order.
    expect(done).toEqual(hosts);
  });

  it('maps ports per host and reports the real ones', async () => {
    const device = testAddress();
    const actual = await listen(device);
    const result = await probeTcp({
      hosts: [device],
      ports: [80, 443],
      engine: 'threads',
      connectPort: (_address, port) => (port === 80 ? actual : 40_443),
    });
    expect(result.hosts[0]).toMatchObject({ openPorts: [80], refused: 1, complete: true });
  });

  it('keeps the per-host rate in the workers', async () => {
    const device = testAddress();
    const started = performance.now();
    const result = await probeTcp({
      hosts: [device],
      ports: [40_001, 40_002, 40_003, 40_004, 40_005, 40_006],
      engine: 'threads',
      ratePerHostPerSecond: 20,
      burstPerHost: 2,
    });
    // Two go at once, the other four wait 50 ms each for a token.
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(result.hosts[0]).toMatchObject({ refused: 6, complete: true });
  });

  it('probes the hosts of workers that die in this thread, each host once', async () => {
    const { hosts, ports } = await home();
    const done: string[] = [];
    const result = await probeTcpOnThreads(
      { hosts, ports, hostGroupSize: 4, onHostDone: (host: HostTcpResult) => done.push(host.address) },
      2,
      (options) => probeTcp(options),
      (workerData) => new Worker("throw new Error('no binding here')", { eval: true, workerData }),
    );
    const expected = await probeTcp({ hosts, ports, hostGroupSize: 4 });
    expect(result.hosts).toEqual(expected.hosts);
    expect(result.probes).toBe(hosts.length * ports.length);
    expect(done.sort()).toEqual([...hosts].sort());
  });

  it('leaves no worker running once it has resolved, so a scan can exit', async () => {
    // A worker left waiting for messages keeps its process alive; a child process shows whether it ends. (From a
    // file: tsx exits by itself after an `-e` script, which would hide the leak.)
    const dir = await mkdtemp(join(tmpdir(), 'iotwarden-probe-exit-'));
    const script = join(dir, 'probe.mts');
    await writeFile(
      script,
      [
        `import { probeTcp } from '${new URL('./tcp-probe.ts', import.meta.url).href}';`,
        `const r = await probeTcp({ hosts: ['${testAddress()}', '${testAddress()}'], ports: [40001], engine: 'threads' });`,
        'console.log(r.probes);',
      ].join('\n'),
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { timeout: 8000, encoding: 'utf8' });
    await rm(dir, { recursive: true, force: true });
    expect(child.signal).toBeNull();
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe('2');
  });

  it('without the tcp_wrap binding, probes with net.Socket in this thread and finds the same', async () => {
    const { hosts, ports } = await home();
    const expected = await probeTcp({ hosts, ports, hostGroupSize: 4 });
    const processWithBinding = process as unknown as { binding: (name: string) => unknown };
    const binding = processWithBinding.binding;
    // What a Node release that drops or renames the internal binding looks like (docs/decisions/tcp-wrap-binding.md).
    processWithBinding.binding = (name) => {
      throw new Error(`No such module: ${name}`);
    };
    try {
      expect(tcpWrapAvailable()).toBe(false);
      expect(threadedProbingAvailable({})).toBe(false);
      const result = await probeTcp({ hosts, ports, hostGroupSize: 4, engine: 'threads', threads: 2 });
      expect(result.hosts).toEqual(expected.hosts);
    } finally {
      processWithBinding.binding = binding;
    }
    expect(tcpWrapAvailable()).toBe(true);
  });

  it('handles no hosts and no ports', async () => {
    expect(await probeTcp({ hosts: [], ports: [80], engine: 'threads' })).toMatchObject({ hosts: [], probes: 0 });
    const device = testAddress();
    const result = await probeTcp({ hosts: [device], ports: [], engine: 'threads' });
    expect(result.hosts).toEqual([expect.objectContaining({ address: device, complete: true, alive: false })]);
  });
});

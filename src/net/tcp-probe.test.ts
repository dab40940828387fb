import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAddress } from '../../test/support/addresses.ts';
import { type SilentListener, startSilentListener } from '../../test/support/silent-listener.ts';
import { FakeClock } from '../util/clock.ts';
import { probeTcp, tcpProvesAlive } from './tcp-probe.ts';

const servers: Server[] = [];

async function listen(address: string, port = 0): Promise<number> {
  const server = createServer((socket) => socket.on('error', () => undefined).end());
  await new Promise<void>((resolve) => server.listen({ host: address, port }, resolve));
  servers.push(server);
  const bound = server.address();
  if (!bound || typeof bound === 'string') throw new Error('no port');
  return bound.port;
}

/** A port on `address` that nothing listens on (bound once, then closed). */
async function closedPort(address: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: address, port: 0 }, resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe.each(['auto', 'socket', 'threads'] as const)('probeTcp with the %s engine', (engine) => {
  it('reports open and refused ports, and a loopback host is alive only by its open ports', async () => {
    const device = testAddress();
    const empty = testAddress();
    const openPort = await listen(device);
    const shut = await closedPort(device);
    const result = await probeTcp({ hosts: [device, empty], ports: [openPort, shut], engine });
    const [withListener, without] = result.hosts;
    expect(result.cancelled).toBe(false);
    expect(result.probes).toBe(4);
    expect(withListener).toMatchObject({
      address: device,
      openPorts: [openPort],
      refused: 1,
      alive: true,
      complete: true,
    });
    // The kernel answers RST for every 127/8 address, device or not (docs/decisions/loopback-liveness.md).
    expect(without).toMatchObject({ address: empty, openPorts: [], refused: 2, alive: false, complete: true });
  });

  it('probes the mapped port and reports the real one', async () => {
    const device = testAddress();
    const actual = await listen(device);
    const mapped: string[] = [];
    const result = await probeTcp({
      hosts: [device],
      ports: [80, 443],
      engine,
      connectPort: (address, port) => {
        mapped.push(`${address}:${port}`);
        return port === 80 ? actual : port + 40_000;
      },
    });
    expect(mapped.sort()).toEqual([`${device}:443`, `${device}:80`]);
    expect(result.hosts[0]?.openPorts).toEqual([80]);
  });
});

describe('probeTcp against a port that drops SYNs', () => {
  let silent: SilentListener;
  beforeAll(async () => {
    silent = await startSilentListener(testAddress());
  });
  afterAll(async () => {
    await silent?.close();
  });

  it('reports a timeout, which does not make a loopback host alive', async () => {
    const result = await probeTcp({ hosts: [silent.address], ports: [silent.port], timeoutMs: 150 });
    expect(result.hosts[0]).toMatchObject({ openPorts: [], timedOut: 1, refused: 0, alive: false });
  });

  it('never has more connects in flight than the concurrency bound', async () => {
    let started = 0;
    let finished = 0;
    let maxInFlight = 0;
    const result = await probeTcp({
      // The same silent address twelve times: each probe hangs until its deadline.
      hosts: Array.from({ length: 12 }, () => silent.address),
      ports: [silent.port],
      concurrency: 4,
      timeoutMs: 100,
      connectPort: (_address, port) => {
        started++;
        maxInFlight = Math.max(maxInFlight, started - finished);
        return port;
      },
      onHostDone: () => {
        finished++;
      },
    });
    expect(result.probes).toBe(12);
    expect(result.hosts.every((h) => h.timedOut === 1)).toBe(true);
    expect(maxInFlight).toBe(4);
  });
});

describe('probeTcp rate limit and cancellation', () => {
  it('waits for tokens on the clock and, when cancelled, keeps what it found', async () => {
    const device = testAddress();
    const openPort = await listen(device);
    const shut = await closedPort(device);
    const clock = new FakeClock();
    const controller = new AbortController();
    const ports = [openPort, ...Array.from({ length: 9 }, () => shut)];
    let probesSeen = 0;
    const running = probeTcp({
      hosts: [device],
      ports,
      ratePerHostPerSecond: 10,
      burstPerHost: 3,
      clock,
      signal: controller.signal,
      connectPort: (_address, port) => {
        probesSeen++;
        return port;
      },
    });
    // The burst of 3 goes out at once; the next probe waits 100 ms of clock time for its token.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(probesSeen).toBe(3);
    await clock.advance(100);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(probesSeen).toBe(4);
    controller.abort();
    const result = await running;
    expect(result.cancelled).toBe(true);
    expect(result.probes).toBe(4);
    expect(result.hosts[0]).toMatchObject({ openPorts: [openPort], refused: 3, complete: false, alive: true });
  });

  it('cancels connects in flight on worker threads and keeps what it found', async () => {
    const device = testAddress();
    const openPort = await listen(device);
    const silent = await startSilentListener(testAddress());
    const controller = new AbortController();
    let doneHosts = 0;
    const running = probeTcp({
      hosts: [device, silent.address],
      ports: [openPort, silent.port],
      engine: 'threads',
      threads: 2,
      timeoutMs: 5000,
      signal: controller.signal,
      onHostDone: () => {
        doneHosts++;
        if (doneHosts === 1) controller.abort();
      },
    });
    const result = await running;
    await silent.close();
    expect(result.cancelled).toBe(true);
    expect(result.hosts[0]).toMatchObject({ address: device, openPorts: [openPort], complete: true, alive: true });
    // The silent host's SYNs hang until the 5 s deadline; the cancel does not wait for them.
    expect(result.elapsedMs).toBeLessThan(4000);
    expect(result.hosts[1]).toMatchObject({ address: silent.address, complete: false });
  });

  it('returns at once when the signal is already aborted', async () => {
    const result = await probeTcp({ hosts: [testAddress()], ports: [1], signal: AbortSignal.abort() });
    expect(result).toMatchObject({ cancelled: true, probes: 0, hosts: [] });
  });
});

describe('tcpProvesAlive', () => {
  it('counts refusals on real networks but not on loopback', () => {
    expect(tcpProvesAlive('192.168.1.5', 0, 3)).toBe(true);
    expect(tcpProvesAlive('127.77.1.5', 0, 3)).toBe(false);
    expect(tcpProvesAlive('::1', 0, 3)).toBe(false);
    expect(tcpProvesAlive('127.77.1.5', 1, 0)).toBe(true);
    expect(tcpProvesAlive('192.168.1.5', 0, 0)).toBe(false);
  });
});

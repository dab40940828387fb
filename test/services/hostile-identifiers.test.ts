import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IotwardenError } from '../../src/errors/index.ts';
import type { ProbeTarget, ServiceIdentifier } from '../../src/families/device-adapter.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { hostileKind } from '../../src/lab/kinds/hostile/hostile-kind.ts';
import { SERVICE_IDENTIFIERS } from '../../src/services/index.ts';
import { testAddress } from '../support/addresses.ts';
import { contextFor } from '../support/service-probe.ts';

const TIMEOUT_MS = 400;
const MAX_BYTES = 4096;
const BEHAVIORS = ['silent', 'endless-body', 'invalid-json', 'reset', 'evil-name'] as const;

/** A peer that floods every connection with bytes that are no protocol at all, as fast as the socket drains. */
function floodServer(): Server {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    const chunk = Buffer.alloc(8192, 0x41);
    const pump = (): void => {
      while (!socket.destroyed && socket.write(chunk)) {
        // keep writing until the kernel buffer is full
      }
      if (!socket.destroyed) socket.once('drain', pump);
    };
    pump();
  });
  server.on('close', () => {
    for (const s of sockets) s.destroy();
  });
  return server;
}

/** Every identifier pointed at one port of the peer, whatever its usual port: the peer decides what comes back. */
function targetAt(address: string, realPort: number, actualPort: number, location?: string): ProbeTarget {
  return {
    address,
    openTcpPorts: new Set([realPort]),
    connectPort: (port) => (port === realPort ? actualPort : port),
    udp: location ? { answers: {}, ssdp: [{ st: 'upnp:rootdevice', location }] } : { answers: {} },
    mdns: [],
  };
}

async function outcome(
  identifier: ServiceIdentifier,
  target: ProbeTarget,
  port: number,
): Promise<{ ms: number; result: unknown; error: unknown }> {
  const startedAt = Date.now();
  try {
    const result = await identifier.identify(target, port, contextFor({ timeoutMs: TIMEOUT_MS, maxBytes: MAX_BYTES }));
    return { ms: Date.now() - startedAt, result, error: undefined };
  } catch (error) {
    return { ms: Date.now() - startedAt, result: undefined, error };
  }
}

/** Each identifier is allowed a few sequential steps, each bounded by the timeout; it must never hang beyond that. */
const BUDGET_MS = TIMEOUT_MS * 3 + 500;

describe('identifiers against hostile devices', () => {
  const sims = new Map<string, StartedSimulator & { address: string }>();
  let flood: Server;
  let floodAddress: string;
  let floodPort: number;

  beforeAll(async () => {
    for (const behavior of BEHAVIORS) {
      const address = testAddress();
      const sim = await startSimulator(hostileKind, { address, settings: { behavior } });
      sims.set(behavior, Object.assign(sim, { address }));
    }
    floodAddress = testAddress();
    flood = floodServer();
    await new Promise<void>((resolve) => flood.listen(0, floodAddress, resolve));
    floodPort = (flood.address() as { port: number }).port;
  });
  afterAll(async () => {
    await Promise.all([...sims.values()].map((s) => s.stop()));
    await new Promise((r) => flood.close(r));
  });

  for (const behavior of BEHAVIORS) {
    it(`every identifier finishes in time against '${behavior}' and fails only with typed errors`, async () => {
      const sim = sims.get(behavior);
      if (!sim) throw new Error('not started');
      const port80 = sim.portOf(80);
      const target = targetAt(sim.address, 80, port80, `http://${sim.address}:80/rootDesc.xml`);
      const results = await Promise.all(
        SERVICE_IDENTIFIERS.map(async (id) => ({ id: id.name, ...(await outcome(id, target, 80)) })),
      );
      for (const r of results) {
        expect(r.ms, `${r.id} took ${r.ms} ms`).toBeLessThan(BUDGET_MS);
        if (r.error !== undefined) expect(r.error, `${r.id}: ${String(r.error)}`).toBeInstanceOf(IotwardenError);
      }
      if (behavior === 'silent') {
        // Nothing ever answers, so nobody may claim to have identified anything.
        for (const r of results) expect(r.result, r.id).toBeUndefined();
      }
    });
  }

  it("'silent' telnet: the telnet identifier times out with a typed error instead of reporting a service", async () => {
    const sim = sims.get('silent');
    if (!sim) throw new Error('not started');
    const telnet = SERVICE_IDENTIFIERS.find((i) => i.name === 'telnet');
    if (!telnet) throw new Error('no telnet identifier');
    const r = await outcome(telnet, targetAt(sim.address, 23, sim.portOf(23)), 23);
    expect(r.error).toBeInstanceOf(IotwardenError);
    expect(r.ms).toBeLessThan(TIMEOUT_MS + 300);
  });

  it('a flood of garbage stops every identifier at the byte limit, long before the timeout', async () => {
    const target = targetAt(floodAddress, 80, floodPort, `http://${floodAddress}:80/rootDesc.xml`);
    for (const identifier of SERVICE_IDENTIFIERS) {
      const r = await outcome(identifier, target, 80);
      expect(r.result, identifier.name).toBeUndefined();
      expect(r.error, `${identifier.name}: ${String(r.error)}`).toBeInstanceOf(IotwardenError);
      expect(r.ms, identifier.name).toBeLessThan(TIMEOUT_MS);
    }
  });
});

import { createServer, type Server } from 'node:net';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testAddress } from '../../test/support/addresses.ts';
import { type SilentListener, startSilentListener } from '../../test/support/silent-listener.ts';
import { type ConnectEngine, type ConnectOutcome, createConnectEngine } from './connect-engine.ts';
import { createNativeConnectEngine } from './connect-engine-native.ts';
import { outcomeOfCode, outcomeOfStatus } from './connect-outcome.ts';

const KINDS = ['auto', 'socket'] as const;

async function listen(address: string): Promise<{ server: Server; port: number }> {
  const server = createServer((socket) => socket.on('error', () => undefined));
  await new Promise<void>((resolve) => server.listen({ host: address, port: 0 }, resolve));
  return { server, port: (server.address() as { port: number }).port };
}

/** An engine whose outcomes arrive as promises, one connect at a time per slot. */
function awaitable(make: (onDone: (slot: number, outcome: ConnectOutcome) => void) => ConnectEngine) {
  const waiting = new Map<number, (outcome: ConnectOutcome) => void>();
  const engine = make((slot, outcome) => waiting.get(slot)?.(outcome));
  return {
    engine,
    connect(slot: number, address: string, port: number, timeoutMs = 1000): Promise<ConnectOutcome> {
      return new Promise((resolve) => {
        waiting.set(slot, resolve);
        engine.start(slot, address, port, timeoutMs);
      });
    },
  };
}

describe('connect engines', () => {
  it('uses libuv handles on this Node (the fast path is not silently lost)', () => {
    const engine = createNativeConnectEngine({ slots: 1, onDone: () => undefined });
    expect(engine).toBeDefined();
    engine?.close();
  });

  it.each(KINDS)('%s: reports open and refused, and cancelAll silences a slot', async (kind) => {
    const address = testAddress();
    const { server, port } = await listen(address);
    const outcomes = new Map<number, ConnectOutcome>();
    let resolveAll: () => void = () => undefined;
    const allDone = new Promise<void>((resolve) => {
      resolveAll = resolve;
    });
    const engine = createConnectEngine({
      slots: 3,
      kind,
      onDone: (slot, outcome) => {
        outcomes.set(slot, outcome);
        if (outcomes.size === 2) resolveAll();
      },
    });
    engine.start(0, address, port, 1000);
    engine.start(1, address, port + 1 === 65_536 ? 1 : port + 1, 1000);
    await allDone;
    engine.start(2, address, port, 1000);
    engine.cancelAll();
    await new Promise((resolve) => setTimeout(resolve, 50));
    engine.close();
    await new Promise((resolve) => server.close(resolve));
    expect(outcomes.get(0)).toBe('open');
    expect(outcomes.get(1)).toBe('refused');
    expect(outcomes.has(2)).toBe(false);
  });

  it.each(KINDS)('%s: a slot that was refused connects again and still tells open from refused', async (kind) => {
    const address = testAddress();
    const { server, port } = await listen(address);
    const closed = port + 1 === 65_536 ? 1 : port + 1;
    const { engine, connect } = awaitable((onDone) => createConnectEngine({ slots: 2, kind, onDone }));
    // On Linux a refused socket is reused for the next connect of the engine (connect-engine-native.ts).
    const seen: ConnectOutcome[] = [];
    for (const target of [closed, closed, port, closed, port, port, closed])
      seen.push(await connect(1, address, target));
    engine.close();
    await new Promise((resolve) => server.close(resolve));
    expect(seen).toEqual(['refused', 'refused', 'open', 'refused', 'open', 'open', 'refused']);
  });
});

describe('connect engines given a port that is no port', () => {
  it.each(KINDS)('%s: reports it unreachable, never probes another port, never throws', async (kind) => {
    const address = testAddress();
    // 70000 truncated to 16 bits is 4464: a listener there must not be reported open.
    const { server } = await new Promise<{ server: Server }>((resolve) => {
      const s = createServer((socket) => socket.on('error', () => undefined));
      s.listen({ host: address, port: 70_000 & 0xffff }, () => resolve({ server: s }));
    });
    const { engine, connect } = awaitable((onDone) => createConnectEngine({ slots: 1, kind, onDone }));
    const outcome = await connect(0, address, 70_000);
    engine.close();
    await new Promise((resolve) => server.close(resolve));
    expect(outcome).toBe('unreachable');
  });
});

describe('connect engines against a port that drops SYNs', () => {
  let silent: SilentListener;
  beforeAll(async () => {
    silent = await startSilentListener(testAddress());
  });
  afterAll(async () => {
    await silent?.close();
  });

  it.each(KINDS)('%s: reports a timeout after the deadline, not before', async (kind) => {
    const { engine, connect } = awaitable((onDone) => createConnectEngine({ slots: 1, kind, onDone }));
    const started = performance.now();
    const outcome = await connect(0, silent.address, silent.port, 150);
    const elapsedMs = performance.now() - started;
    engine.close();
    expect(outcome).toBe('timeout');
    expect(elapsedMs).toBeGreaterThanOrEqual(140);
  });
});

describe('outcomes', () => {
  it('maps errno names and libuv statuses', () => {
    expect(outcomeOfCode('ECONNREFUSED')).toBe('refused');
    expect(outcomeOfCode('EHOSTUNREACH')).toBe('unreachable');
    expect(outcomeOfCode('EMFILE')).toBe('resource');
    expect(outcomeOfCode('ETIMEDOUT')).toBe('timeout');
    expect(outcomeOfStatus(-os.constants.errno.ECONNREFUSED)).toBe('refused');
    expect(outcomeOfStatus(-os.constants.errno.EADDRNOTAVAIL)).toBe('resource');
  });
});

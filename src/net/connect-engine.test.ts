import { createServer } from 'node:net';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { testAddress } from '../../test/support/addresses.ts';
import { type ConnectOutcome, createConnectEngine } from './connect-engine.ts';
import { createNativeConnectEngine } from './connect-engine-native.ts';
import { outcomeOfCode, outcomeOfStatus } from './connect-outcome.ts';

describe('connect engines', () => {
  it('uses libuv handles on this Node (the fast path is not silently lost)', () => {
    const engine = createNativeConnectEngine({ slots: 1, onDone: () => undefined });
    expect(engine).toBeDefined();
    engine?.close();
  });

  it.each(['auto', 'socket'] as const)('%s: reports open and refused, and cancelAll silences a slot', async (kind) => {
    const address = testAddress();
    const server = createServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => server.listen({ host: address, port: 0 }, resolve));
    const port = (server.address() as { port: number }).port;
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

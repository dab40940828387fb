import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../test/support/addresses.ts';
import { dribble, escapedErrors, type RawPeer, startRawPeer } from '../../test/support/raw-peer.ts';
import { tcpExchange } from './tcp-exchange.ts';

const peers: RawPeer[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});

async function peer(behave: Parameters<typeof startRawPeer>[1]): Promise<RawPeer> {
  const started = await startRawPeer(testAddress(), behave);
  peers.push(started);
  return started;
}

const endsWithNewline = (received: Buffer): boolean => received.includes(0x0a);

function exchange(target: RawPeer, extra: Partial<Parameters<typeof tcpExchange>[0]> = {}) {
  return tcpExchange({
    host: target.address,
    port: target.port,
    send: Buffer.from('PING\n'),
    complete: endsWithNewline,
    timeoutMs: 2000,
    maxBytes: 4096,
    ...extra,
  });
}

describe('tcpExchange', () => {
  it('returns the answer once it is complete', async () => {
    const device = await peer((socket) => socket.once('data', () => socket.write('PONG\n')));
    expect((await exchange(device)).toString()).toBe('PONG\n');
  });

  it('with an already aborted signal: rejects with its reason and opens no connection', async () => {
    const device = await peer((socket) => socket.once('data', () => socket.write('PONG\n')));
    const reason = new Error('stopped by the user');
    let rejection: unknown;
    const escaped = await escapedErrors(() =>
      exchange(device, { signal: AbortSignal.abort(reason) }).catch((error: unknown) => {
        rejection = error;
      }),
    );
    expect(escaped).toEqual([]);
    expect(rejection).toBe(reason);
    expect(device.connections).toBe(0);
  });

  it('aborted between connect and write: rejects with the reason, crashes nothing', async () => {
    const controller = new AbortController();
    const device = await peer(() => controller.abort(new Error('cancelled mid-way')));
    let rejection: unknown;
    const escaped = await escapedErrors(() =>
      exchange(device, { signal: controller.signal }).catch((error: unknown) => {
        rejection = error;
      }),
    );
    expect(escaped).toEqual([]);
    expect((rejection as Error).message).toBe('cancelled mid-way');
  });

  it('a peer that resets at once is a coded failure, not a crash', async () => {
    const device = await peer((socket) => socket.resetAndDestroy());
    let rejection: unknown;
    const escaped = await escapedErrors(() =>
      exchange(device).catch((error: unknown) => {
        rejection = error;
      }),
    );
    expect(escaped).toEqual([]);
    expect(rejection).toMatchObject({ code: expect.stringMatching(/^ERR_(PROTOCOL|DEVICE_UNREACHABLE)$/) });
  });

  it('a framing check that throws on garbage is a coded failure (ERR_PROTOCOL), not a crash', async () => {
    const device = await peer((socket) => socket.once('data', () => socket.write('\xff\xfe garbage')));
    let rejection: unknown;
    const escaped = await escapedErrors(() =>
      exchange(device, {
        complete: () => {
          throw new RangeError('length prefix out of range');
        },
      }).catch((error: unknown) => {
        rejection = error;
      }),
    );
    expect(escaped).toEqual([]);
    expect(rejection).toMatchObject({ code: 'ERR_PROTOCOL' });
  });

  it('a slowloris peer is cut at the total deadline, though bytes keep coming', async () => {
    const device = await peer((socket) => dribble(socket, 'x', 20));
    const started = performance.now();
    await expect(exchange(device, { timeoutMs: 300, maxBytes: 1_000_000 })).rejects.toMatchObject({
      code: 'ERR_DEVICE_TIMEOUT',
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('an endless answer is cut at maxBytes (ERR_PROTOCOL)', async () => {
    const device = await peer((socket) => {
      const pump = (): void => {
        while (!socket.destroyed && socket.write('z'.repeat(4096)));
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
    });
    await expect(exchange(device, { maxBytes: 100_000 })).rejects.toMatchObject({ code: 'ERR_PROTOCOL' });
  });

  it('a port that is no port is a coded failure, not a thrown RangeError', async () => {
    await expect(
      tcpExchange({ host: testAddress(), port: 70_000, complete: () => true, timeoutMs: 200, maxBytes: 10 }),
    ).rejects.toMatchObject({ code: 'ERR_DEVICE_UNREACHABLE' });
  });
});

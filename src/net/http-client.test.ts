import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../test/support/addresses.ts';
import { dribble, escapedErrors, type RawPeer, startRawPeer } from '../../test/support/raw-peer.ts';
import { requestHttp } from './http-client.ts';

const peers: RawPeer[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});

async function peer(behave: Parameters<typeof startRawPeer>[1]): Promise<RawPeer> {
  const started = await startRawPeer(testAddress(), behave);
  peers.push(started);
  return started;
}

const OK =
  'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nconnection: close\r\n\r\n{"ok":true}';

function get(target: RawPeer, extra: Partial<Parameters<typeof requestHttp>[0]> = {}) {
  return requestHttp({ host: target.address, port: target.port, path: '/', timeoutMs: 2000, maxBytes: 4096, ...extra });
}

describe('requestHttp', () => {
  it('reads a bounded answer', async () => {
    const device = await peer((socket) => socket.once('data', () => socket.end(OK)));
    const response = await get(device);
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ ok: true });
  });

  it('with an already aborted signal: rejects with its reason, opens no connection, crashes nothing', async () => {
    const device = await peer((socket) => socket.once('data', () => socket.end(OK)));
    const reason = new Error('stopped by the user');
    let rejection: unknown;
    const escaped = await escapedErrors(() =>
      get(device, { signal: AbortSignal.abort(reason) }).catch((error: unknown) => {
        rejection = error;
      }),
    );
    expect(escaped).toEqual([]);
    expect(rejection).toBe(reason);
    expect(device.connections).toBe(0);
  });

  it('aborted between connect and the request going out: rejects with the reason, crashes nothing', async () => {
    const controller = new AbortController();
    const device = await peer(() => controller.abort(new Error('cancelled mid-way')));
    let rejection: unknown;
    const escaped = await escapedErrors(() =>
      get(device, { signal: controller.signal }).catch((error: unknown) => {
        rejection = error;
      }),
    );
    expect(escaped).toEqual([]);
    expect((rejection as Error).message).toBe('cancelled mid-way');
  });

  it('aborted while the body arrives: rejects with the reason, crashes nothing', async () => {
    const controller = new AbortController();
    const device = await peer((socket) =>
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{"partial":');
        setTimeout(() => controller.abort(new Error('cancelled in the body')), 20);
      }),
    );
    let rejection: unknown;
    const escaped = await escapedErrors(() =>
      get(device, { signal: controller.signal }).catch((error: unknown) => {
        rejection = error;
      }),
    );
    expect(escaped).toEqual([]);
    expect((rejection as Error).message).toBe('cancelled in the body');
  });

  it('a peer that resets at once is a coded failure, not a crash', async () => {
    const device = await peer((socket) => socket.resetAndDestroy());
    let rejection: unknown;
    const escaped = await escapedErrors(() =>
      get(device).catch((error: unknown) => {
        rejection = error;
      }),
    );
    expect(escaped).toEqual([]);
    expect(rejection).toMatchObject({ code: expect.stringMatching(/^ERR_(PROTOCOL|DEVICE_UNREACHABLE)$/) });
  });

  it('a 60 KB header is refused at once (ERR_PROTOCOL), long before the deadline', async () => {
    const device = await peer((socket) =>
      socket.once('data', () => socket.end(`HTTP/1.1 200 OK\r\nx-junk: ${'a'.repeat(60_000)}\r\n\r\n{}`)),
    );
    const started = performance.now();
    await expect(get(device, { timeoutMs: 5000 })).rejects.toMatchObject({ code: 'ERR_PROTOCOL' });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a slowloris body is cut at the total deadline, though bytes keep coming', async () => {
    const device = await peer((socket) =>
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n');
        dribble(socket, 'x', 20);
      }),
    );
    const started = performance.now();
    await expect(get(device, { timeoutMs: 300, maxBytes: 1_000_000 })).rejects.toMatchObject({
      code: 'ERR_DEVICE_TIMEOUT',
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('slowloris headers are cut at the total deadline too', async () => {
    const device = await peer((socket) =>
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\n');
        dribble(socket, 'x-a: b\r\n', 20);
      }),
    );
    const started = performance.now();
    await expect(get(device, { timeoutMs: 300 })).rejects.toMatchObject({ code: 'ERR_DEVICE_TIMEOUT' });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('an endless body is cut at maxBytes (ERR_PROTOCOL)', async () => {
    const device = await peer((socket) =>
      socket.once('data', () => {
        socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n');
        const chunk = `1000\r\n${'y'.repeat(0x1000)}\r\n`;
        const pump = (): void => {
          while (!socket.destroyed && socket.write(chunk));
          if (!socket.destroyed) socket.once('drain', pump);
        };
        pump();
      }),
    );
    await expect(get(device, { maxBytes: 100_000 })).rejects.toMatchObject({ code: 'ERR_PROTOCOL' });
  });

  it('a path that is not a valid request target is a coded error, and nothing is sent', async () => {
    const device = await peer((socket) => socket.once('data', () => socket.end(OK)));
    await expect(get(device, { path: '/a b\r\nx-injected: 1' })).rejects.toMatchObject({ code: 'ERR_PROTOCOL' });
    expect(device.connections).toBe(0);
  });
});

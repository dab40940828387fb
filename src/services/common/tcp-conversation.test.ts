import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { escapedErrors, type RawPeer, startRawPeer } from '../../../test/support/raw-peer.ts';
import { TcpConversation } from './tcp-conversation.ts';

const peers: RawPeer[] = [];
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});

async function peer(behave: Parameters<typeof startRawPeer>[1]): Promise<RawPeer> {
  const started = await startRawPeer(testAddress(), behave);
  peers.push(started);
  return started;
}

const line = (received: Buffer): boolean => received.includes(0x0a);

describe('TcpConversation', () => {
  it('talks in turns', async () => {
    const device = await peer((socket) => {
      socket.write('login: ');
      socket.on('data', () => socket.write('welcome\n'));
    });
    const conversation = await TcpConversation.open({
      host: device.address,
      port: device.port,
      timeoutMs: 1000,
      maxBytes: 1024,
    });
    expect((await conversation.readUntil((b) => b.includes(':'))).toString()).toBe('login: ');
    conversation.write('admin\n');
    expect((await conversation.readUntil(line)).toString()).toBe('welcome\n');
    conversation.close();
  });

  it('with an already aborted signal: open rejects with its reason and connects nowhere', async () => {
    const device = await peer(() => undefined);
    const reason = new Error('stopped');
    await expect(
      TcpConversation.open({
        host: device.address,
        port: device.port,
        timeoutMs: 1000,
        maxBytes: 1024,
        signal: AbortSignal.abort(reason),
      }),
    ).rejects.toBe(reason);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(device.connections).toBe(0);
  });

  it('a read after the signal fired rejects at once with its reason, not at the deadline', async () => {
    const device = await peer(() => undefined);
    const controller = new AbortController();
    const conversation = await TcpConversation.open({
      host: device.address,
      port: device.port,
      timeoutMs: 5000,
      maxBytes: 1024,
      signal: controller.signal,
    });
    controller.abort(new Error('stopped between turns'));
    const started = performance.now();
    await expect(conversation.readUntil(line)).rejects.toThrow('stopped between turns');
    expect(performance.now() - started).toBeLessThan(1000);
    conversation.close();
  });

  it('a peer that resets at once, and a port that is no port, are coded failures, not crashes', async () => {
    const device = await peer((socket) => socket.resetAndDestroy());
    const failures: unknown[] = [];
    const escaped = await escapedErrors(async () => {
      for (const port of [device.port, 70_000]) {
        await TcpConversation.open({ host: device.address, port, timeoutMs: 1000, maxBytes: 1024 })
          .then(async (conversation) => {
            await conversation.readUntil(line).catch((error: unknown) => failures.push(error));
            conversation.close();
          })
          .catch((error: unknown) => failures.push(error));
      }
    });
    expect(escaped).toEqual([]);
    expect(failures).toHaveLength(2);
    for (const failure of failures) {
      expect(failure).toMatchObject({ code: expect.stringMatching(/^ERR_(PROTOCOL|DEVICE_UNREACHABLE)$/) });
    }
  });
});

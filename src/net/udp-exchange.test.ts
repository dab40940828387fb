import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../test/support/addresses.ts';
import { escapedErrors } from '../../test/support/raw-peer.ts';
import { udpExchange } from './udp-exchange.ts';

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

/** A UDP peer that answers every datagram `answers` times, and counts what it received. */
async function udpPeer(
  answers: number,
  size = 100,
): Promise<{ address: string; port: number; received: () => number }> {
  const address = testAddress();
  const socket = createSocket('udp4');
  sockets.push(socket);
  let received = 0;
  socket.on('message', (_data, from) => {
    received++;
    for (let i = 0; i < answers; i++) socket.send(Buffer.alloc(size, i), from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  return { address, port: socket.address().port, received: () => received };
}

describe('udpExchange', () => {
  it('collects the answers that come back before the deadline', async () => {
    const peer = await udpPeer(2);
    const answers = await udpExchange({
      host: peer.address,
      port: peer.port,
      payload: Buffer.from('hi'),
      timeoutMs: 150,
      maxBytes: 1024,
    });
    expect(answers).toHaveLength(2);
  });

  it('with an already aborted signal: sends nothing and returns at once', async () => {
    const peer = await udpPeer(1);
    const started = performance.now();
    const answers = await udpExchange({
      host: peer.address,
      port: peer.port,
      payload: Buffer.from('hi'),
      timeoutMs: 2000,
      maxBytes: 1024,
      signal: AbortSignal.abort(),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answers).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(peer.received()).toBe(0);
  });

  it('a flooding peer fills at most maxAnswers (default 32), and the exchange ends then', async () => {
    const peer = await udpPeer(500);
    const started = performance.now();
    const answers = await udpExchange({
      host: peer.address,
      port: peer.port,
      payload: Buffer.from('hi'),
      timeoutMs: 2000,
      maxBytes: 1024,
    });
    expect(answers).toHaveLength(32);
    expect(performance.now() - started).toBeLessThan(1500);
  });

  it('a port that is no port ends the exchange with no answers instead of throwing', async () => {
    let result: unknown;
    const escaped = await escapedErrors(async () => {
      result = await udpExchange({
        host: testAddress(),
        port: 70_000,
        payload: Buffer.from('hi'),
        timeoutMs: 100,
        maxBytes: 10,
      });
    });
    expect(escaped).toEqual([]);
    expect(result).toEqual([]);
  });
});

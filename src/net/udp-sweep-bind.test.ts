import type * as Dgram from 'node:dgram';
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testAddress } from '../../test/support/addresses.ts';
import { udpSweep } from './udp-sweep.ts';

// A system without IPv6 (or out of local ports) fails bind() with an 'error' event rather than a callback. The
// mock makes every udp6 socket fail that way; udp4 sockets are real.
vi.mock('node:dgram', async (importOriginal) => {
  const real = await importOriginal<typeof Dgram>();
  const failingBind = function (this: Dgram.Socket): Dgram.Socket {
    const error = Object.assign(new Error('bind EAFNOSUPPORT'), { code: 'EAFNOSUPPORT' });
    process.nextTick(() => this.emit('error', error));
    return this;
  };
  return {
    ...real,
    createSocket: (type: Dgram.SocketType, ...rest: unknown[]) => {
      const socket = (real.createSocket as (...args: unknown[]) => Dgram.Socket)(type, ...rest);
      if (type === 'udp6') Object.assign(socket, { bind: failingBind });
      return socket;
    },
  };
});

const peers: Dgram.Socket[] = [];
afterEach(() => {
  for (const peer of peers.splice(0)) peer.close();
});

describe('udpSweep when a socket cannot bind', () => {
  it('skips that address family and still collects the others, within its deadline', async () => {
    const address = testAddress();
    const peer = createSocket('udp4');
    peers.push(peer);
    peer.on('message', (data, from) => peer.send(data, from.port, from.address));
    await new Promise<void>((resolve) => peer.bind(0, address, resolve));
    const started = performance.now();
    const answers = await udpSweep({
      hosts: ['::1', address],
      port: () => peer.address().port,
      payload: Buffer.from('hello'),
      timeoutMs: 200,
      maxBytes: 1024,
    });
    expect(performance.now() - started).toBeLessThan(2000);
    expect([...answers.keys()]).toEqual([address]);
  });
});

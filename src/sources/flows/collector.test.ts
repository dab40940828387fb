import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { encodeFlowPacket } from '../../lab/flow-traffic/flow-encoder.ts';
import { FlowCollector } from './collector.ts';
import type { Conversation } from './conversation.ts';
import { DatagramQueue } from './datagram-queue.ts';
import type { FlowRecord } from './flow-record.ts';

const NOW = Date.UTC(2026, 11, 5, 12, 30);

function packets(count: number, records: number): Buffer[] {
  return Array.from({ length: count }, (_, p) => {
    const flows: FlowRecord[] = Array.from({ length: records }, (_, r) => ({
      startMs: NOW - 60_000,
      endMs: NOW - 30_000,
      srcAddr: `192.0.2.${1 + ((p * records + r) % 50)}`,
      dstAddr: '198.51.100.7',
      srcPort: 40_000 + r,
      dstPort: 443,
      protocol: 6,
      packets: 2,
      bytes: 100,
    }));
    return encodeFlowPacket(flows, { version: 9, exportMs: NOW, sequence: p, templates: p === 0 });
  });
}

/** Sends every datagram at once (no waiting between them), as a replay or a router's burst does. */
async function burst(port: number, datagrams: readonly Buffer[]): Promise<void> {
  const socket = createSocket('udp4');
  await Promise.all(datagrams.map((d) => new Promise<void>((sent) => socket.send(d, port, '127.0.0.1', () => sent()))));
  socket.close();
}

describe('FlowCollector', () => {
  it('stores every flow of a burst: what was read before stop is decoded and handed over, none is left behind', async () => {
    const batches: Conversation[][] = [];
    const collector = await FlowCollector.start({
      address: '127.0.0.1',
      port: 0,
      now: () => NOW,
      onBatch: (conversations) => batches.push(conversations),
    });
    await burst(collector.address.port, packets(200, 20));
    await collector.stop();
    const stored = batches.flat().reduce((sum, c) => sum + c.flows, 0);
    expect(collector.stats.packets).toBe(200);
    expect(collector.stats.dropped).toBe(0);
    expect(collector.stats.flows).toBe(4000);
    expect(stored).toBe(4000);
    // 50 sources × one destination, port and hour: aggregated, not one row per flow.
    expect(batches.flat().length).toBe(50);
  });

  it('counts datagrams it had to drop when decoding fell too far behind, instead of losing them unseen', async () => {
    const collector = await FlowCollector.start({
      address: '127.0.0.1',
      port: 0,
      now: () => NOW,
      maxQueuedBytes: 10, // smaller than any datagram: every one is over the bound
      onBatch: () => undefined,
    });
    await burst(collector.address.port, packets(5, 3));
    const deadline = Date.now() + 2000;
    while (collector.stats.packets < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await collector.stop();
    expect(collector.stats).toMatchObject({ packets: 5, dropped: 5, flows: 0 });
  });
});

describe('DatagramQueue', () => {
  it('keeps order, refuses what would pass its byte bound, and frees room as it is read', () => {
    const queue = new DatagramQueue(10);
    const datagram = (n: number) => ({ message: Buffer.alloc(n), exporter: 'e', receivedMs: n });
    expect(queue.push(datagram(4))).toBe(true);
    expect(queue.push(datagram(6))).toBe(true);
    expect(queue.push(datagram(1))).toBe(false);
    expect(queue.shift()?.receivedMs).toBe(4);
    expect(queue.push(datagram(3))).toBe(true);
    expect([queue.shift()?.receivedMs, queue.shift()?.receivedMs, queue.shift()]).toEqual([6, 3, undefined]);
    for (let i = 0; i < 5000; i++) {
      expect(queue.push(datagram(1))).toBe(true);
      expect(queue.shift()?.message.length).toBe(1);
    }
    expect(queue.length).toBe(0);
  });
});

import { createSocket } from 'node:dgram';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { importConntrack } from '../../src/app/flows/import-conntrack.ts';
import { runCli } from '../../src/cli/run-cli.ts';
import { encodeFlowPacket } from '../../src/lab/flow-traffic/flow-encoder.ts';
import type { FlowRecord } from '../../src/sources/flows/flow-record.ts';
import { openStore } from '../../src/store/index.ts';
import { testAddress } from '../support/addresses.ts';
import { capturedDeps, runIotwarden } from '../support/cli.ts';
import { tempDir } from '../support/store.ts';

const dir = tempDir();
afterAll(() => dir.cleanup());
const NOW = Date.now();

function flow(overrides: Partial<FlowRecord>): FlowRecord {
  return {
    startMs: NOW - 2000,
    endMs: NOW - 1000,
    srcAddr: '192.168.1.30',
    dstAddr: '203.0.113.7',
    srcPort: 50000,
    dstPort: 443,
    protocol: 6,
    packets: 5,
    bytes: 500,
    ...overrides,
  };
}

async function send(address: string, port: number, packets: Buffer[]): Promise<void> {
  const socket = createSocket('udp4');
  for (const packet of packets)
    await new Promise<void>((resolve) => socket.send(packet, port, address, () => resolve()));
  socket.close();
}

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('iotwarden flows collect', () => {
  it('stores the flows of v5, v9 and IPFIX exporters as conversations, and counts refused packets by code', async () => {
    const db = join(dir.dir, 'collect.db');
    const address = testAddress();
    const { deps, out, err } = capturedDeps();
    const run = runCli(
      [
        'node',
        'iotwarden',
        'flows',
        'collect',
        '--listen',
        `${address}:2055`,
        '--duration',
        '3s',
        '--json',
        '--db',
        db,
      ],
      deps,
    );
    await waitFor(() => err.text.includes('collecting flows on'));
    const request = flow({});
    const reply = flow({ srcAddr: '203.0.113.7', dstAddr: '192.168.1.30', srcPort: 443, dstPort: 50000, bytes: 9000 });
    const ntp = flow({
      dstAddr: '198.51.100.1',
      srcPort: 40123,
      dstPort: 123,
      protocol: 17,
      srcMac: '50:C7:BF:00:00:30',
    });
    const bad = encodeFlowPacket([request], { version: 9, exportMs: NOW });
    bad.writeUInt16BE(7, 0);
    await send(address, 2055, [
      encodeFlowPacket([request, reply], { version: 5, exportMs: NOW }),
      encodeFlowPacket([ntp], { version: 9, exportMs: NOW, macs: true }),
      encodeFlowPacket([ntp], { version: 10, exportMs: NOW, macs: true }),
      bad,
    ]);
    expect(await run).toBe(0);
    const stats = JSON.parse(out.text).stats;
    expect(stats).toMatchObject({ packets: 4, flows: 4, refused: { ERR_FLOW_VERSION: 1 } });
    const store = await openStore(db);
    const conversations = store.flows.conversations(NOW - 3_600_000, NOW + 3_600_000);
    // The request and its reply are one conversation opened by the device; the two NTP exports merge into one.
    expect(
      conversations.map((c) => [c.initiator, c.responder, c.protocol, c.port, c.flows, c.replies, c.bytes]),
    ).toEqual([
      ['192.168.1.30', '198.51.100.1', 17, 123, 2, 0, 1000],
      ['192.168.1.30', '203.0.113.7', 6, 443, 1, 1, 9500],
    ]);
    expect(conversations[0]?.initiatorMac).toBe('50:C7:BF:00:00:30');
    expect(store.flows.sources()[0]).toMatchObject({ kind: 'netflow', last_error_code: 'ERR_FLOW_VERSION' });
    await store.close();
    const status = await runIotwarden(['flows', 'status', '--db', db]);
    expect(status.stdout).toContain(`netflow ${address}:2055: 3 flows`);
  });

  it('refuses a malformed --listen and a port already in use, with codes', async () => {
    const bad = await runIotwarden(['flows', 'collect', '--listen', 'router:2055', '--db', join(dir.dir, 'x.db')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('[ERR_USAGE_LISTEN]');
    const address = testAddress();
    const holder = createSocket('udp4');
    await new Promise<void>((resolve) => holder.bind(2055, address, resolve));
    const busy = await runIotwarden(['flows', 'collect', '--listen', `${address}:2055`, '--db', join(dir.dir, 'x.db')]);
    holder.close();
    expect(busy.status).toBe(1);
    expect(busy.stderr).toContain('[ERR_FLOW_LISTEN]');
  });
});

const SNAPSHOT_1 = [
  'ipv4     2 tcp      6 7440 ESTABLISHED src=192.168.1.30 dst=203.0.113.7 sport=50000 dport=443 packets=10 bytes=1000 src=203.0.113.7 dst=198.51.100.2 sport=443 dport=50000 packets=12 bytes=9000 [ASSURED] mark=0 zone=0 use=2',
  'ipv4     2 udp      17 29 src=192.168.1.30 dst=192.168.1.1 sport=40000 dport=53 packets=1 bytes=60 src=192.168.1.1 dst=192.168.1.30 sport=53 dport=40000 packets=1 bytes=120 mark=0 zone=0 use=2',
  // A port forward: the internet host opened it to the router's address, the camera answered (DNAT).
  'ipv4     2 tcp      6 100 ESTABLISHED src=198.51.100.99 dst=198.51.100.2 sport=61000 dport=8554 src=192.168.1.60 dst=198.51.100.99 sport=554 dport=61000 [ASSURED] mark=0 zone=0 use=2',
].join('\n');

describe('iotwarden flows import --conntrack', () => {
  it('imports a snapshot, then only what is new, and tolerates a newer kernel', async () => {
    const db = join(dir.dir, 'conntrack.db');
    const file = join(dir.dir, 'nf_conntrack');
    writeFileSync(file, `${SNAPSHOT_1}\n`);
    const first = await runIotwarden(['flows', 'import', '--conntrack', file, '--json', '--db', db]);
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ connections: 3, newConnections: 3, refused: 0 });
    // The TCP connection moved on; DNS is gone; a new one from a newer kernel with a field nobody knows yet.
    writeFileSync(
      file,
      [
        SNAPSHOT_1.split('\n')[0]!.replace('packets=10 bytes=1000', 'packets=20 bytes=2000'),
        'tcp      6 431999 ESTABLISHED src=192.168.1.31 dst=203.0.113.8 sport=50001 dport=8883 src=203.0.113.8 dst=198.51.100.2 sport=8883 dport=50001 [ASSURED] [FUTURE] mark=0 use=1 flowtable=ft0',
        'this line is not conntrack',
      ].join('\n'),
    );
    const second = await runIotwarden(['flows', 'import', '--conntrack', file, '--db', db]);
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('2 connections, 1 not seen before');
    expect(second.stdout).toContain('ignored: [FUTURE], flowtable');
    expect(second.stdout).toContain('line 3: does not start with a protocol name');
    const store = await openStore(db);
    const all = store.flows.conversations(0, Date.now() + 3_600_000);
    const https = all.filter((c) => c.port === 443);
    expect(https.reduce((s, c) => s + c.flows, 0)).toBe(1);
    expect(https.reduce((s, c) => s + c.bytes, 0)).toBe(11_000);
    expect(all.find((c) => c.port === 554)).toMatchObject({ initiator: '198.51.100.99', responder: '192.168.1.60' });
    await store.close();
  });

  it('refuses a file with no conntrack line at all and keeps what was stored', async () => {
    const db = join(dir.dir, 'garbage.db');
    const store = await openStore(db);
    await importConntrack(store, { input: Readable.from([`${SNAPSHOT_1}\n`]), location: 'stdin:router', nowMs: NOW });
    await expect(
      importConntrack(store, {
        input: Readable.from(['{"not":"conntrack"}\n', 'garbage\n']),
        location: 'stdin:router',
        nowMs: NOW,
      }),
    ).rejects.toMatchObject({ code: 'ERR_CONNTRACK_FORMAT' });
    expect(store.flows.conversations(0, NOW + 3_600_000)).toHaveLength(3);
    expect(store.flows.seen(store.flows.sources()[0]!.id).size).toBe(3);
    await store.close();
    const missing = await runIotwarden(['flows', 'import', '--conntrack', join(dir.dir, 'nope'), '--db', db]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('[ERR_CONNTRACK_SOURCE]');
  });
});

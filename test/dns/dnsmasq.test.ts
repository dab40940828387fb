import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import dnsPacket from 'dns-packet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateQueries } from '../../src/lab/dns-traffic/generate-queries.ts';
import { seedHomeTrafficClients } from '../../src/lab/dns-traffic/seed-home-traffic.ts';
import type { GeneratedQuery, TrafficClient } from '../../src/lab/dns-traffic/traffic-model.ts';
import { DnsmasqLogSource } from '../../src/sources/dnsmasq/log-source.ts';
import { importDns } from '../../src/sources/import-dns.ts';
import { testAddress } from '../support/addresses.ts';
import {
  countByClient,
  countsInStore,
  openTestStore,
  scratchDir,
  sorted,
  type TestDnsStore,
} from '../support/dns-sources.ts';

/**
 * Debian's dnsmasq (installed by .ci/run) on a loopback address, answering every name locally (never forwarding),
 * with log-queries to a file. Lab devices send real DNS queries from their own loopback addresses; iotwarden
 * imports the real log and must count exactly what each device sent.
 */
const DNSMASQ = ['/usr/sbin/dnsmasq', '/usr/local/sbin/dnsmasq'].find((p) => existsSync(p));
const isRoot = process.getuid?.() === 0;
if (!DNSMASQ) {
  const why = isRoot
    ? 'FAILING: root but dnsmasq is missing'
    : 'SKIPPED: dnsmasq is not installed and this user cannot install it';
  console.warn(`\n*** test/dns/dnsmasq.test.ts ${why} (apt-get install -y --no-install-recommends dnsmasq) ***\n`);
}
const run = DNSMASQ || isRoot ? describe : describe.skip;

const server = testAddress();
const port = 20_000 + Math.floor(Math.random() * 20_000);
const DEVICES = ['garage-door', 'living-room-tv', 'coffee-maker', 'phone'];

run('real dnsmasq with log-queries', () => {
  const { dir, cleanup } = scratchDir();
  const log = join(dir, 'dnsmasq.log');
  let child: ChildProcess | undefined;
  let store: TestDnsStore;
  // The seed home's profiles, moved onto this test's loopback addresses.
  const clients: TrafficClient[] = seedHomeTrafficClients('127.77.1')
    .filter((c) => DEVICES.includes(c.name))
    .map((c) => ({ ...c, address: testAddress() }));
  const start = Date.UTC(2026, 0, 15, 19);
  const traffic = [...generateQueries(clients, { startMs: start, endMs: start + 3 * 60_000, seed: 5 })];
  const [firstPart, secondPart] = [traffic.slice(0, 240), traffic.slice(240, 300)];

  beforeAll(async () => {
    if (!DNSMASQ) throw new Error('dnsmasq is missing; .ci/run installs it (apt-get install dnsmasq)');
    const domains = new Map(traffic.map((q) => [q.domain, q.status === 'GRAVITY']));
    const args = [
      '--no-daemon',
      '--conf-file=/dev/null',
      '--pid-file=',
      '--no-resolv',
      '--no-hosts',
      '--bind-interfaces',
      `--listen-address=${server}`,
      `--port=${port}`,
      '--log-queries',
      `--log-facility=${log}`,
      // Local answers only: a blocklist entry (0.0.0.0) for tracker names, a documentation address for the rest.
      ...[...domains].map(([domain, blocked]) => `--address=/${domain}/${blocked ? '0.0.0.0' : '192.0.2.10'}`),
      ...(isRoot ? ['--user=root'] : []),
    ];
    child = spawn(DNSMASQ, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await waitFor(
      () => existsSync(log) && readFileSync(log, 'utf8').includes('started'),
      () => `dnsmasq did not start: ${stderr}`,
    );
    store = await openTestStore(dir);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await store?.close();
    cleanup();
  });

  it('counts exactly the queries each lab device sent, with dnsmasq’s blocks', async () => {
    for (const query of firstPart) await resolve(query);
    await waitFor(
      () => queryLines() >= firstPart.length,
      () => `log has ${queryLines()} query lines`,
    );
    const result = await importDns(store, new DnsmasqLogSource(log));
    expect(result.imported).toBe(firstPart.length);
    expect(sorted(countsInStore(store))).toEqual(sorted(countByClient(firstPart)));
    const blocked = firstPart.filter((q) => q.status === 'GRAVITY').length;
    expect(blocked).toBeGreaterThan(0);
    expect(store.read.clientCounts().reduce((sum, c) => sum + c.blocked, 0)).toBe(blocked);
    expect((await importDns(store, new DnsmasqLogSource(log))).imported).toBe(0);
  });

  it('picks up after a log rotation (SIGUSR2 makes dnsmasq reopen its log file)', async () => {
    renameSync(log, `${log}.1`);
    child?.kill('SIGUSR2');
    await waitFor(
      () => existsSync(log),
      () => 'dnsmasq did not reopen its log',
    );
    for (const query of secondPart) await resolve(query);
    await waitFor(
      () => queryLines() >= secondPart.length,
      () => `log has ${queryLines()} query lines`,
    );
    const result = await importDns(store, new DnsmasqLogSource(log));
    expect(result.imported).toBe(secondPart.length);
    expect(sorted(countsInStore(store))).toEqual(sorted(countByClient([...firstPart, ...secondPart])));
  });

  function queryLines(): number {
    return existsSync(log)
      ? readFileSync(log, 'utf8')
          .split('\n')
          .filter((l) => / query\[/.test(l)).length
      : 0;
  }
});

/** Sends one query from the device's own address and waits for dnsmasq's answer. */
function resolve(query: GeneratedQuery): Promise<void> {
  return new Promise((done, fail) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      fail(new Error(`no answer for ${query.domain} from ${query.client}`));
    }, 2000);
    socket.on('message', () => {
      clearTimeout(timer);
      socket.close();
      done();
    });
    socket.bind(0, query.client, () => {
      const packet = dnsPacket.encode({
        type: 'query',
        id: Math.floor(Math.random() * 65_535),
        flags: dnsPacket.RECURSION_DESIRED,
        questions: [{ type: query.type as 'A', name: query.domain }],
      });
      socket.send(packet, port, server);
    });
  });
}

async function waitFor(ready: () => boolean, why: () => string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(why());
    await new Promise((r) => setTimeout(r, 20));
  }
}

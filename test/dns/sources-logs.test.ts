import { appendFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAdguardQueryLog } from '../../src/lab/dns-traffic/adguard-writer.ts';
import { generateQueries } from '../../src/lab/dns-traffic/generate-queries.ts';
import { seedHomeTrafficClients } from '../../src/lab/dns-traffic/seed-home-traffic.ts';
import type { GeneratedQuery } from '../../src/lab/dns-traffic/traffic-model.ts';
import { AdguardLogSource } from '../../src/sources/adguard/log-source.ts';
import { DnsmasqLogSource } from '../../src/sources/dnsmasq/log-source.ts';
import { importDns } from '../../src/sources/import-dns.ts';
import { DNS_SOURCE_ERROR_CODES } from '../../src/sources/source-errors.ts';
import {
  countByClient,
  countsInStore,
  openTestStore,
  scratchDir,
  sorted,
  type TestDnsStore,
} from '../support/dns-sources.ts';

const HOUR = 3_600_000;
const START = new Date(2026, 0, 14, 6).getTime(); // local time: dnsmasq stamps are local
const clients = seedHomeTrafficClients('127.77.1');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

let dir: string;
let cleanup: () => void;
let store: TestDnsStore;
beforeEach(async () => {
  ({ dir, cleanup } = scratchDir());
  store = await openTestStore(dir);
});
afterEach(async () => {
  await store.close();
  cleanup();
});

function traffic(fromMs: number, hours: number, seed = 3): GeneratedQuery[] {
  // Whole seconds: dnsmasq's syslog stamps have no fraction, so the ground truth must not either.
  return [...generateQueries(clients, { startMs: fromMs, endMs: fromMs + hours * HOUR, seed })];
}

/** dnsmasq's log-queries lines for a query and its answer (`log-facility=<file>` format, local time). */
function dnsmasqLines(queries: readonly GeneratedQuery[]): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return queries
    .map((q) => {
      const d = new Date(q.timeMs);
      const stamp = `${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
      const prefix = `${stamp} dnsmasq[4242]:`;
      const answer =
        q.status === 'GRAVITY'
          ? `config ${q.domain} is 0.0.0.0`
          : q.status === 'CACHE'
            ? `cached ${q.domain} is 192.0.2.7`
            : `forwarded ${q.domain} to 9.9.9.9`;
      return `${prefix} query[${q.type}] ${q.domain} from ${q.client}\n${prefix} ${answer}\n`;
    })
    .join('');
}

function blockedIn(queries: readonly GeneratedQuery[]): number {
  return queries.filter((q) => q.status === 'GRAVITY').length;
}

function storedBlocked(): number {
  return store.read.clientCounts().reduce((sum, c) => sum + c.blocked, 0);
}

describe('dnsmasq log-queries files', () => {
  it('reads a rotated, gzipped set oldest first, with statuses from the answer lines, once', async () => {
    const log = join(dir, 'dnsmasq.log');
    const [a, b, c] = [traffic(START, 1), traffic(START + HOUR, 1, 4), traffic(START + 2 * HOUR, 1, 5)];
    writeFileSync(`${log}.2.gz`, gzipSync(dnsmasqLines(a!)));
    writeFileSync(`${log}.1`, dnsmasqLines(b!));
    writeFileSync(log, `Jan 14 05:59:59 dnsmasq[4242]: started, version 2.90 cachesize 150\n${dnsmasqLines(c!)}`);
    const all = [...a!, ...b!, ...c!];
    const result = await importDns(store, new DnsmasqLogSource(log));
    expect(result.imported).toBe(all.length);
    expect(sorted(countsInStore(store))).toEqual(sorted(countByClient(all)));
    expect(storedBlocked()).toBe(blockedIn(all));
    expect((await importDns(store, new DnsmasqLogSource(log))).imported).toBe(0);
    expect(store.read.totals().queries).toBe(all.length);
  });

  it('counts appended lines, survives a rotation, and never counts a line twice', async () => {
    const log = join(dir, 'dnsmasq.log');
    const first = traffic(START, 1);
    writeFileSync(log, dnsmasqLines(first));
    await importDns(store, new DnsmasqLogSource(log));
    const appended = traffic(START + HOUR, 0.5, 6);
    appendFileSync(log, dnsmasqLines(appended));
    expect((await importDns(store, new DnsmasqLogSource(log))).imported).toBe(appended.length);
    // logrotate: live → .1, a new live file; nothing new yet.
    renameSync(log, `${log}.1`);
    writeFileSync(log, '');
    expect((await importDns(store, new DnsmasqLogSource(log))).imported).toBe(0);
    const after = traffic(START + 1.5 * HOUR, 0.5, 7);
    writeFileSync(log, dnsmasqLines(after));
    expect((await importDns(store, new DnsmasqLogSource(log))).imported).toBe(after.length);
    expect(sorted(countsInStore(store))).toEqual(sorted(countByClient([...first, ...appended, ...after])));
  });

  it('counts lines written after the clock stepped back, once', async () => {
    const log = join(dir, 'dnsmasq.log');
    // The router's clock ran 2 h ahead, then NTP set it right: later lines carry earlier stamps.
    const ahead = traffic(START + 2 * HOUR, 0.5);
    writeFileSync(log, dnsmasqLines(ahead));
    await importDns(store, new DnsmasqLogSource(log));
    const corrected = traffic(START, 0.5, 8);
    appendFileSync(log, dnsmasqLines(corrected));
    expect((await importDns(store, new DnsmasqLogSource(log))).imported).toBe(corrected.length);
    const later = traffic(START + 0.5 * HOUR, 0.25, 9);
    appendFileSync(log, dnsmasqLines(later));
    expect((await importDns(store, new DnsmasqLogSource(log))).imported).toBe(later.length);
    expect((await importDns(store, new DnsmasqLogSource(log))).imported).toBe(0);
    expect(sorted(countsInStore(store))).toEqual(sorted(countByClient([...ahead, ...corrected, ...later])));
  });

  it('puts year-less stamps in the year before the file was written when they lie after it', async () => {
    const log = join(dir, 'dnsmasq.log');
    writeFileSync(
      log,
      'Dec 31 23:59:58 dnsmasq[1]: query[A] time.google.com from 127.77.1.17\nJan  1 00:00:02 dnsmasq[1]: query[A] time.google.com from 127.77.1.17\n',
    );
    const written = new Date(2026, 0, 1, 0, 5);
    utimesSync(log, written, written);
    await importDns(store, new DnsmasqLogSource(log));
    const [pair] = [...store.read.pairs()];
    expect(pair?.first_ms).toBe(new Date(2025, 11, 31, 23, 59, 58).getTime());
    expect(pair?.last_ms).toBe(new Date(2026, 0, 1, 0, 0, 2).getTime());
    expect(pair?.other).toBe(2); // no answer lines: status unknown
  });

  it('names a damaged gzip rotation and a missing log with stable codes', async () => {
    const log = join(dir, 'dnsmasq.log');
    writeFileSync(log, dnsmasqLines(traffic(START, 0.25)));
    await importDns(store, new DnsmasqLogSource(log));
    const before = store.read.totals();
    writeFileSync(
      `${log}.2.gz`,
      Buffer.concat([gzipSync(dnsmasqLines(traffic(START - HOUR, 0.5))).subarray(0, 200), Buffer.from('garbage')]),
    );
    await expect(importDns(store, new DnsmasqLogSource(log))).rejects.toMatchObject({
      code: DNS_SOURCE_ERROR_CODES.corrupt,
    });
    rmSync(`${log}.2.gz`);
    await expect(importDns(store, new DnsmasqLogSource(join(dir, 'missing.log')))).rejects.toMatchObject({
      code: DNS_SOURCE_ERROR_CODES.missing,
    });
    expect(store.read.totals()).toEqual(before);
  });
});

describe('AdGuard Home querylog.json', () => {
  it('reads querylog.json.1 then querylog.json, once, and only new entries after a rotation', async () => {
    const window = { startMs: START, endMs: START + 2 * HOUR, seed: 9 };
    const written = await writeAdguardQueryLog(dir, clients, window, { rotateAtMs: START + HOUR });
    const truth = [...generateQueries(clients, window)];
    expect(written.rotated).toBeGreaterThan(0);
    const source = () => new AdguardLogSource(written.file);
    expect((await importDns(store, source())).imported).toBe(truth.length);
    expect(sorted(countsInStore(store))).toEqual(sorted(countByClient(truth)));
    expect(storedBlocked()).toBe(blockedIn(truth));
    expect((await importDns(store, source())).imported).toBe(0);
    // AdGuard rotates: the live file becomes .1 (the old .1 is dropped), a new live file starts.
    rmSync(`${written.file}.1`);
    renameSync(written.file, `${written.file}.1`);
    const next = { startMs: START + 2 * HOUR, endMs: START + 3 * HOUR, seed: 10 };
    await writeAdguardQueryLog(dir, clients, next);
    const more = [...generateQueries(clients, next)];
    expect((await importDns(store, source())).imported).toBe(more.length);
    expect(store.read.totals().queries).toBe(truth.length + more.length);
  });

  it('ignores lines that are not log entries and says so', async () => {
    const file = join(dir, 'querylog.json');
    const good =
      '{"T":"2026-01-14T06:00:00.123456789+01:00","QH":"ws.meethue.com","QT":"A","QC":"IN","CP":"","IP":"127.77.1.40","Result":{},"Elapsed":1}';
    writeFileSync(file, `${good}\nnot json\n{"unrelated":true}\n`);
    const result = await importDns(store, new AdguardLogSource(file));
    expect(result.imported).toBe(1);
    expect(result.limitations.join(' ')).toMatch(/2 line/);
    expect([...store.read.pairs()][0]?.first_ms).toBe(Date.UTC(2026, 0, 14, 5, 0, 0, 123));
  });
});

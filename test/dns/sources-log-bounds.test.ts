import { once } from 'node:events';
import { createWriteStream, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdguardLogSource } from '../../src/sources/adguard/log-source.ts';
import { DnsmasqLogSource } from '../../src/sources/dnsmasq/log-source.ts';
import { importDns } from '../../src/sources/import-dns.ts';
import { MAX_LOG_LINE_BYTES } from '../../src/sources/log-files.ts';
import type { TestDnsStore } from '../support/dns-sources.ts';
import { countsInStore, openTestStore, scratchDir, sorted } from '../support/dns-sources.ts';

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

/** Over V8's longest string (2^29 - 24 characters): read as one string, this line cannot exist. */
const BOMB_LINE_MIB = 600;

/**
 * A gzip file of `before`, one line of BOMB_LINE_MIB MiB of `x`, then `after`, written as it is made. gzip allows
 * members back to back (RFC 1952 §2.2), so one compressed MiB of `x` (about 1 KB) is written 600 times: a file of
 * about 600 KB whose second line unpacks to 600 MiB.
 */
async function writeGzipBomb(file: string, before: string, after: string): Promise<void> {
  const mebibyte = gzipSync(Buffer.alloc(1024 * 1024, 'x'), { level: 9 });
  const out = createWriteStream(file);
  out.write(gzipSync(before));
  for (let i = 0; i < BOMB_LINE_MIB; i++) {
    if (!out.write(mebibyte)) await once(out, 'drain');
  }
  out.end(gzipSync(`\n${after}`));
  await once(out, 'finish');
  expect(statSync(file).size).toBeLessThan(1024 * 1024);
}

const dnsmasq = (time: string, domain: string, client: string) =>
  `Jan 14 ${time} dnsmasq[1]: query[A] ${domain} from ${client}\nJan 14 ${time} dnsmasq[1]: forwarded ${domain} to 9.9.9.9\n`;

const adguard = (second: number, domain: string, client: string) =>
  `${JSON.stringify({ T: `2026-01-14T06:00:${String(second).padStart(2, '0')}.5Z`, QH: domain, QT: 'A', IP: client, Result: {} })}\n`;

describe('log lines are bounded', () => {
  it('skips a 600 MiB line in a small gzipped dnsmasq rotation, says so, and imports the rest', async () => {
    const log = join(dir, 'dnsmasq.log');
    const bomb = `${log}.1.gz`;
    await writeGzipBomb(
      bomb,
      dnsmasq('06:00:00', 'before.example', '127.77.1.10'),
      dnsmasq('06:00:01', 'after.example', '127.77.1.11'),
    );
    writeFileSync(log, dnsmasq('06:00:02', 'live.example', '127.77.1.12'));
    const result = await importDns(store, new DnsmasqLogSource(log));
    expect(result.imported).toBe(3);
    expect(sorted(countsInStore(store))).toEqual([
      ['127.77.1.10', 1],
      ['127.77.1.11', 1],
      ['127.77.1.12', 1],
    ]);
    expect(result.limitations).toContain(`skipped 1 line longer than 64 KiB in ${bomb}`);
  }, 120_000);

  it('skips a 600 MiB line in a gzipped AdGuard Home query log, says so, and imports the rest', async () => {
    const file = join(dir, 'querylog.json');
    const bomb = `${file}.1.gz`;
    await writeGzipBomb(bomb, adguard(0, 'before.example', '127.77.1.10'), adguard(1, 'after.example', '127.77.1.11'));
    writeFileSync(file, adguard(2, 'live.example', '127.77.1.12'));
    const result = await importDns(store, new AdguardLogSource(file));
    expect(result.imported).toBe(3);
    expect(result.limitations).toContain(`skipped 1 line longer than 64 KiB in ${bomb}`);
    // The over-long line is not also counted as a malformed entry.
    expect(result.limitations).toHaveLength(1);
  }, 120_000);

  it('imports every other line of a plain dnsmasq log with long lines in the middle', async () => {
    const log = join(dir, 'dnsmasq.log');
    const long = `Jan 14 06:00:01 dnsmasq[1]: query[A] ${'a'.repeat(MAX_LOG_LINE_BYTES)}.example from 127.77.1.66\n`;
    const atLimit = `${'b'.repeat(MAX_LOG_LINE_BYTES)}\n`; // exactly the limit: read (and ignored as not a query)
    writeFileSync(
      log,
      dnsmasq('06:00:00', 'one.example', '127.77.1.10') +
        long +
        atLimit +
        dnsmasq('06:00:02', 'two.example', '127.77.1.10') +
        long +
        dnsmasq('06:00:03', 'three.example', '127.77.1.11'),
    );
    const result = await importDns(store, new DnsmasqLogSource(log));
    expect(result.imported).toBe(3);
    expect(sorted(countsInStore(store))).toEqual([
      ['127.77.1.10', 2],
      ['127.77.1.11', 1],
    ]);
    expect(result.limitations).toEqual([`skipped 2 lines longer than 64 KiB in ${log}`]);
  });

  it('imports every other entry of a plain AdGuard Home log with a long line in the middle', async () => {
    const file = join(dir, 'querylog.json');
    const long = adguard(1, `${'a'.repeat(MAX_LOG_LINE_BYTES)}.example`, '127.77.1.66');
    writeFileSync(file, adguard(0, 'one.example', '127.77.1.10') + long + adguard(2, 'two.example', '127.77.1.11'));
    const result = await importDns(store, new AdguardLogSource(file));
    expect(result.imported).toBe(2);
    expect(countsInStore(store).has('127.77.1.66')).toBe(false);
    expect(result.limitations).toEqual([`skipped 1 line longer than 64 KiB in ${file}`]);
  });
});

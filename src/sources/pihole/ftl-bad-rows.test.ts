import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ftlFromFixture, openTestStore, scratchDir, type TestDnsStore } from '../../../test/support/dns-sources.ts';
import { importDns } from '../import-dns.ts';
import { FtlDbSource } from './ftl-db-source.ts';

/**
 * Found by fuzzing (test/fuzz/ftl-db-target.ts): SQLite keeps text in Pi-hole's INTEGER `timestamp` column, and one
 * such row failed the whole import with "NOT NULL constraint failed: dns_clients.first_ms", keeping nothing. A row
 * without a usable time is skipped and counted like a row with a dangling id; the others are imported.
 */
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

describe('a Pi-hole database with a row whose time is not a number', () => {
  it.each(['current', 'legacy'] as const)('%s layout: imports the good rows and skips the bad one', async (layout) => {
    const file = join(dir, `pihole-FTL-${layout}.db`);
    const db = ftlFromFixture(file, layout);
    const rows: Array<[number, unknown]> = [
      [1, 1_767_225_600],
      [2, 'not a time'],
      [3, 1_767_225_660],
    ];
    if (layout === 'legacy') {
      const insert = db.prepare(
        "INSERT INTO queries (id, timestamp, type, status, domain, client) VALUES (?, ?, 1, 2, 'a.example', '192.168.1.20')",
      );
      for (const [id, time] of rows) insert.run(id, time);
    } else {
      db.prepare("INSERT OR REPLACE INTO domain_by_id (id, domain) VALUES (1, 'a.example')").run();
      db.prepare("INSERT OR REPLACE INTO client_by_id (id, ip, name) VALUES (1, '192.168.1.20', NULL)").run();
      const insert = db.prepare(
        'INSERT INTO query_storage (id, timestamp, type, status, domain, client) VALUES (?, ?, 1, 2, 1, 1)',
      );
      for (const [id, time] of rows) insert.run(id, time);
    }
    db.close();
    const result = await importDns(store, new FtlDbSource(file), { timeoutMs: 5000 });
    expect(result.imported).toBe(2);
    expect(store.read.totals().queries).toBe(2);
  });
});

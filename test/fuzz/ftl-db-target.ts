import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { IotwardenError } from '../../src/errors/index.ts';
import { importDns } from '../../src/sources/import-dns.ts';
import { FtlDbSource } from '../../src/sources/pihole/ftl-db-source.ts';
import { ftlFromFixture, openTestStore, type TestDnsStore } from '../support/dns-sources.ts';
import { defineTarget, type FuzzTarget } from '../support/fuzz.ts';

/**
 * Pi-hole's long-term database (pihole-FTL.db), both layouts of the shared fixtures, filled with hostile rows:
 * sparse and huge ids (issue 8: ids 1 and 4×10¹² once made the import page for minutes), times before 1970 and
 * past 9999, unknown type and status codes, text where numbers belong, control characters and 70 kB names.
 */
const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', 'a.example', '\u001b]8;;x\u0007.example', 'x'.repeat(70_000), '192.168.1.20', '::1'),
);
const integer = fc.oneof(
  fc.integer({ min: -5, max: 100 }),
  fc.constantFrom(0, 1, 4_000_000_000_000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 253_402_300_800),
  fc.integer(),
);
const row = fc.record({
  id: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.constantFrom(4_000_000_000_000, Number.MAX_SAFE_INTEGER)),
  timestamp: fc.oneof(integer, text),
  type: fc.oneof(integer, text),
  status: fc.oneof(integer, text),
  domain: text,
  client: text,
});

type FtlRow = typeof row extends fc.Arbitrary<infer R> ? R : never;
type FtlInput = { layout: 'current' | 'legacy'; rows: FtlRow[] };

/** Inserts rows the way FTL would, and the ways it never would (SQLite keeps text in an INTEGER column). */
function writeRows(file: string, input: FtlInput): void {
  const db = ftlFromFixture(file, input.layout);
  try {
    if (input.layout === 'legacy') {
      const insert = db.prepare(
        'INSERT OR IGNORE INTO queries (id, timestamp, type, status, domain, client) VALUES (?, ?, ?, ?, ?, ?)',
      );
      for (const r of input.rows) insert.run(r.id, r.timestamp, r.type, r.status, r.domain, r.client);
    } else {
      const domain = db.prepare('INSERT OR IGNORE INTO domain_by_id (id, domain) VALUES (?, ?)');
      const client = db.prepare('INSERT OR IGNORE INTO client_by_id (id, ip, name) VALUES (?, ?, ?)');
      const query = db.prepare(
        'INSERT OR IGNORE INTO query_storage (id, timestamp, type, status, domain, client) VALUES (?, ?, ?, ?, ?, ?)',
      );
      input.rows.forEach((r, i) => {
        domain.run(i + 1, r.domain);
        client.run(i + 1, r.client, null);
        query.run(r.id, r.timestamp, r.type, r.status, i + 1, i + 1);
      });
    }
  } finally {
    db.close();
  }
}

let shared: Promise<{ store: TestDnsStore; dir: string }> | undefined;

/** One store for every input (opening and migrating a store per input would cost more than the import). */
function sharedStore(): Promise<{ store: TestDnsStore; dir: string }> {
  shared ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'iotwarden-fuzz-ftl-store-'));
    return { store: await openTestStore(dir), dir };
  })();
  return shared;
}

/** Closes the store the FTL target imported into. */
export async function stopFtlFuzzStore(): Promise<void> {
  const opened = await shared;
  shared = undefined;
  if (!opened) return;
  await opened.store.close();
  rmSync(opened.dir, { recursive: true, force: true });
}

export const FTL_DB_TARGET: FuzzTarget<unknown> = defineTarget<FtlInput>({
  name: 'Pi-hole FTL database import (hostile rows)',
  costly: true,
  input: fc.record({
    layout: fc.constantFrom('current', 'legacy'),
    rows: fc.array(row, { maxLength: 12 }),
  }) as fc.Arbitrary<FtlInput>,
  check: async (input) => {
    const dir = mkdtempSync(join(tmpdir(), 'iotwarden-fuzz-ftl-'));
    try {
      const file = join(dir, 'pihole-FTL.db');
      writeRows(file, input);
      const { store } = await sharedStore();
      {
        const started = performance.now();
        const result = await importDns(store, new FtlDbSource(file), { timeoutMs: 5000 }).catch((error: unknown) => {
          if (error instanceof IotwardenError) return undefined;
          throw new Error(`untyped failure: ${(error as Error)?.stack ?? String(error)}`);
        });
        if (performance.now() - started > 5000) throw new Error('a 12-row database took more than 5 s to import');
        if (result && result.imported > input.rows.length)
          throw new Error(`imported ${result.imported} of ${input.rows.length} rows`);
        JSON.stringify(store.read.totals());
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

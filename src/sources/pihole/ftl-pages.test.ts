import BetterSqlite3 from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FtlPager } from './ftl-pages.ts';

/** A legacy-layout `queries` table holding exactly these ids; each row's domain is its id, to check order. */
function databaseWith(ids: readonly number[]): BetterSqlite3.Database {
  const db = new BetterSqlite3(':memory:');
  db.exec(
    'CREATE TABLE queries (id INTEGER PRIMARY KEY, timestamp INTEGER, type INTEGER, status INTEGER, domain TEXT, client TEXT)',
  );
  const insert = db.prepare("INSERT INTO queries VALUES (?, 1767225600, 1, 2, ?, '127.77.1.10')");
  for (const id of ids) insert.run(id, String(id));
  return db;
}

/** Every page the pager returns, as the ids they hold. */
function readAll(db: BetterSqlite3.Database, lastId: number, maxId: number, pageRows: number): number[][] {
  const pager = new FtlPager(db, { lastId, maxId }, pageRows);
  const pages: number[][] = [];
  for (let rows = pager.next(); rows !== undefined; rows = pager.next()) {
    pages.push(rows.map((row) => Number((row[2] as string).split(' ')[1])));
    expect(pager.lastId).toBeGreaterThanOrEqual(pages.at(-1)?.at(-1) ?? 0);
  }
  expect(pager.lastId).toBe(Math.max(lastId, maxId));
  return pages;
}

/** Ids in runs of consecutive numbers separated by gaps of up to 2^40: dense stretches, sparse ones, and both. */
const clusteredIds = fc
  .array(
    fc.record({
      gap: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 2 ** 40 })),
      run: fc.integer({ min: 1, max: 25 }),
    }),
    {
      maxLength: 12,
    },
  )
  .map((clusters) => {
    const ids: number[] = [];
    let id = 0;
    for (const { gap, run } of clusters) {
      id += gap;
      for (let i = 0; i < run; i++) ids.push(id + i);
      id += run;
    }
    return ids;
  });

describe('FtlPager', () => {
  it('returns every row after lastId up to maxId once, in id order, at most pageRows a page, a page per row at worst', () => {
    fc.assert(
      fc.property(clusteredIds, fc.integer({ min: 1, max: 9 }), fc.nat(), fc.nat(), (ids, pageRows, skip, keep) => {
        const lastId = ids.length === 0 ? 0 : (ids[skip % ids.length] as number) - 1;
        const maxId = ids.length === 0 ? 0 : (ids[ids.length - 1 - (keep % ids.length)] as number);
        const db = databaseWith(ids);
        const pages = readAll(db, lastId, maxId, pageRows);
        db.close();
        const expected = ids.filter((id) => id > lastId && id <= maxId);
        expect(pages.flat()).toEqual(expected);
        for (const page of pages) expect(page.length).toBeLessThanOrEqual(pageRows);
        // Pages follow the rows, not the id range: empty pages only at the start or after a page the LIMIT cut.
        expect(pages.length).toBeLessThanOrEqual(expected.length + Math.ceil(expected.length / pageRows) + 1);
      }),
      { seed: 8, numRuns: 300 },
    );
  });

  it('reads ids 1 and 4×10¹² in three pages', () => {
    const db = databaseWith([1, 4_000_000_000_000]);
    expect(readAll(db, 0, 4_000_000_000_000, 2000)).toEqual([[1], [4_000_000_000_000]]);
    db.close();
  });

  it('reads contiguous ids in full pages with no page to spare', () => {
    const ids = Array.from({ length: 100 }, (_, i) => i + 1);
    const db = databaseWith(ids);
    expect(readAll(db, 0, 100, 10)).toHaveLength(10);
    db.close();
  });
});

import type { OpenedFtlDatabase } from './ftl-open.ts';

type Database = OpenedFtlDatabase['db'];

/** One row of a page: time (Unix s), type × 32 + status, `client domain` (null when either id dangles). */
export type FtlPageRow = [timestamp: number, code: number, key: string | null];

/** The widest id range one page may span: keeps `lastId + width` an exact integer. */
const MAX_WIDTH = 2 ** 52;

/**
 * Reads Pi-hole's `queries` in id order, in pages of at most `pageRows` rows, from just after `lastId` up to
 * `maxId`: keyset paging (`id > last ORDER BY id LIMIT n`, on the rowid), so each page costs its rows however far
 * apart the ids lie. A page also carries an upper bound, `id <= last + width`. With the width at `pageRows` (where it
 * starts) the range cannot hold more rows than the LIMIT, so the next page starts at the range's end and no row has
 * to bring its id into JavaScript: moving values out of SQLite is what costs most in a 10-million-row import, and a
 * fourth value per row made this read loop about 10 % slower. Where ids are sparse, the next id is looked up directly (the gap
 * skipped in one index seek) and the width doubles; a page the LIMIT cut short continues after its last row, found
 * with one more seek, and the width halves again. Paging by id ranges alone, as before, took minutes for a file
 * with two rows, ids 1 and 4×10¹².
 */
export class FtlPager {
  readonly #pageRows: number;
  readonly #maxId: number;
  readonly #sql: ReturnType<typeof statements>;
  #width: number;
  /** Every row with an id up to here has been returned. */
  lastId: number;

  /** `maxId` must be at most Number.MAX_SAFE_INTEGER, so every id read is exact. */
  constructor(db: Database, range: { lastId: number; maxId: number }, pageRows: number) {
    this.#pageRows = pageRows;
    this.#maxId = range.maxId;
    this.lastId = range.lastId;
    this.#width = pageRows;
    this.#sql = statements(db);
  }

  /** The next page, or undefined when every row up to maxId has been returned. */
  next(): FtlPageRow[] | undefined {
    if (this.lastId >= this.#maxId) return undefined;
    const from = this.lastId;
    const upTo = Math.min(from + this.#width, this.#maxId);
    const rows = this.#sql.page.all(from, upTo, this.#pageRows) as FtlPageRow[];
    if (rows.length === this.#pageRows && upTo - from > this.#pageRows) {
      // The LIMIT may have cut the range short: continue after the last row returned.
      this.lastId = this.#sql.idAt.get(from, upTo, this.#pageRows - 1) as number;
      this.#width = Math.max(this.#pageRows, this.#width / 2);
      return rows;
    }
    this.lastId = upTo;
    if (rows.length < this.#pageRows / 2 && upTo < this.#maxId) {
      const next = this.#sql.nextId.get(upTo) as number | undefined;
      this.lastId = next === undefined || next > this.#maxId ? this.#maxId : next - 1;
      this.#width = Math.min(MAX_WIDTH, this.#width * 2);
    }
    return rows;
  }
}

function statements(db: Database) {
  return {
    // Three values a row: time, type and status in one number, client and domain in one string.
    page: db
      .prepare<[number, number, number]>(
        "SELECT timestamp, type * 32 + status, client || ' ' || domain FROM queries WHERE id > ? AND id <= ? ORDER BY id LIMIT ?",
      )
      .raw(true),
    idAt: db
      .prepare<[number, number, number]>('SELECT id FROM queries WHERE id > ? AND id <= ? ORDER BY id LIMIT 1 OFFSET ?')
      .pluck(),
    nextId: db.prepare<[number]>('SELECT id FROM queries WHERE id > ? ORDER BY id LIMIT 1').pluck(),
  };
}

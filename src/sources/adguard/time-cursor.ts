import { type AdguardEntry, compareTime, type LogTime } from './entry.ts';

/**
 * Resume point of an AdGuard Home source: the newest entry time counted (to the nanosecond) and the entries
 * counted at exactly that time, so a second entry at the same instant is neither lost nor counted twice.
 */
export interface AdguardCursor extends LogTime {
  atLast: string[];
}

function isCursor(value: unknown): value is AdguardCursor {
  const c = value as Partial<AdguardCursor> | undefined;
  return typeof c?.ms === 'number' && typeof c.ns === 'number' && Array.isArray(c.atLast);
}

function entryKey(entry: AdguardEntry): string {
  return `${entry.query.client}|${entry.query.domain}|${entry.query.type}`;
}

/** Decides which entries are new since a cursor and tracks the cursor to store after them. */
export class TimeCursorFilter {
  readonly #start: AdguardCursor | undefined;
  /** The start cursor's atLast as a set: a log of many entries at one instant must not cost a scan per entry. */
  readonly #startKeys: ReadonlySet<string>;
  #next: AdguardCursor | undefined;

  constructor(cursor: unknown) {
    this.#start = isCursor(cursor) ? cursor : undefined;
    this.#startKeys = new Set(this.#start?.atLast);
    this.#next = this.#start ? { ...this.#start, atLast: [...this.#start.atLast] } : undefined;
  }

  /** True when the entry is newer than the cursor the import started from. */
  isNew(entry: AdguardEntry): boolean {
    if (!this.#start) return true;
    const order = compareTime(entry.time, this.#start);
    return order > 0 || (order === 0 && !this.#startKeys.has(entryKey(entry)));
  }

  /** Records a counted entry. */
  counted(entry: AdguardEntry): void {
    const order = this.#next ? compareTime(entry.time, this.#next) : 1;
    if (order > 0) this.#next = { ms: entry.time.ms, ns: entry.time.ns, atLast: [entryKey(entry)] };
    else if (order === 0) this.#next?.atLast.push(entryKey(entry));
  }

  /** The cursor to store, covering everything counted so far. */
  cursor(): AdguardCursor | undefined {
    return this.#next;
  }
}

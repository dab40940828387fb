import { describe, expect, it } from 'vitest';
import type { AdguardEntry } from './entry.ts';
import { TimeCursorFilter } from './time-cursor.ts';

function entryAt(ms: number, domain: string): AdguardEntry {
  return { time: { ms, ns: 0 }, query: { timeMs: ms, client: '127.77.1.10', domain, type: 'A', status: 'allowed' } };
}

describe('TimeCursorFilter', () => {
  it('tells counted entries at the cursor instant from new ones there, and newer ones', () => {
    const first = new TimeCursorFilter(undefined);
    for (const domain of ['a.example', 'b.example']) first.counted(entryAt(1000, domain));
    const next = new TimeCursorFilter(JSON.parse(JSON.stringify(first.cursor())));
    expect(next.isNew(entryAt(1000, 'a.example'))).toBe(false);
    expect(next.isNew(entryAt(1000, 'c.example'))).toBe(true);
    expect(next.isNew(entryAt(999, 'c.example'))).toBe(false);
    expect(next.isNew(entryAt(1001, 'a.example'))).toBe(true);
  });

  it('checks 200,000 entries against a cursor holding 200,000 at one instant in linear time', () => {
    const domains = Array.from({ length: 200_000 }, (_, i) => `d${i}.example`);
    const first = new TimeCursorFilter(undefined);
    for (const domain of domains) first.counted(entryAt(1000, domain));
    const next = new TimeCursorFilter(first.cursor());
    const started = performance.now();
    // Scanning the cursor's list per entry would be 2·10¹⁰ comparisons here: minutes, not milliseconds.
    expect(domains.filter((domain) => next.isNew(entryAt(1000, domain)))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAGE_PRELOADS } from '../../src/server/static-files.ts';
import { DEVICES_FIRST_REQUEST, type DeviceColumn, sortAndFilter, visibleRange } from '../../web/devices-model.ts';
import type { DeviceRow, Severity } from '../../web/types.ts';

/** The device table's sorting, filtering and windowing, without a browser. */
function row(id: string, fields: Partial<DeviceRow> = {}): DeviceRow {
  return {
    id,
    name: id,
    family: 'shelly-gen1',
    address: '10.0.0.1',
    mac: null,
    vendor: 'Shelly',
    model: null,
    firmware: { installed: null, latest: null },
    score: 50,
    findingCounts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    worstSeverity: null,
    firstSeenMs: 0,
    lastSeenMs: 0,
    area: null,
    floor: null,
    ...fields,
  };
}

const none = { text: '', family: '', severity: '' as const };

describe('device table model', () => {
  it('finds a device by its Home Assistant room', () => {
    const rows = [row('a', { area: 'Nursery' }), row('b', { area: 'Garage' }), row('c')];
    expect(sortAndFilter(rows, { ...none, text: 'nurs' }, 'name', 'asc').map((r) => r.id)).toEqual(['a']);
  });

  it('sorts addresses by number, not as text, both ways', () => {
    const rows = ['10.0.0.10', '10.0.0.9', '10.0.1.1', '9.255.0.1'].map((a) => row(a, { address: a }));
    expect(sortAndFilter(rows, none, 'address', 'asc').map((r) => r.address)).toEqual([
      '9.255.0.1',
      '10.0.0.9',
      '10.0.0.10',
      '10.0.1.1',
    ]);
    expect(sortAndFilter(rows, none, 'address', 'desc').map((r) => r.address)[0]).toBe('10.0.1.1');
  });

  it('puts devices without a name last, and breaks ties by name', () => {
    const rows = [row('b'), row('x', { name: null }), row('a'), row('c', { score: 10 })];
    expect(sortAndFilter(rows, none, 'name', 'asc').map((r) => r.id)).toEqual(['a', 'b', 'c', 'x']);
    expect(sortAndFilter(rows, none, 'score', 'asc').map((r) => r.id)).toEqual(['c', 'a', 'b', 'x']);
  });

  it('ranks findings by their worst severity first', () => {
    const counts = (c: Partial<Record<Severity, number>>) => ({
      critical: 0,
      high: 0,
      medium: 0,
      low: 0,
      info: 0,
      ...c,
    });
    const rows = [
      row('many-low', { findingCounts: counts({ low: 30 }) }),
      row('one-critical', { findingCounts: counts({ critical: 1 }) }),
      row('two-high', { findingCounts: counts({ high: 2 }) }),
    ];
    expect(sortAndFilter(rows, none, 'findings', 'desc').map((r) => r.id)).toEqual([
      'one-critical',
      'two-high',
      'many-low',
    ]);
  });

  it('filters by text over name, address, MAC, vendor and model; by family; by severity or worse', () => {
    const rows = [
      row('porch', { mac: 'E8:DB:84:01:02:03', worstSeverity: 'high' }),
      row('plug', { family: 'kasa-legacy', vendor: 'TP-Link', model: 'HS100(UK)', worstSeverity: 'low' }),
      row('cam', { address: '10.0.0.60', worstSeverity: 'critical' }),
    ];
    const ids = (f: Partial<typeof none> | { severity: Severity }) =>
      sortAndFilter(rows, { ...none, ...f }, 'name', 'asc').map((r) => r.id);
    expect(ids({ text: 'e8:db' })).toEqual(['porch']);
    expect(ids({ text: 'HS100' })).toEqual(['plug']);
    expect(ids({ text: '10.0.0.60' })).toEqual(['cam']);
    expect(ids({ family: 'kasa-legacy' })).toEqual(['plug']);
    expect(ids({ severity: 'high' })).toEqual(['cam', 'porch']);
  });

  it('any sort is a permutation of the filtered rows, ordered by its column (property)', () => {
    const columns: DeviceColumn[] = ['name', 'address', 'score', 'lastSeen', 'vendor'];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: fc.option(fc.string({ maxLength: 6 }), { nil: null }),
            score: fc.integer({ min: 0, max: 100 }),
            lastSeenMs: fc.nat(),
            octet: fc.integer({ min: 0, max: 255 }),
          }),
          { maxLength: 40 },
        ),
        fc.constantFrom(...columns),
        fc.constantFrom('asc' as const, 'desc' as const),
        (specs, column, order) => {
          const rows = specs.map((s, i) => row(`d${i}`, { ...s, address: `10.0.0.${s.octet}` }));
          const sorted = sortAndFilter(rows, none, column, order);
          expect(sorted.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
          if (column === 'score') {
            for (let i = 1; i < sorted.length; i++) {
              const [a, b] = [sorted[i - 1]!.score, sorted[i]!.score];
              expect(order === 'asc' ? a <= b : a >= b).toBe(true);
            }
          }
        },
      ),
      { seed: 11, numRuns: 200 },
    );
  });

  it('windows a long list to the rows in view plus a margin', () => {
    expect(visibleRange(0, 340, 34, 1000, 10)).toEqual({ start: 0, end: 20 });
    expect(visibleRange(34 * 500, 340, 34, 1000, 10)).toEqual({ start: 490, end: 520 });
    expect(visibleRange(34 * 995, 340, 34, 1000, 10)).toEqual({ start: 985, end: 1000 });
    expect(visibleRange(-50, 340, 34, 3, 10)).toEqual({ start: 0, end: 3 });
  });
});

describe('the first request of the device table', () => {
  it('is the request the server preloads for /devices, so the browser uses the preloaded answer', () => {
    expect(PAGE_PRELOADS['/devices']).toEqual([DEVICES_FIRST_REQUEST]);
  });
});

import { describe, expect, it } from 'vitest';
import { type DeviceRow, pageDevices } from './device-rows.ts';

const zero = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };

function row(id: number, patch: Partial<DeviceRow> = {}): DeviceRow {
  return {
    id: `dev_${id}`,
    name: `device-${String(id).padStart(4, '0')}`,
    family: id % 2 ? 'shelly-gen1' : 'kasa-legacy',
    address: `10.0.${Math.floor(id / 256)}.${id % 256}`,
    mac: null,
    vendor: id % 2 ? 'Shelly' : 'TP-Link',
    model: null,
    firmware: { installed: null, latest: null },
    score: (id * 37) % 101,
    findingCounts: zero,
    worstSeverity: null,
    firstSeenMs: id,
    lastSeenMs: id,
    area: null,
    floor: null,
    ...patch,
  };
}

describe('device pages', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => row(i + 1));

  it('pages stably: every device exactly once across pages, in sort order', () => {
    const seen: string[] = [];
    for (let offset = 0; offset < 1000; offset += 150) {
      seen.push(...pageDevices(rows, { offset, limit: 150, sort: 'score', order: 'asc' }).rows.map((r) => r.id));
    }
    expect(new Set(seen).size).toBe(1000);
    const scores = seen.map((id) => rows.find((r) => r.id === id)?.score ?? -1);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
  });

  it('sorts addresses numerically and names either way', () => {
    const byAddress = pageDevices(rows, { offset: 0, limit: 3, sort: 'address', order: 'asc' }).rows.map(
      (r) => r.address,
    );
    expect(byAddress).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3']);
    const last = pageDevices(rows, { offset: 0, limit: 1, sort: 'name', order: 'desc' }).rows[0];
    expect(last?.name).toBe('device-1000');
  });

  it('filters by text, family and worst severity, and counts what matched', () => {
    const some = [
      row(1, { findingCounts: { ...zero, critical: 1 }, worstSeverity: 'critical' }),
      row(2, { findingCounts: { ...zero, medium: 2 }, worstSeverity: 'medium' }),
      row(3, { name: 'Garage Door' }),
    ];
    expect(
      pageDevices(some, { offset: 0, limit: 10, sort: 'name', order: 'asc', q: 'garage' }).rows.map((r) => r.id),
    ).toEqual(['dev_3']);
    expect(pageDevices(some, { offset: 0, limit: 10, sort: 'name', order: 'asc', severity: 'high' }).total).toBe(1);
    expect(pageDevices(some, { offset: 0, limit: 10, sort: 'name', order: 'asc', severity: 'medium' }).total).toBe(2);
    expect(pageDevices(some, { offset: 0, limit: 10, sort: 'name', order: 'asc', family: 'kasa-legacy' }).total).toBe(
      1,
    );
    expect(pageDevices(some, { offset: 0, limit: 10, sort: 'findings', order: 'desc' }).rows[0]?.id).toBe('dev_1');
  });
});

import { describe, expect, it } from 'vitest';
import { compareTime, formatLogTime, parseApiEntry, parseFileEntry, parseLogTime } from './entry.ts';

describe('AdGuard Home query log entries', () => {
  it('keeps nanoseconds and time zones of Go RFC3339Nano times', () => {
    const a = parseLogTime('2026-01-14T06:00:00.123456789+01:00');
    expect(a).toEqual({ ms: Date.UTC(2026, 0, 14, 5, 0, 0, 123), ns: 456_789 });
    expect(parseLogTime('2026-01-14T05:00:00Z')).toEqual({ ms: Date.UTC(2026, 0, 14, 5), ns: 0 });
    expect(compareTime(a!, parseLogTime('2026-01-14T05:00:00.12345679Z')!)).toBeLessThan(0);
    expect(parseLogTime(formatLogTime(a!))).toEqual(a);
    expect(parseLogTime('yesterday')).toBeUndefined();
  });

  it('reads querylog.json lines: blocked by Result.Reason, errors as other', () => {
    const line = (result: string) =>
      `{"T":"2026-01-14T05:00:00Z","QH":"Ads.Example.","QT":"AAAA","QC":"IN","CP":"","IP":"192.168.1.9","Result":${result},"Elapsed":5}`;
    expect(parseFileEntry(line('{}'))?.query).toEqual({
      timeMs: Date.UTC(2026, 0, 14, 5),
      client: '192.168.1.9',
      domain: 'ads.example',
      type: 'AAAA',
      status: 'allowed',
    });
    expect(parseFileEntry(line('{"IsFiltered":true,"Reason":3}'))?.query.status).toBe('blocked');
    expect(parseFileEntry(line('{"IsFiltered":true,"Reason":8}'))?.query.status).toBe('blocked');
    expect(parseFileEntry(line('{"IsFiltered":true,"Reason":7}'))?.query.status).toBe('allowed'); // safe search rewrite
    expect(parseFileEntry(line('{"Reason":2}'))?.query.status).toBe('other');
    expect(parseFileEntry('{"T":"x"}')).toBeUndefined();
  });

  it('reads /control/querylog items by reason name', () => {
    const item = (reason: string) => ({
      time: '2026-01-14T05:00:00.5Z',
      client: '192.168.1.9',
      question: { class: 'IN', name: 'ws.meethue.com', type: 'A' },
      reason,
    });
    expect(parseApiEntry(item('NotFilteredNotFound'))?.query).toMatchObject({
      status: 'allowed',
      timeMs: Date.UTC(2026, 0, 14, 5, 0, 0, 500),
    });
    expect(parseApiEntry(item('FilteredBlackList'))?.query.status).toBe('blocked');
    expect(parseApiEntry(item('NotFilteredError'))?.query.status).toBe('other');
    expect(parseApiEntry({ time: 'now' })).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { notifyTargetSchema } from '../../config/notify-config-schema.ts';
import { deliveryVerdict, quietEndMs, RETRY_MAX_MS, retryDelayMs } from './delivery-rules.ts';

const at = (iso: string) => Date.parse(iso);

describe('quiet hours', () => {
  it('spans midnight: 22:00-07:00 holds 23:30 until 07:00 and lets 07:00 and 21:59 through', () => {
    expect(quietEndMs('22:00', '07:00', at('2026-01-01T23:30:00Z'), 'UTC')).toBe(at('2026-01-02T07:00:00Z'));
    expect(quietEndMs('22:00', '07:00', at('2026-01-02T06:59:30Z'), 'UTC')).toBe(at('2026-01-02T07:00:00Z'));
    expect(quietEndMs('22:00', '07:00', at('2026-01-02T07:00:00Z'), 'UTC')).toBeUndefined();
    expect(quietEndMs('22:00', '07:00', at('2026-01-02T21:59:00Z'), 'UTC')).toBeUndefined();
  });

  it('reads the clock in the configured zone', () => {
    // 21:30 UTC is 22:30 in Berlin (winter): quiet there, not in UTC.
    expect(quietEndMs('22:00', '07:00', at('2026-01-01T21:30:00Z'), 'Europe/Berlin')).toBe(at('2026-01-02T06:00:00Z'));
    expect(quietEndMs('22:00', '07:00', at('2026-01-01T21:30:00Z'), 'UTC')).toBeUndefined();
  });

  it('a period within one day, and an empty one', () => {
    expect(quietEndMs('12:00', '13:00', at('2026-01-01T12:15:00Z'), 'UTC')).toBe(at('2026-01-01T13:00:00Z'));
    expect(quietEndMs('12:00', '12:00', at('2026-01-01T12:15:00Z'), 'UTC')).toBeUndefined();
  });
});

describe('delivery verdict', () => {
  const target = notifyTargetSchema.parse({
    name: 'phone',
    kind: 'ntfy',
    url: 'http://127.0.0.1:1/topic',
    minSeverity: 'high',
    quietHours: { start: '22:00', end: '07:00', critical: true },
  });
  const night = at('2026-01-01T23:00:00Z');
  const day = at('2026-01-01T12:00:00Z');

  it('applies the threshold first, then quiet hours; critical breaks through when allowed', () => {
    expect(deliveryVerdict(target, 'medium', day, 'UTC')).toEqual({
      send: false,
      skip: "below the target's threshold (high)",
    });
    expect(deliveryVerdict(target, 'high', day, 'UTC')).toEqual({ send: true });
    expect(deliveryVerdict(target, 'high', night, 'UTC')).toEqual({
      send: false,
      deferUntilMs: at('2026-01-02T07:00:00Z'),
    });
    expect(deliveryVerdict(target, 'critical', night, 'UTC')).toEqual({ send: true });
    const strict = { ...target, quietHours: { start: '22:00', end: '07:00', critical: false } };
    expect(deliveryVerdict(strict, 'critical', night, 'UTC')).toMatchObject({ send: false });
  });

  it('backs off exponentially up to a cap', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(20)).toBe(RETRY_MAX_MS);
  });
});

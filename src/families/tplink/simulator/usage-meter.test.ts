import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../util/clock.ts';
import { dayKey, localTimeIn } from './local-time.ts';
import { UsageMeter } from './usage-meter.ts';

const BERLIN = 'Europe/Berlin';

function meter(clock: FakeClock, seed = 'aa:bb', historyDays = 0) {
  return new UsageMeter({
    clock,
    dayOf: (ms) => dayKey(localTimeIn(BERLIN, ms)),
    seed,
    historyDays,
    typicalWatts: 50,
  });
}

describe('UsageMeter', () => {
  it('counts runtime and energy per local day, split exactly at local midnight', async () => {
    // 22:00 UTC on 1 March is 23:00 in Berlin: one hour before the local day ends.
    const clock = new FakeClock(Date.UTC(2026, 2, 1, 22, 0, 0));
    const m = meter(clock);
    m.set(true, 100);
    await clock.advance(3 * 3_600_000);
    expect(m.day('2026-03-01')).toEqual({ wh: 100, minutes: 60 });
    expect(m.day('2026-03-02')).toEqual({ wh: 200, minutes: 120 });
    m.set(false, 0.5);
    await clock.advance(2 * 3_600_000);
    expect(m.day('2026-03-02')).toEqual({ wh: 201, minutes: 120 });
    expect(m.month(2026, 3).map((d) => d.day)).toEqual([1, 2]);
    expect(m.window('2026-03-02', 7)).toEqual({ wh: 301, minutes: 180 });
  });

  it('erases energy and runtime separately, history included', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 10, 12, 0, 0));
    const m = meter(clock, 'cc:dd', 30);
    const history = m.month(2026, 2);
    expect(history.length).toBeGreaterThan(0);
    expect(history.some((d) => d.minutes > 0 && d.wh > 0)).toBe(true);
    m.set(true, 60);
    await clock.advance(3_600_000);
    m.eraseEnergy();
    expect(m.day('2026-03-10')).toEqual({ wh: 0, minutes: 60 });
    expect(m.month(2026, 2).every((d) => d.wh === 0 && d.minutes > 0)).toBe(true);
    m.eraseRuntime();
    expect(m.month(2026, 2).every((d) => d.minutes === 0)).toBe(true);
  });

  it('keeps a synthetic history that is stable per device and differs between devices', () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 10));
    const a = meter(clock, 'aa', 20).month(2026, 2);
    const again = meter(clock, 'aa', 20).month(2026, 2);
    const other = meter(clock, 'bb', 20).month(2026, 2);
    expect(again).toEqual(a);
    expect(other).not.toEqual(a);
    expect(meter(clock, 'aa', 20).day('2026-03-10')).toEqual({ wh: 0, minutes: 0 });
  });
});

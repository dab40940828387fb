import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../../test/support/addresses.ts';
import { readKasaFixture, waitUntil } from '../../../../../test/support/kasa.ts';
import { type StartedSimulator, startSimulator } from '../../../../lab/core/start-simulator.ts';
import { FakeClock } from '../../../../util/clock.ts';
import { kasaLegacyCall } from '../../transport.ts';
import { kasaLegacyKind } from '../kind.ts';

const ctx = { signal: new AbortController().signal, timeoutMs: 2000, maxBytes: 1 << 20 };
const running: StartedSimulator[] = [];

async function start(clock: FakeClock, options: { settings?: unknown; fixture?: unknown } = {}) {
  const address = testAddress();
  const started = await startSimulator(kasaLegacyKind, { address, name: 'rules', clock, ...options });
  running.push(started);
  return (request: Record<string, unknown>) => kasaLegacyCall(address, started.portOf(9999), request, ctx);
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

describe('legacy rules on the device clock', () => {
  it('a one-shot schedule fires on its date only, then is disabled', async () => {
    // Friday 2026-01-02 20:00 UTC is 12:00 in the US Pacific zone a stock HS103(US) uses.
    const clock = new FakeClock(Date.UTC(2026, 0, 2, 20, 0, 0));
    const call = await start(clock, { settings: { model: 'HS103(US)' } });
    await call({ schedule: { set_overall_enable: { enable: 1 } } });
    const rule = { enable: 1, sact: 1, smin: 12 * 60 + 30, stime_opt: 0, repeat: 0, year: 2026, month: 1, day: 2 };
    const added = (await call({ schedule: { add_rule: rule } })) as { schedule: { add_rule: { id: string } } };
    expect(await call({ schedule: { get_next_action: {} } })).toMatchObject({
      schedule: { get_next_action: { type: 1, schd_sec: 45_000, id: added.schedule.add_rule.id } },
    });
    await waitUntil(() => clock.pendingSleepers > 0);
    await clock.advance(30 * 60_000);
    expect(await call({ system: { get_sysinfo: {} } })).toMatchObject({ system: { get_sysinfo: { relay_state: 1 } } });
    expect(await call({ schedule: { get_rules: {} } })).toMatchObject({
      schedule: { get_rules: { rule_list: [{ enable: 0 }] } },
    });
    expect(await call({ schedule: { get_next_action: {} } })).toMatchObject({
      schedule: { get_next_action: { type: -1 } },
    });
  });

  it('a bulb schedule applies its light state (sact 2, s_light)', async () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 5, 6, 0, 0)); // Monday 07:00 in Amsterdam
    const call = await start(clock, { fixture: readKasaFixture('iot', 'KL130(EU)_1.0_1.8.8.json') });
    const module = 'smartlife.iot.common.schedule';
    const s_light = { on_off: 1, brightness: 20, hue: 120, saturation: 50, color_temp: 0, mode: 'normal' };
    const rule = {
      enable: 1,
      sact: 2,
      s_light,
      smin: 7 * 60 + 15,
      stime_opt: 0,
      repeat: 1,
      wday: [0, 1, 1, 1, 1, 1, 0],
    };
    await call({ [module]: { add_rule: rule } });
    await waitUntil(() => clock.pendingSleepers > 0);
    await clock.advance(15 * 60_000);
    expect(await call({ system: { get_sysinfo: {} } })).toMatchObject({
      system: { get_sysinfo: { light_state: { on_off: 1, brightness: 20, hue: 120, saturation: 50, color_temp: 0 } } },
    });
  });

  it('refuses malformed rules and unknown ids without changing the list', async () => {
    const call = await start(new FakeClock(), { settings: { model: 'HS103(US)' } });
    const bad = await call({
      schedule: { add_rule: { enable: 1, sact: 1, smin: 2000 } },
      count_down: { add_rule: { enable: 1, delay: -5, act: 1 }, delete_rule: { id: 'nope' } },
    });
    expect(bad).toEqual({
      schedule: { add_rule: { err_code: -3, err_msg: 'invalid argument' } },
      count_down: {
        add_rule: { err_code: -3, err_msg: 'invalid argument' },
        delete_rule: { err_code: -14, err_msg: 'entry not exist' },
      },
    });
    expect(await call({ schedule: { get_rules: {} } })).toMatchObject({ schedule: { get_rules: { rule_list: [] } } });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { listKasaFixtures, readKasaFixture } from '../../../../test/support/kasa.ts';
import { type StartedSimulator, startSimulator } from '../../../lab/core/start-simulator.ts';
import { FakeClock } from '../../../util/clock.ts';
import { AesClient } from '../aes-client.ts';
import { KlapClient } from '../klap-client.ts';
import { kasaSmartKind } from './kind.ts';
import type { SimulatedKasaSmart } from './simulated-kasa-smart.ts';

/**
 * The SMART methods tp-link-tapo-connect does not wrap, read through iotwarden's own KLAP client as python-kasa
 * reads them: component negotiation first, then the module queries (time, usage, energy, firmware), writes that
 * every later reader sees, and the error codes for methods and parameters the device does not have.
 */
const ctx = { signal: new AbortController().signal, timeoutMs: 3000, maxBytes: 1 << 20 };
const owner = { username: 'owner@example.com', password: 'correct horse' };
const running: StartedSimulator[] = [];

async function connect(options: { settings?: Record<string, unknown>; fixture?: unknown; clock?: FakeClock } = {}) {
  const address = testAddress();
  const settings = { auth: { enabled: true, ...owner }, ...options.settings };
  const started = await startSimulator(kasaSmartKind, { address, name: 'heater', ...options, settings });
  running.push(started);
  const sim = started.simulator as SimulatedKasaSmart;
  const client =
    sim.model.encryption === 'KLAP'
      ? await KlapClient.connect(address, started.portOf(80), 2, owner, ctx)
      : await AesClient.connect(address, started.portOf(80), owner, 2, ctx);
  const call = async (method: string, params?: Record<string, unknown>) =>
    // biome-ignore lint/suspicious/noExplicitAny: device answers are untyped JSON; the assertions check their shape.
    (await client.request(params ? { method, params } : { method })) as { error_code: number; result?: any };
  return { call, started };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

describe('kasa-smart simulator: the SMART surface of a built-in P110', () => {
  it('negotiates components consistent with the methods it answers', async () => {
    const { call } = await connect({ settings: { model: 'P110' } });
    const nego = await call('component_nego');
    const ids = (nego.result.component_list as Array<{ id: string; ver_code: number }>).map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['device', 'firmware', 'time', 'energy_monitoring', 'led', 'auto_off']));
    for (const method of ['get_energy_usage', 'get_current_power', 'get_led_info', 'get_auto_off_config']) {
      expect((await call(method)).error_code, method).toBe(0);
    }
    // Not a P110 method (no `matter` or `light_effect` component), and not a method at all.
    expect(await call('get_matter_setup_info')).toEqual({ error_code: -1002 });
    expect(await call('get_latest_firmware')).toEqual({ error_code: -1002 });
  });

  it('keeps time in its region, and set_device_time moves it', async () => {
    const clock = new FakeClock(Date.UTC(2026, 6, 1, 12, 0, 0));
    const { call } = await connect({ settings: { model: 'P110' }, clock });
    expect((await call('get_device_time')).result).toEqual({
      region: 'Europe/London',
      time_diff: 60,
      timestamp: Date.UTC(2026, 6, 1, 12, 0, 0) / 1000,
    });
    const later = Date.UTC(2026, 6, 1, 18, 0, 0) / 1000;
    expect(await call('set_device_time', { timestamp: later, time_diff: 120, region: 'Europe/Berlin' })).toEqual({
      error_code: 0,
    });
    expect((await call('get_device_time')).result).toEqual({
      region: 'Europe/Berlin',
      time_diff: 120,
      timestamp: later,
    });
    expect((await call('get_device_info')).result).toMatchObject({ region: 'Europe/Berlin', time_diff: 120 });
    expect((await call('set_device_time', { timestamp: 'soon', time_diff: 0 })).error_code).toBe(-1008);
  });

  it('counts usage and energy while on; power and energy agree across methods', async () => {
    const clock = new FakeClock(Date.UTC(2026, 6, 1, 8, 0, 0));
    const { call } = await connect({ settings: { model: 'P110', load: 2000 }, clock });
    expect(await call('set_device_info', { device_on: true })).toEqual({ error_code: 0 });
    await clock.advance(30 * 60_000);
    expect((await call('get_current_power')).result).toEqual({ current_power: 2000 });
    expect((await call('get_energy_usage')).result).toMatchObject({
      current_power: 2_000_000,
      today_energy: 1000,
      today_runtime: 30,
      local_time: '2026-07-01 09:30:00',
    });
    const usage = (await call('get_device_usage')).result;
    expect(usage.time_usage.today).toBe(30);
    expect(usage.power_usage.today).toBe(1000);
    expect(usage.saved_power.today).toBe(0);
    expect(usage.time_usage.past30).toBeGreaterThanOrEqual(30);
    await call('set_device_info', { device_on: false });
    expect((await call('get_current_power')).result).toEqual({ current_power: 0 });
  });

  it('serves the firmware reads and stores the auto-update switch', async () => {
    const { call } = await connect({ settings: { model: 'P110', firmware: '1.3.0 Build 230905 Rel.152200' } });
    expect((await call('get_latest_fw')).result).toMatchObject({
      fw_ver: '1.3.0 Build 230905 Rel.152200',
      need_to_upgrade: false,
    });
    expect((await call('get_fw_download_state')).result).toMatchObject({ status: 0, download_progress: 0 });
    expect(await call('set_auto_update_info', { enable: false })).toEqual({ error_code: 0 });
    expect((await call('get_auto_update_info')).result).toMatchObject({ enable: false });
    expect((await call('set_auto_update_info', { enable: 'no' })).error_code).toBe(-1008);
  });

  it('refuses set_device_info fields the device lacks or values out of range, changing nothing', async () => {
    const { call } = await connect({ settings: { model: 'P110' } });
    expect((await call('set_device_info', { brightness: 50 })).error_code).toBe(-1008);
    expect((await call('set_device_info', { device_on: true, nickname: 'not base64!' })).error_code).toBe(-1008);
    expect((await call('get_device_info')).result.device_on).toBe(false);
    const nickname = Buffer.from('heater ☃', 'utf8').toString('base64');
    expect(await call('set_device_info', { nickname })).toEqual({ error_code: 0 });
    expect((await call('get_device_info')).result.nickname).toBe(nickname);
  });
});

describe('kasa-smart simulator: captures answer every method they hold', () => {
  it('every smart capture: every method it holds answers error_code 0 through the live handlers', async () => {
    const files = listKasaFixtures('smart');
    expect(files.length).toBeGreaterThanOrEqual(44);
    const failures: string[] = [];
    for (let i = 0; i < files.length; i += 8) {
      await Promise.all(
        files.slice(i, i + 8).map(async (file) => {
          const fixture = readKasaFixture('smart', file);
          const { call } = await connect({ fixture });
          const methods = Object.keys(fixture).filter((k) => k !== 'discovery_result' && k !== 'child_devices');
          for (const method of methods) {
            const answer = await call(method);
            if (answer.error_code !== 0) failures.push(`${file}: ${method} → ${answer.error_code}`);
          }
        }),
      );
      await Promise.all(running.splice(0).map((s) => s.stop()));
    }
    expect(failures).toEqual([]);
  });

  it('KP125M(US) 1.2.3: every captured method answers, get_emeter_data follows the relay', async () => {
    const fixture = readKasaFixture('smart', 'KP125M(US)_1.0_1.2.3.json');
    const { call } = await connect({ fixture, settings: { load: 100 } });
    const methods = Object.keys(fixture).filter((k) => k !== 'discovery_result');
    for (const method of methods) expect((await call(method)).error_code, method).toBe(0);
    // The capture was taken with the plug on; the lab keeps it on, drawing the scenario's load.
    expect((await call('get_emeter_data')).result).toMatchObject({ power_mw: 100_000, voltage_mv: 121_215 });
    await call('set_device_info', { device_on: false });
    expect((await call('get_emeter_data')).result).toMatchObject({ power_mw: 0, current_ma: 0 });
  });
});

describe('kasa-smart simulator: children', () => {
  it('KS240(US) 1.0.7: control_child reaches one child; the parent refuses usage as the real one does', async () => {
    const { call } = await connect({ fixture: readKasaFixture('smart', 'KS240(US)_1.0_1.0.7.json') });
    const list = (await call('get_child_device_list')).result.child_device_list as Array<Record<string, unknown>>;
    expect(list.length).toBeGreaterThanOrEqual(2);
    const child = list[0] as { device_id: string; device_on: boolean };
    const inner = { method: 'set_device_info', params: { device_on: !child.device_on } };
    expect(await call('control_child', { device_id: child.device_id, requestData: inner })).toEqual({
      error_code: 0,
      result: { responseData: { error_code: 0 } },
    });
    const after = (await call('get_child_device_list')).result.child_device_list as Array<Record<string, unknown>>;
    expect(after.find((c) => c.device_id === child.device_id)?.device_on).toBe(!child.device_on);
    expect(await call('get_device_usage')).toEqual({ error_code: -1008 });
    expect((await call('control_child', { device_id: 'nope', requestData: inner })).error_code).toBe(-1008);
  });
});

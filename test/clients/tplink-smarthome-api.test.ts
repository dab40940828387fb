/**
 * Contract suite: the Kasa legacy simulator driven by tplink-smarthome-api 5.0.0 (the npm client Homebridge's Kasa
 * plugin and Node-RED use), over TCP and UDP 9999 on loopback. The version is read from the client's package.json
 * and checked, so a different client version fails here instead of passing unnoticed.
 *
 * Per the contract: connect, read identity and status, switch and read back (on every transport), subscribe to the
 * client's events (its discovery polling), and check the error shapes. The legacy protocol has no credentials at
 * all, so "wrong credentials" has no answer to check; the suite checks the errors the protocol does have: a module
 * the model lacks, a method a module lacks, a refused argument, and a device that has switched to KLAP.
 */
import { readFileSync } from 'node:fs';
import tplink from 'tplink-smarthome-api';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { kasaLegacyKind } from '../../src/families/kasa-legacy/simulator/kind.ts';
import type { SimulatedKasaLegacy } from '../../src/families/kasa-legacy/simulator/simulated-kasa-legacy.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { testAddress } from '../support/addresses.ts';
import { readKasaFixture, waitUntil } from '../support/kasa.ts';

const { Client, ResponseError } = tplink;
type Plug = InstanceType<typeof tplink.Plug>;

const CLIENT_VERSION = '5.0.0';
const running: StartedSimulator[] = [];
const client = new Client({ logLevel: 'silent', defaultSendOptions: { timeout: 3000 } });

async function startPlug(options: { settings?: unknown; fixture?: unknown; clock?: FakeClock; name?: string } = {}) {
  const address = testAddress();
  const started = await startSimulator(kasaLegacyKind, { address, name: options.name ?? 'kettle', ...options });
  running.push(started);
  return { address, started, sim: started.simulator as SimulatedKasaLegacy };
}

afterEach(async () => {
  client.stopDiscovery();
  await Promise.all(running.splice(0).map((s) => s.stop()));
});
afterAll(() => client.stopDiscovery());

describe('tplink-smarthome-api against the kasa-legacy simulator', () => {
  it(`is the recorded client version (${CLIENT_VERSION})`, () => {
    const manifest = JSON.parse(readFileSync('node_modules/tplink-smarthome-api/package.json', 'utf8'));
    expect(manifest.version).toBe(CLIENT_VERSION);
  });

  it('connects and reads identity and status in one getInfo (sysinfo, emeter, schedule, cloud)', async () => {
    const { address, started } = await startPlug({ settings: { model: 'KP115(EU)', cloud: true } });
    const plug = (await client.getDevice({ host: address })) as Plug;
    expect(plug.deviceType).toBe('plug');
    expect(plug.model).toBe('KP115(EU)');
    expect(plug.alias).toBe('kettle');
    expect(plug.mac).toBe(started.mac);
    expect(plug.supportsEmeter).toBe(true);
    const info = await plug.getInfo();
    expect(info.cloud.info).toMatchObject({ binded: 1, server: 'n-devs.tplinkcloud.com' });
    expect(info.emeter.realtime).toMatchObject({ voltage_mv: 231400, power_mw: 0 });
    expect(info.schedule.nextAction).toMatchObject({ type: -1, err_code: 0 });
  });

  it('switches over TCP and reads back over TCP and UDP; the meter follows the relay', async () => {
    const { address } = await startPlug({ settings: { model: 'HS110(EU)', load: 1200 } });
    const plug = (await client.getDevice({ host: address })) as Plug;
    await plug.setPowerState(true);
    expect(await plug.getPowerState()).toBe(true);
    expect(await plug.getPowerState({ transport: 'udp' })).toBe(true);
    // HS110 v1 firmware reports volts, amps and watts as floats (python-kasa emeter; the HS110(US) 1.2.6 capture).
    expect(await plug.emeter.getRealtime()).toMatchObject({ power: 1200, voltage: 230.1 });
    expect(await plug.getInUse()).toBe(true);
    await plug.togglePowerState();
    expect((await plug.getSysInfo()).relay_state).toBe(0);
    expect(await plug.emeter.getRealtime()).toMatchObject({ power: 0, current: 0 });
    await plug.setLedState(false);
    expect(await plug.getLedState({ transport: 'udp' })).toBe(false);
  });

  it('an alias set over TCP shows in UDP discovery, and discovery reports the switch as events', async () => {
    const { address } = await startPlug({ settings: { model: 'HS103(US)' } });
    const events: string[] = [];
    const found = new Promise<Plug>((resolve) => {
      client.on('plug-new', (device: Plug) => {
        device.on('power-on', () => events.push('power-on'));
        device.on('power-off', () => events.push('power-off'));
        resolve(device);
      });
    });
    // Unicast to the device's own loopback address: the lab never broadcasts.
    client.startDiscovery({ address: '127.0.0.1', broadcast: address, discoveryInterval: 50 });
    const discovered = await found;
    expect(discovered.alias).toBe('kettle');
    const writer = client.getPlug({ host: address, sysInfo: discovered.sysInfo });
    await writer.setAlias('espresso machine');
    await writer.setPowerState(true);
    await waitUntil(() => discovered.alias === 'espresso machine' && events.includes('power-on'));
    await writer.setPowerState(false);
    await waitUntil(() => events.includes('power-off'));
    expect(events).toEqual(['power-on', 'power-off']);
  });

  it('reads the device clock and time zone and sets the zone', async () => {
    const clock = new FakeClock(Date.UTC(2026, 5, 1, 12, 0, 0));
    const { address } = await startPlug({ settings: { model: 'HS100(UK)' }, clock });
    const plug = (await client.getDevice({ host: address })) as Plug;
    // A UK plug starts in TP-Link zone 39 (GB): 12:00Z is 13:00 British Summer Time.
    expect(await plug.time.getTime()).toMatchObject({ year: 2026, month: 6, mday: 1, hour: 13, min: 0 });
    expect(await plug.time.getTimezone()).toMatchObject({ index: 39 });
    await plug.sendCommand({
      time: { set_timezone: { index: 90, year: 2026, month: 6, mday: 1, hour: 21, min: 0, sec: 0 } },
    });
    expect(await plug.time.getTime()).toMatchObject({ hour: 21 });
    expect(await plug.time.getTimezone()).toMatchObject({ index: 90 });
  });

  it('a countdown rule switches the relay when it runs out, on the device clock', async () => {
    const clock = new FakeClock();
    const { address } = await startPlug({ settings: { model: 'HS103(US)' }, clock });
    const plug = (await client.getDevice({ host: address })) as Plug;
    await plug.setPowerState(true);
    await plug.timer.addRule({ delay: 90, powerState: false, name: 'off in 90 s', enable: true, deleteExisting: true });
    const rules = (await plug.timer.getRules()) as { rule_list: Array<Record<string, unknown>> };
    expect(rules.rule_list).toMatchObject([{ delay: 90, act: 0, enable: 1, name: 'off in 90 s', remain: 90 }]);
    expect((await plug.getSysInfo()) as unknown).toMatchObject({ active_mode: 'count_down' });
    await expect(
      plug.sendCommand({ count_down: { add_rule: { enable: 1, delay: 5, act: 1, name: 'x' } } }),
    ).rejects.toThrow(ResponseError);
    await waitUntil(() => clock.pendingSleepers > 0);
    await clock.advance(90_000);
    expect(await plug.getPowerState()).toBe(false);
    expect((await plug.timer.getRules()) as unknown).toMatchObject({ rule_list: [{ enable: 0, remain: 0 }] });
  });

  it('adds, edits, runs and deletes schedule rules; next action and runtime statistics follow', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 2, 15, 0, 0)); // Monday 07:00 in the US Pacific zone
    const { address } = await startPlug({ settings: { model: 'HS103(US)' }, clock });
    const plug = (await client.getDevice({ host: address })) as Plug;
    // The schedule's overall switch is off on a stock plug; the Kasa app turns it on with the first rule.
    await plug.schedule.setOverallEnable(true);
    const added = await plug.schedule.addRule({
      powerState: true,
      start: 8 * 60,
      daysOfWeek: [1, 2, 3, 4, 5],
      enable: true,
    });
    expect(added.id).toMatch(/^[0-9A-F]{32}$/);
    expect(await plug.schedule.getNextAction()).toMatchObject({ type: 1, id: added.id, schd_sec: 28_800, action: 1 });
    expect(await plug.schedule.getRule(added.id)).toMatchObject({ smin: 480, sact: 1, wday: [0, 1, 1, 1, 1, 1, 0] });
    await waitUntil(() => clock.pendingSleepers > 0);
    await clock.advance(3_600_000);
    expect(await plug.getPowerState()).toBe(true);
    await clock.advance(1_800_000);
    const days = (await plug.schedule.getDayStats(2026, 3)) as { day_list: Array<Record<string, number>> };
    expect(days.day_list.at(-1)).toEqual({ year: 2026, month: 3, day: 2, time: 30 });
    await plug.schedule.editRule({ id: added.id, powerState: false, start: 9 * 60, daysOfWeek: [1], enable: true });
    expect(await plug.schedule.getRule(added.id)).toMatchObject({ smin: 540, sact: 0 });
    await plug.schedule.deleteRule(added.id);
    expect((await plug.schedule.getRules()).rule_list).toEqual([]);
    await expect(plug.schedule.deleteRule(added.id)).rejects.toThrow(ResponseError);
  });

  it('keeps anti-theft rules and reads the energy history, which erase_emeter_stat clears', async () => {
    const clock = new FakeClock(Date.UTC(2026, 2, 10, 12, 0, 0));
    const { address } = await startPlug({ settings: { model: 'KP115(EU)', load: 100 }, clock });
    const plug = (await client.getDevice({ host: address })) as Plug;
    await plug.away.addRule({ start: 20 * 60, end: 23 * 60, daysOfWeek: [0, 6], frequency: 5, enable: true });
    expect((await plug.away.getRules()).rule_list).toMatchObject([{ smin: 1200, emin: 1380, frequency: 5 }]);
    await plug.away.deleteAllRules();
    expect((await plug.away.getRules()).rule_list).toEqual([]);
    await plug.setPowerState(true);
    await clock.advance(2 * 3_600_000);
    const month = (await plug.emeter.getMonthStats(2026)) as { month_list: Array<Record<string, number>> };
    expect(month.month_list.map((m) => m.month)).toEqual([1, 2, 3]);
    const days = (await plug.emeter.getDayStats(2026, 3)) as { day_list: Array<Record<string, number>> };
    // Two hours at 100 W today: 200 Wh on top of nothing (history only covers days before the lab started).
    expect(days.day_list.at(-1)).toEqual({ year: 2026, month: 3, day: 10, energy_wh: 200 });
    await plug.emeter.eraseStats();
    const erased = (await plug.emeter.getDayStats(2026, 3)) as { day_list: Array<Record<string, number>> };
    expect(erased.day_list.every((d) => d.energy_wh === 0)).toBe(true);
  });

  it('scans for Wi-Fi networks and sets its location', async () => {
    const { address, sim } = await startPlug({ settings: { model: 'HS103(US)' } });
    const plug = (await client.getDevice({ host: address })) as Plug;
    expect(await plug.netif.getScanInfo(false, 1)).toMatchObject({ ap_list: [{ ssid: 'iotwarden-lab', key_type: 3 }] });
    await plug.setLocation(51.5072, -0.1276);
    expect(sim.sysinfo).toMatchObject({ latitude_i: 515072, longitude_i: -1276 });
  });

  it('answers what the model lacks with the real error shapes', async () => {
    const { address } = await startPlug({ fixture: readKasaFixture('iot', 'HS100(US)_1.0_1.2.5.json') });
    const plug = (await client.getDevice({ host: address })) as Plug;
    expect(plug.supportsEmeter).toBe(false);
    const info = await plug.getInfo();
    expect(info.sysInfo.model).toBe('HS100(US)');
    const noModule = await plug.emeter.getRealtime().catch((e: unknown) => e);
    expect(noModule).toBeInstanceOf(ResponseError);
    expect(JSON.parse((noModule as InstanceType<typeof ResponseError>).response)).toEqual({
      err_code: -1,
      err_msg: 'module not support',
    });
    const noMember = await plug.sendCommand({ system: { get_wifi_magic: {} } }).catch((e: unknown) => e);
    expect(JSON.parse((noMember as InstanceType<typeof ResponseError>).response)).toEqual({
      err_code: -2,
      err_msg: 'member not support',
    });
    await expect(plug.sendCommand({ system: { set_relay_state: { state: 'on' } } })).rejects.toThrow(
      /err_code not zero/,
    );
  });

  it('cannot reach a plug after its update switched it to KLAP (the 2020 HS100(UK) change)', async () => {
    const clock = new FakeClock();
    const settings = {
      model: 'HS100(UK)',
      update: { version: '1.1.0 Build 201016 Rel.175121', durationMs: 1000, outcome: 'switch-to-klap' },
    };
    const { address, sim } = await startPlug({ settings, clock });
    const plug = (await client.getDevice({ host: address })) as Plug;
    const done = sim.installUpdate();
    await waitUntil(() => clock.pendingSleepers > 0);
    await clock.advance(1000);
    await done;
    await expect(plug.getSysInfo()).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('tplink-smarthome-api against simulated bulbs and strips (python-kasa captures)', () => {
  type Bulb = InstanceType<typeof tplink.Bulb>;

  it('a KL130 bulb: light state, brightness and colour, mirrored in sysinfo and metered', async () => {
    const { address } = await startPlug({ fixture: readKasaFixture('iot', 'KL130(EU)_1.0_1.8.8.json'), name: 'hall' });
    const bulb = (await client.getDevice({ host: address })) as Bulb;
    expect(bulb.deviceType).toBe('bulb');
    expect(bulb.supportsColorTemperature).toBe(true);
    const info = await bulb.getInfo();
    expect((info as { lighting: { lightState: unknown } }).lighting.lightState).toMatchObject({
      on_off: 1,
      brightness: 100,
    });
    const changes: unknown[] = [];
    bulb.on('lightstate-change', (state: unknown) => changes.push(state));
    await bulb.lighting.setLightState({ on_off: 1, brightness: 30, color_temp: 4000 });
    expect(await bulb.lighting.getLightState()).toMatchObject({ on_off: 1, brightness: 30, color_temp: 4000 });
    expect((await bulb.getSysInfo()).light_state).toMatchObject({ on_off: 1, brightness: 30, color_temp: 4000 });
    // Rated 10 W (its get_light_details) at 30 %.
    expect(await bulb.emeter.getRealtime()).toMatchObject({ power_mw: 3000 });
    await bulb.setPowerState(false);
    expect((await bulb.getSysInfo({ transport: 'udp' })).light_state).toEqual({
      on_off: 0,
      dft_on_state: { mode: 'normal', hue: 0, saturation: 0, color_temp: 4000, brightness: 30 },
    });
    expect(changes.length).toBeGreaterThanOrEqual(2);
    const refused = await bulb.lighting.setLightState({ color_temp: 12_000 }).catch((e: unknown) => e);
    expect(JSON.parse((refused as InstanceType<typeof ResponseError>).response)).toEqual({
      err_code: -10000,
      err_msg: 'Invalid input argument',
    });
    expect(await bulb.time.getTimezone()).toMatchObject({ index: 41 });
    expect(await bulb.cloud.getInfo()).toMatchObject({ binded: 1 });
  });

  it('a KL430 light strip takes set_light_state on smartlife.iot.lightStrip', async () => {
    const { address } = await startPlug({ fixture: readKasaFixture('iot', 'KL430(US)_2.0_1.0.11.json') });
    const strip = (await client.getDevice({ host: address })) as Bulb;
    await strip.setPowerState(true);
    expect(await strip.getPowerState()).toBe(true);
    expect(await strip.lighting.getLightState()).toMatchObject({ on_off: 1, length: 16 });
  });

  it('an HS300 power strip switches and meters one socket by child id', async () => {
    const { address, sim } = await startPlug({ fixture: readKasaFixture('iot', 'HS300(US)_1.0_1.0.10.json') });
    const parent = (await client.getDevice({ host: address })) as Plug;
    const childId = [...parent.children.keys()][2] as string;
    const socket = (await client.getDevice({ host: address, childId })) as Plug;
    const before = Boolean((sim.sysinfo.children as Array<{ state: number }>)[2]?.state);
    await socket.setPowerState(!before);
    expect(await socket.getPowerState()).toBe(!before);
    await socket.setAlias('lamp socket');
    expect((await parent.getSysInfo()).children?.find((c) => c.id === childId)?.alias).toBe('lamp socket');
    // The capture's strip drew 17 mW (an idle charger), which the lab keeps as each socket's load.
    expect(await socket.emeter.getRealtime()).toMatchObject({ power_mw: before ? 0 : 17 });
  });
});

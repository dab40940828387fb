import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { readSharedJson } from '../../../../test/support/shared-fixtures.ts';
import {
  basicAuth,
  type DeviceJson,
  eventually,
  httpGet,
  unreachable,
} from '../../../../test/support/shelly-simulator.ts';
import { type StartedSimulator, startSimulator } from '../../../lab/core/start-simulator.ts';
import { FakeClock } from '../../../util/clock.ts';
import { shellyGen1Kind } from './kind.ts';

const running: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function start(settings: unknown, options: { clock?: FakeClock; fixture?: unknown; name?: string } = {}) {
  const started = await startSimulator(shellyGen1Kind, {
    address: testAddress(),
    settings,
    name: options.name ?? 'hall-relay',
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.fixture !== undefined ? { fixture: options.fixture } : {}),
  });
  running.push(started);
  return started;
}

const json = async (started: StartedSimulator, p: string, headers: Record<string, string> = {}) => {
  const res = await httpGet(started, p, headers);
  expect(res.status).toBe(200);
  return res.json() as DeviceJson;
};

describe('shelly-gen1 simulator', () => {
  it('serves a built-in SHSW-1 whose ids come from its own MAC', async () => {
    const started = await start({ model: 'SHSW-1' });
    const shelly = await json(started, '/shelly');
    const hex = started.mac.replace(/:/g, '');
    expect(shelly).toMatchObject({ type: 'SHSW-1', mac: hex, auth: false, name: 'hall-relay' });
    expect(shelly).not.toHaveProperty('gen');
    const settings = await json(started, '/settings');
    expect(settings.device.hostname).toBe(`shelly1-${hex.slice(6)}`);
    expect(started.simulator.mdnsServices()).toEqual([
      { type: '_http._tcp', instance: `shelly1-${hex.slice(6)}`, host: `shelly1-${hex.slice(6)}`, port: 80, txt: {} },
    ]);
    expect(started.simulator.ssdpAnswers()).toEqual([]);
  });

  it('rejects unknown settings keys (strict schema)', async () => {
    await expect(start({ modle: 'SHSW-1' })).rejects.toThrow();
    await expect(start({ model: 'NOPE-1' })).rejects.toThrow(/no built-in profile/);
  });

  it('demands Basic auth on everything but /shelly while login is enabled', async () => {
    const started = await start({ auth: { enabled: true, username: 'admin', password: 's3cret' } });
    expect((await json(started, '/shelly')).auth).toBe(true);
    const denied = await httpGet(started, '/settings');
    expect(denied.status).toBe(401);
    expect(denied.headers['www-authenticate']).toBe('Basic realm="Shelly"');
    expect((await httpGet(started, '/status', basicAuth('admin', 'wrong'))).status).toBe(401);
    expect((await httpGet(started, '/status', basicAuth('root', 's3cret'))).status).toBe(401);
    const settings = await json(started, '/settings', basicAuth('admin', 's3cret'));
    expect(settings.login).toEqual({ enabled: true, unprotected: false, username: 'admin' });
  });

  it('changes its login through /settings/login', async () => {
    const started = await start({ auth: { enabled: false } });
    expect((await httpGet(started, '/settings')).status).toBe(200);
    const login = await json(started, '/settings/login?enabled=1&username=owner&password=pa55');
    expect(login).toMatchObject({ enabled: true, username: 'owner' });
    expect((await httpGet(started, '/settings')).status).toBe(401);
    expect((await json(started, '/shelly')).auth).toBe(true);
    expect((await httpGet(started, '/settings', basicAuth('owner', 'pa55'))).status).toBe(200);
    await json(started, '/settings/login?enabled=0', basicAuth('owner', 'pa55'));
    expect((await httpGet(started, '/settings')).status).toBe(200);
  });

  it('toggles the cloud and shows it in later reads', async () => {
    const started = await start({ cloud: true });
    expect((await json(started, '/settings')).cloud.enabled).toBe(true);
    expect(await json(started, '/settings/cloud?enabled=0')).toEqual({ enabled: false, connected: false });
    expect((await json(started, '/settings')).cloud.enabled).toBe(false);
    expect((await json(started, '/status')).cloud).toEqual({ enabled: false, connected: false });
  });

  it('leaks login.password in /settings on 2019 firmware, not on current firmware', async () => {
    const auth = { enabled: false, username: 'admin', password: 'hallway-2019' };
    const old = await start({ firmware: '20191127-095418/v1.5.6@0a8e2b9f', auth });
    const leaked = await json(old, '/settings');
    expect(leaked.login).toEqual({ enabled: false, unprotected: false, username: 'admin', password: 'hallway-2019' });
    expect((await json(old, '/shelly')).fw).toBe('20191127-095418/v1.5.6@0a8e2b9f');
    const current = await start({ firmware: '20230913-112003/v1.14.0-gcb84623', auth });
    expect((await json(current, '/settings')).login).not.toHaveProperty('password');
  });

  it('deep-merges overrides into /settings and applies debug and hwVersion', async () => {
    const started = await start({
      overrides: { sntp: { server: 'ntp.evil.example' }, coiot: { peer: '10.0.0.66:5683' } },
      debug: true,
      hwVersion: 'prod-2021-01',
    });
    const settings = await json(started, '/settings');
    expect(settings.sntp).toEqual({ server: 'ntp.evil.example', enabled: true });
    expect(settings.coiot).toMatchObject({ enabled: true, peer: '10.0.0.66:5683' });
    expect(settings.debug_enable).toBe(true);
    expect(settings.hwinfo.hw_revision).toBe('prod-2021-01');
  });

  it('installs an update: unreachable while it reboots, then reports the new version everywhere', async () => {
    const clock = new FakeClock();
    const next = '20230913-112003/v1.14.0-gcb84623';
    const started = await start(
      { firmware: '20221027-091427/v1.12.1-ga9117d3', update: { version: next, durationMs: 5000 } },
      { clock },
    );
    expect((await json(started, '/status')).update).toMatchObject({ has_update: true, new_version: next });
    const accepted = await json(started, '/ota?update=true');
    expect(accepted).toMatchObject({ status: 'updating', new_version: next });
    await eventually(() => clock.pendingSleepers > 0);
    expect(await unreachable(started)).toBe(true);
    await clock.advance(4999);
    expect(await unreachable(started)).toBe(true);
    await clock.advance(1);
    await eventually(async () => !(await unreachable(started)));
    expect((await json(started, '/shelly')).fw).toBe(next);
    expect((await json(started, '/settings')).fw).toBe(next);
    const status = await json(started, '/status');
    expect(status.update).toMatchObject({ status: 'idle', has_update: false, old_version: next });
    expect(status.uptime).toBe(0);
  });

  it('comes back on the old version when the update fails midway', async () => {
    const clock = new FakeClock();
    const old = '20221027-091427/v1.12.1-ga9117d3';
    const started = await start(
      { firmware: old, update: { version: 'v1.14.0', durationMs: 1000, outcome: 'fail-midway' } },
      { clock },
    );
    await json(started, '/ota?update=true');
    await eventually(() => clock.pendingSleepers > 0);
    expect(await unreachable(started)).toBe(true);
    await clock.advance(1000);
    await eventually(async () => !(await unreachable(started)));
    expect((await json(started, '/shelly')).fw).toBe(old);
    expect((await json(started, '/status')).update).toMatchObject({ has_update: true, old_version: old });
  });

  it('stays unreachable when the update never returns', async () => {
    const clock = new FakeClock();
    const started = await start(
      { update: { version: 'v1.15.0', durationMs: 1000, outcome: 'never-returns' } },
      { clock },
    );
    await json(started, '/ota?update=true');
    await eventually(() => clock.pendingSleepers > 0);
    await clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await unreachable(started)).toBe(true);
  });

  it('does nothing on /ota?update=true without an offer, and answers /ota/check', async () => {
    const started = await start({});
    expect(await json(started, '/ota?update=true')).toMatchObject({ status: 'idle', has_update: false });
    expect(await json(started, '/ota/check')).toEqual({ status: 'ok' });
    expect(await unreachable(started)).toBe(false);
  });

  it('replays an aioshelly capture with its own MAC tail and name', async () => {
    const fixture = readSharedJson('shelly/gen1_Shelly Air_SHAIR-1_20230913-113804-v1.14.0-gcb84623.json');
    const started = await start({}, { fixture, name: 'air-purifier' });
    const hex = started.mac.replace(/:/g, '');
    expect(started.mac.startsWith('E8:DB:84')).toBe(true);
    const shelly = await json(started, '/shelly');
    expect(shelly).toMatchObject({
      type: 'SHAIR-1',
      mac: hex,
      fw: '20230913-113804/v1.14.0-gcb84623',
      name: 'air-purifier',
    });
    const settings = await json(started, '/settings');
    expect(settings.device.hostname).toBe(`shellyair-${hex}`);
    expect(settings.mqtt.id).toBe(`shellyair-${hex}`);
    expect((await json(started, '/status')).wifi_sta.ip).toBe(started.host.address);
  });
});

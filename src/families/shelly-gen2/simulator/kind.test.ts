import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { readSharedJson } from '../../../../test/support/shared-fixtures.ts';
import {
  type DeviceJson,
  eventually,
  httpGet,
  httpPost,
  unreachable,
} from '../../../../test/support/shelly-simulator.ts';
import { type StartedSimulator, startSimulator } from '../../../lab/core/start-simulator.ts';
import { FakeClock } from '../../../util/clock.ts';
import { shellyGen2Kind } from './kind.ts';

const running: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function start(settings: unknown, options: { clock?: FakeClock; fixture?: unknown; name?: string } = {}) {
  const started = await startSimulator(shellyGen2Kind, {
    address: testAddress(),
    settings,
    name: options.name ?? 'porch-light',
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.fixture !== undefined ? { fixture: options.fixture } : {}),
  });
  running.push(started);
  return started;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** An RFC 7616 Authorization header, computed here independently of the product's digest client. */
function digestHeader(challenge: string, password: string, method: string, uri: string, count = 1): string {
  const realm = /realm="([^"]+)"/.exec(challenge)?.[1] ?? '';
  const nonce = /nonce="([^"]+)"/.exec(challenge)?.[1] ?? '';
  const nc = count.toString(16).padStart(8, '0');
  const ha1 = sha256(`admin:${realm}:${password}`);
  const response = sha256(`${ha1}:${nonce}:${nc}:abc123:auth:${sha256(`${method}:${uri}`)}`);
  return `Digest username="admin", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=SHA-256, qop=auth, nc=${nc}, cnonce="abc123", response="${response}"`;
}

const rpc = async (started: StartedSimulator, method: string, params: unknown = {}) => {
  const res = await httpPost(started, '/rpc', { id: 7, src: 'test', method, params });
  expect(res.status).toBe(200);
  return res.json() as DeviceJson;
};

describe('shelly-gen2 simulator', () => {
  it('serves a built-in Plus 1PM whose id and mDNS name come from its MAC', async () => {
    const started = await start({ model: 'SNSW-001P16EU', firmware: '1.4.4-g6d2a586' });
    const hex = started.mac.replace(/:/g, '');
    const id = `shellyplus1pm-${hex.toLowerCase()}`;
    const shelly = (await httpGet(started, '/shelly')).json();
    expect(shelly).toMatchObject({ id, mac: hex, gen: 2, model: 'SNSW-001P16EU', app: 'Plus1PM', ver: '1.4.4' });
    expect(shelly).toMatchObject({ auth_en: false, auth_domain: null, name: 'porch-light' });
    expect((shelly as { fw_id: string }).fw_id).toMatch(/^\d{8}-\d{6}\/1\.4\.4-g6d2a586$/);
    const services = started.simulator.mdnsServices();
    expect(services.map((s) => s.type)).toEqual(['_shelly._tcp', '_http._tcp']);
    expect(services[0]).toMatchObject({
      instance: id,
      host: id,
      port: 80,
      txt: { gen: '2', app: 'Plus1PM', ver: '1.4.4', id },
    });
  });

  it('serves a Gen3 profile with gen 3', async () => {
    const started = await start({ model: 'S3SW-001X16EU' });
    expect((await httpGet(started, '/shelly')).json()).toMatchObject({ gen: 3, app: 'S1G3' });
  });

  it('answers 401 with the captured challenge shape, then accepts a good digest for an hour (firmware 1.x)', async () => {
    const clock = new FakeClock();
    const started = await start({ auth: { enabled: true, password: 'correct-horse-42' } }, { clock });
    const id = `shellyplus1pm-${started.mac.replace(/:/g, '').toLowerCase()}`;
    expect((await httpGet(started, '/shelly')).json()).toMatchObject({ auth_en: true, auth_domain: id });
    expect((await httpGet(started, '/rpc/Shelly.GetDeviceInfo')).status).toBe(200);

    const denied = await httpGet(started, '/rpc/Shelly.GetConfig');
    expect(denied.status).toBe(401);
    const header = String(denied.headers['www-authenticate']);
    expect(header).toMatch(new RegExp(`^Digest qop="auth", realm="${id}", nonce="\\d+", algorithm=SHA-256$`));
    const body = denied.json() as { code: number; message: string };
    expect(body.code).toBe(401);
    const nonce = Number(/nonce="(\d+)"/.exec(header)?.[1]);
    // The nonce is the device's Unix time (the captured one, 1725185413, is too).
    expect(nonce).toBe(Math.floor(clock.now() / 1000));
    expect(JSON.parse(body.message)).toEqual({ auth_type: 'digest', nonce, nc: 1, realm: id, algorithm: 'SHA-256' });

    const good = digestHeader(header, 'correct-horse-42', 'GET', '/rpc/Shelly.GetConfig');
    const ok = await httpGet(started, '/rpc/Shelly.GetConfig', { authorization: good });
    expect(ok.status).toBe(200);
    expect((ok.json() as DeviceJson).sys.device.name).toBe('porch-light');
    // Before 2.0 the firmware checks only that the nonce is from the last hour, so the same header works again
    // (mongoose-os rpc-common mg_rpc_check_nonce) …
    expect((await httpGet(started, '/rpc/Shelly.GetConfig', { authorization: good })).status).toBe(200);
    // … until the hour is up.
    await clock.advance(3600 * 1000);
    expect((await httpGet(started, '/rpc/Shelly.GetConfig', { authorization: good })).status).toBe(401);

    const again = String((await httpGet(started, '/rpc/Shelly.GetStatus')).headers['www-authenticate']);
    const bad = digestHeader(again, 'wrong-password', 'GET', '/rpc/Shelly.GetStatus');
    expect((await httpGet(started, '/rpc/Shelly.GetStatus', { authorization: bad })).status).toBe(401);
  });

  it('counts nonce uses from firmware 2.0: a higher nc works, a replayed one does not', async () => {
    const started = await start({ firmware: '2.0.0', auth: { enabled: true, password: 'pw-2' } });
    const header = String((await httpGet(started, '/rpc/Sys.GetConfig')).headers['www-authenticate']);
    const first = digestHeader(header, 'pw-2', 'GET', '/rpc/Sys.GetConfig', 1);
    expect((await httpGet(started, '/rpc/Sys.GetConfig', { authorization: first })).status).toBe(200);
    expect((await httpGet(started, '/rpc/Sys.GetConfig', { authorization: first })).status).toBe(401);
    const second = digestHeader(header, 'pw-2', 'GET', '/rpc/Sys.GetConfig', 2);
    expect((await httpGet(started, '/rpc/Sys.GetConfig', { authorization: second })).status).toBe(200);
    // A nonce the device never issued is refused, however fresh.
    const madeUp = header.replace(/nonce="\d+"/, `nonce="${Number(/nonce="(\d+)"/.exec(header)?.[1]) + 7}"`);
    const forged = digestHeader(madeUp, 'pw-2', 'GET', '/rpc/Sys.GetConfig', 1);
    expect((await httpGet(started, '/rpc/Sys.GetConfig', { authorization: forged })).status).toBe(401);
  });

  it('frames its POST /rpc 401 exactly like the real capture and accepts the in-frame auth object', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: a capture is untyped JSON.
    const captured = readSharedJson('shelly/rpc/shellyplus2pm/Cover.Close_auth_failure') as any;
    console.log('shelly gen2 simulator: compared 401 shape with rpc/shellyplus2pm/Cover.Close_auth_failure');
    const started = await start({ auth: { enabled: true, password: 'pw' } });
    const denied = await httpPost(started, '/rpc', { id: 18, src: 'aios-1', method: 'Shelly.GetStatus' });
    expect(denied.status).toBe(401);
    const frame = denied.json() as DeviceJson;
    expect(Object.keys(frame)).toEqual(Object.keys(captured));
    expect(Object.keys(frame.error)).toEqual(Object.keys(captured.error));
    expect(Object.keys(JSON.parse(frame.error.message))).toEqual(Object.keys(JSON.parse(captured.error.message)));
    // The capture spells the message with Python's separators; so does the simulator.
    expect(frame.error.message).toMatch(
      /^\{"auth_type": "digest", "nonce": \d+, "nc": 1, "realm": "[^"]+", "algorithm": "SHA-256"\}$/,
    );
    expect(frame).toMatchObject({ id: 18, dst: 'aios-1', error: { code: 401 } });

    const { realm, nonce } = JSON.parse(frame.error.message) as { realm: string; nonce: number };
    const ha1 = sha256(`admin:${realm}:pw`);
    const auth = {
      realm,
      username: 'admin',
      nonce,
      cnonce: 4711,
      response: sha256(`${ha1}:${nonce}:1:4711:auth:${sha256('dummy_method:dummy_uri')}`),
      algorithm: 'SHA-256',
    };
    const ok = await httpPost(started, '/rpc', { id: 19, src: 'aios-1', method: 'Sys.GetConfig', auth });
    expect(ok.status).toBe(200);
    expect(ok.json()).toMatchObject({ id: 19, dst: 'aios-1', result: { device: { name: 'porch-light' } } });
    // Firmware before 2.0 takes the same auth object again (Gen2 API docs before 2.0: build it once and reuse it).
    const again = await httpPost(started, '/rpc', { id: 20, src: 'aios-1', method: 'Sys.GetConfig', auth });
    expect(again.status).toBe(200);
    const wrong = { ...auth, response: sha256(`${sha256(`admin:${realm}:nope`)}:${nonce}:1:4711:auth:x`) };
    expect(
      (await httpPost(started, '/rpc', { id: 21, src: 'aios-1', method: 'Sys.GetConfig', auth: wrong })).status,
    ).toBe(401);
  });

  it('answers an unknown method with the real 404 error', async () => {
    const started = await start({});
    const get = await httpGet(started, '/rpc/Foo.Bar');
    expect(get.status).toBe(404);
    expect(get.json()).toEqual({ code: 404, message: 'No handler for Foo.Bar' });
    expect(await rpc(started, 'Foo.Bar')).toMatchObject({
      id: 7,
      error: { code: 404, message: 'No handler for Foo.Bar' },
    });
  });

  it('switches the cloud with Cloud.SetConfig and shows it in later reads', async () => {
    const started = await start({ cloud: true });
    expect((await rpc(started, 'Cloud.GetConfig')).result.enable).toBe(true);
    expect((await rpc(started, 'Cloud.SetConfig', { config: { enable: false } })).result).toEqual({
      restart_required: false,
    });
    expect((await httpGet(started, '/rpc/Cloud.GetConfig')).json()).toMatchObject({ enable: false });
    expect((await rpc(started, 'Shelly.GetConfig')).result.cloud.enable).toBe(false);
    expect((await rpc(started, 'Shelly.GetStatus')).result.cloud.connected).toBe(false);
    await httpGet(started, '/rpc/Cloud.SetConfig?config={"enable":true}');
    expect((await rpc(started, 'Shelly.GetStatus')).result.cloud.connected).toBe(true);
    expect((await rpc(started, 'Cloud.SetConfig', { config: 'on' })).error.code).toBe(-103);
  });

  it('applies debug and deep-merges overrides into the config', async () => {
    const started = await start({ debug: true, overrides: { sys: { sntp: { server: 'ntp.odd.example' } } } });
    const sys = (await rpc(started, 'Sys.GetConfig')).result;
    expect(sys.debug.websocket.enable).toBe(true);
    expect(sys.sntp.server).toBe('ntp.odd.example');
    expect(sys.device.mac).toBe(started.mac.replace(/:/g, ''));
  });

  it('installs an offered update: unreachable while rebooting, new version afterwards', async () => {
    const clock = new FakeClock();
    const started = await start(
      { firmware: '1.0.8-g8c7bb8d', update: { version: '1.4.4-g6d2a586', durationMs: 2000 } },
      { clock },
    );
    const offer = (await rpc(started, 'Shelly.CheckForUpdate')).result;
    expect(offer.stable.version).toBe('1.4.4');
    expect(offer.stable.build_id).toMatch(/\/1\.4\.4-g6d2a586$/);
    expect((await rpc(started, 'Shelly.GetStatus')).result.sys.available_updates.stable).toEqual({ version: '1.4.4' });
    expect(await rpc(started, 'Shelly.Update', { stage: 'stable' })).toMatchObject({ result: null });
    await eventually(() => clock.pendingSleepers > 0);
    expect(await unreachable(started)).toBe(true);
    await clock.advance(2000);
    await eventually(async () => !(await unreachable(started)));
    const info = (await httpGet(started, '/shelly')).json() as Record<string, unknown>;
    expect(info).toMatchObject({ ver: '1.4.4', fw_id: offer.stable.build_id });
    expect((await rpc(started, 'Sys.GetConfig')).result.device.fw_id).toBe(offer.stable.build_id);
    expect((await rpc(started, 'Shelly.CheckForUpdate')).result).toEqual({});
    expect((await rpc(started, 'Shelly.Update', { stage: 'stable' })).error.code).toBe(-114);
  });

  it('comes back on the old version after fail-midway; never returns after never-returns', async () => {
    const clock = new FakeClock();
    const failing = await start(
      { firmware: '1.0.8', update: { version: '1.4.4', durationMs: 500, outcome: 'fail-midway' } },
      { clock },
    );
    await httpGet(failing, '/rpc/Shelly.Update?stage="stable"');
    await eventually(() => clock.pendingSleepers > 0);
    expect(await unreachable(failing)).toBe(true);
    await clock.advance(500);
    await eventually(async () => !(await unreachable(failing)));
    expect((await httpGet(failing, '/shelly')).json()).toMatchObject({ ver: '1.0.8' });
    expect((await rpc(failing, 'Shelly.CheckForUpdate')).result.stable.version).toBe('1.4.4');

    const lost = await start({ update: { version: '9.9.9', durationMs: 500, outcome: 'never-returns' } }, { clock });
    await rpc(lost, 'Shelly.Update', { stage: 'stable' });
    await eventually(() => clock.pendingSleepers > 0);
    await clock.advance(10_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await unreachable(lost)).toBe(true);
  });

  it('replays a Gen2 capture with ids rewritten to its own MAC', async () => {
    const fixture = readSharedJson('shelly/gen2_Shelly Plus Plug S_SNPL-00112EU_20231219-134003-1.1.0-g34b5d4f.json');
    const started = await start({}, { fixture, name: 'kettle' });
    const lower = started.mac.replace(/:/g, '').toLowerCase();
    expect((await httpGet(started, '/shelly')).json()).toMatchObject({
      id: `shellyplusplugs-${lower}`,
      model: 'SNPL-00112EU',
      ver: '1.1.0',
      name: 'kettle',
    });
    const config = (await rpc(started, 'Shelly.GetConfig')).result;
    expect(config.mqtt.client_id).toBe(`shellyplusplugs-${lower}`);
    expect((await rpc(started, 'Shelly.GetStatus')).result.wifi.sta_ip).toBe(started.host.address);
  });
});

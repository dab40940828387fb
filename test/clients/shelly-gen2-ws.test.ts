/**
 * Contract suite: the Shelly Gen2+ simulator driven over WebSocket RPC (`ws://<device>/rpc`) by a client written
 * from the public Gen2 API docs (test/support/shelly-gen2-ws-client.ts; no maintained npm Gen2 client is installed).
 * The client follows Home Assistant's aioshelly 13.x `rpc_device/wsrpc.py` (read at commit ea7a88f): frames
 * `{id, src, method, params, auth}`, one digest challenge, then the nonce kept and `nc` counted up. Transport: `ws`
 * 8.23.0. Identity and status, switches, covers and lights switched over WebSocket and read back over HTTP and in
 * notifications to every client, config changes with NotifyEvent, and the error shapes for wrong credentials.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { shellyGen2Kind } from '../../src/families/shelly-gen2/simulator/kind.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { testAddress } from '../support/addresses.ts';
import { readSharedJson } from '../support/shared-fixtures.ts';
import { ShellyRpcCallError, ShellyWsRpcClient } from '../support/shelly-gen2-ws-client.ts';
import { type DeviceJson, eventually, httpGet, httpPost } from '../support/shelly-simulator.ts';

const CLIENT = 'hand-written Gen2 WebSocket RPC client (Gen2 API docs; aioshelly wsrpc.py semantics) over ws 8.23.0';
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const sims: StartedSimulator[] = [];
const clients: ShellyWsRpcClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(sims.splice(0).map((sim) => sim.stop()));
});

async function device(settings: unknown, options: { clock?: FakeClock; fixture?: unknown } = {}) {
  const sim = await startSimulator(shellyGen2Kind, {
    address: testAddress(),
    settings,
    name: 'porch',
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.fixture !== undefined ? { fixture: options.fixture } : {}),
  });
  sims.push(sim);
  return sim;
}

async function connect(sim: StartedSimulator, src: string, password?: string): Promise<ShellyWsRpcClient> {
  const url = `ws://${sim.host.address}:${sim.portOf(80)}/rpc`;
  const client = await ShellyWsRpcClient.connect(url, { src, ...(password !== undefined ? { password } : {}) });
  clients.push(client);
  return client;
}

const rpcGet = async (sim: StartedSimulator, path: string) => (await httpGet(sim, path)).json() as DeviceJson;

describe(`Shelly Gen2+ simulator with ${CLIENT}`, () => {
  it('connects, reads identity and status, and lists only methods that answer', async () => {
    const sim = await device({ model: 'SNSW-001P16EU', firmware: '1.4.4-g6d2a586' });
    const client = await connect(sim, 'ha-test');
    const info = (await client.call('Shelly.GetDeviceInfo')) as DeviceJson;
    const id = `shellyplus1pm-${sim.mac.replace(/:/g, '').toLowerCase()}`;
    expect(info).toMatchObject({ id, model: 'SNSW-001P16EU', gen: 2, ver: '1.4.4', auth_en: false, app: 'Plus1PM' });
    const status = (await client.call('Shelly.GetStatus')) as DeviceJson;
    expect(status['switch:0']).toMatchObject({ id: 0, output: false, source: 'init' });
    expect((await client.call('Sys.GetStatus')) as DeviceJson).toMatchObject({
      mac: info.mac,
      restart_required: false,
    });
    // Documented spelling and captured spelling both work: method names match case-insensitively.
    expect(await client.call('WiFi.GetStatus')).toMatchObject({ sta_ip: sim.host.address, status: 'got ip' });
    expect(await client.call('Wifi.GetStatus')).toMatchObject({ sta_ip: sim.host.address });

    const { methods } = (await client.call('Shelly.ListMethods')) as { methods: string[] };
    for (const method of ['Switch.Set', 'Switch.Toggle', 'Switch.GetStatus', 'Sys.SetConfig', 'Shelly.SetAuth']) {
      expect(methods).toContain(method);
    }
    for (const method of methods.filter((name) => /\.Get(Status|Config)$/.test(name))) {
      const params = /^(Switch|Input)\./.test(method) ? { id: 0 } : undefined;
      await expect(client.call(method, params), method).resolves.toBeDefined();
    }
    const all = (await client.call('Shelly.GetComponents')) as DeviceJson;
    expect(all.components.map((c: { key: string }) => c.key)).toEqual(
      expect.arrayContaining(['switch:0', 'input:0', 'sys']),
    );
    expect(all.components.find((c: { key: string }) => c.key === 'switch:0')).toHaveProperty('config.name');
    // Like the captured Gen4 answer (rpc/shellymini1gen4): no dynamic components, none listed.
    expect(await client.call('Shelly.GetComponents', { dynamic_only: true })).toMatchObject({
      components: [],
      total: 0,
    });
  });

  it('shows a switch set over WebSocket over HTTP, in /relay/0 and in notifications to every client', async () => {
    const sim = await device({ model: 'SNSW-001P16EU' });
    const a = await connect(sim, 'client-a');
    const b = await connect(sim, 'client-b');
    await a.call('Shelly.GetDeviceInfo');
    await b.call('Shelly.GetDeviceInfo');
    // A client that has sent one frame with its src gets the full status once (Gen2 API docs, Notifications).
    const full = await b.waitForNotification((n) => n.method === 'NotifyFullStatus');
    expect(full).toMatchObject({ dst: 'client-b', params: { 'switch:0': { output: false } } });

    expect(await a.call('Switch.Set', { id: 0, on: true })).toEqual({ was_on: false });
    const seen = await b.waitForNotification((n) => n.method === 'NotifyStatus' && 'switch:0' in n.params);
    expect(seen.dst).toBe('client-b');
    expect(seen.params['switch:0']).toEqual({ id: 0, output: true, source: 'WS_in' });
    expect(typeof seen.params.ts).toBe('number');

    expect(await rpcGet(sim, '/rpc/Switch.GetStatus?id=0')).toMatchObject({ output: true, source: 'WS_in' });
    const frame = (
      await httpPost(sim, '/rpc', { id: 1, src: 'http', method: 'Shelly.GetStatus' })
    ).json() as DeviceJson;
    expect(frame.result['switch:0'].output).toBe(true);
    expect(await rpcGet(sim, '/relay/0')).toMatchObject({ ison: true, source: 'WS_in' });

    expect(await rpcGet(sim, '/relay/0?turn=off')).toMatchObject({ ison: false, source: 'HTTP_in' });
    await a.waitForNotification(
      (n) => n.method === 'NotifyStatus' && (n.params['switch:0'] as DeviceJson)?.source === 'HTTP_in',
    );
    expect(await a.call('Switch.Toggle', { id: 0 })).toEqual({ was_on: false });
    expect(await b.call('Switch.GetStatus', { id: 0 })).toMatchObject({ output: true });
  });

  it('flips a switch back after toggle_after, on the lab clock', async () => {
    const clock = new FakeClock();
    const sim = await device({}, { clock });
    const client = await connect(sim, 'timer-test');
    await client.call('Switch.Set', { id: 0, on: true, toggle_after: 5 });
    expect(await client.call('Switch.GetStatus', { id: 0 })).toMatchObject({ output: true, timer_duration: 5 });
    await clock.advance(5000);
    const flipped = await client.waitForNotification((n) => (n.params['switch:0'] as DeviceJson)?.source === 'timer');
    expect(flipped.params['switch:0']).toMatchObject({ output: false });
    expect(await client.call('Switch.GetStatus', { id: 0 })).not.toHaveProperty('timer_duration');
  });

  it('moves a cover on the lab clock: GoToPosition, Open, Stop', async () => {
    const clock = new FakeClock();
    const sim = await device({ model: 'SNSW-102P16EU', profile: 'cover' }, { clock });
    const client = await connect(sim, 'cover-test');
    expect((await client.call('Shelly.GetDeviceInfo')) as DeviceJson).toMatchObject({ profile: 'cover' });
    expect(await client.call('Cover.GetStatus', { id: 0 })).toMatchObject({ state: 'closed', current_pos: 0 });
    expect(await client.call('Cover.GoToPosition', { id: 0, pos: 50 })).toBeNull();
    expect(await client.call('Cover.GetStatus', { id: 0 })).toMatchObject({ state: 'opening', target_pos: 50 });
    await clock.advance(15_000);
    expect(await client.call('Cover.GetStatus', { id: 0 })).toMatchObject({ state: 'opening', current_pos: 25 });
    await clock.advance(15_000);
    await client.waitForNotification((n) => (n.params['cover:0'] as DeviceJson)?.state === 'stopped');
    expect(await rpcGet(sim, '/rpc/Cover.GetStatus?id=0')).toMatchObject({ state: 'stopped', current_pos: 50 });

    await client.call('Cover.Open', { id: 0 });
    await clock.advance(10_000);
    await client.call('Cover.Stop', { id: 0 });
    const stopped = (await client.call('Cover.GetStatus', { id: 0 })) as DeviceJson;
    expect(stopped).toMatchObject({ state: 'stopped', last_direction: 'open' });
    expect(stopped.current_pos).toBeGreaterThan(50);
    await client.call('Cover.Open', { id: 0 });
    await clock.advance(60_000);
    const open = await client.waitForNotification((n) => (n.params['cover:0'] as DeviceJson)?.state === 'open');
    // At its end stop the capture's cover says so (rpc/shelly2pmg3/Shelly.GetStatus: "source":"limit_switch").
    expect(open.params['cover:0']).toMatchObject({ current_pos: 100, source: 'limit_switch' });
  });

  it('dims a light with Light.Set and Light.Toggle', async () => {
    const sim = await device({ model: 'S3DM-0A101WWL' });
    const client = await connect(sim, 'light-test');
    expect(await client.call('Light.Set', { id: 0, on: true, brightness: 30 })).toBeNull();
    expect(await rpcGet(sim, '/rpc/Light.GetStatus?id=0')).toMatchObject({ output: true, brightness: 30 });
    await client.call('Light.Toggle', { id: 0 });
    expect(await client.call('Light.GetStatus', { id: 0 })).toMatchObject({ output: false, brightness: 30 });
    await expect(client.call('Light.Set', { id: 0, brightness: 150 })).rejects.toMatchObject({ code: -103 });
    const { methods } = (await client.call('Shelly.ListMethods')) as { methods: string[] };
    expect(methods).toEqual(expect.arrayContaining(['Light.Set', 'Light.Toggle', 'Input.GetStatus']));
    expect(methods).not.toContain('Switch.Set');
  });

  it('changes configs and announces each change with NotifyEvent config_changed', async () => {
    const sim = await device({ model: 'SNSW-001P16EU', cloud: false });
    const client = await connect(sim, 'config-test');
    const before = ((await client.call('Sys.GetStatus')) as DeviceJson).cfg_rev;
    expect(await client.call('Switch.SetConfig', { id: 0, config: { name: 'Kettle', auto_off: true } })).toEqual({
      restart_required: false,
    });
    const event = await client.waitForNotification((n) => n.method === 'NotifyEvent');
    expect(event.params.events).toEqual([
      expect.objectContaining({ component: 'switch:0', id: 0, event: 'config_changed', cfg_rev: before + 1 }),
    ]);
    expect(await client.call('Switch.GetConfig', { id: 0 })).toMatchObject({ name: 'Kettle', auto_off: true });

    await client.call('Sys.SetConfig', {
      config: { sntp: { server: 'ntp.lab.example' }, debug: { websocket: { enable: true } } },
    });
    expect(((await rpcGet(sim, '/rpc/Shelly.GetConfig')) as DeviceJson).sys).toMatchObject({
      sntp: { server: 'ntp.lab.example' },
      debug: { websocket: { enable: true } },
    });
    expect(((await client.call('Sys.GetStatus')) as DeviceJson).cfg_rev).toBe(before + 2);

    await client.call('Cloud.SetConfig', { config: { enable: true } });
    expect(await client.call('Cloud.GetStatus')).toEqual({ connected: true });
    await client.call('WiFi.SetConfig', { config: { sta: { ssid: 'Lab', pass: 'wifi-secret' } } });
    const wifi = (await client.call('WiFi.GetConfig')) as DeviceJson;
    expect(wifi.sta.ssid).toBe('Lab');
    expect(JSON.stringify(wifi)).not.toContain('wifi-secret');
    expect(await client.call('Input.SetConfig', { id: 0, config: { invert: true } })).toEqual({
      restart_required: false,
    });
    expect(await client.call('Input.GetConfig', { id: 0 })).toMatchObject({ invert: true });
    expect(await client.call('Input.GetStatus', { id: 0 })).toEqual({ id: 0, state: false });
  });

  it('answers wrong calls with the real error codes', async () => {
    const sim = await device({});
    const client = await connect(sim, 'errors');
    await expect(client.call('Switch.Set', { id: 7, on: true })).rejects.toMatchObject({
      code: -105,
      rpcMessage: "Argument 'id', value 7 not found!",
    });
    await expect(client.call('Switch.Set', { id: 0 })).rejects.toMatchObject({ code: -103 });
    await expect(client.call('Switch.Set', { id: 0, on: 'yes' })).rejects.toMatchObject({ code: -103 });
    await expect(client.call('Switch.GetStatus')).rejects.toMatchObject({ code: -103 });
    await expect(client.call('Switch.SetConfig', { id: 0, config: { auto_off: 'soon' } })).rejects.toMatchObject({
      code: -103,
    });
    await expect(client.call('Foo.Bar')).rejects.toMatchObject({ code: 404, rpcMessage: 'No handler for Foo.Bar' });
    await expect(client.call('Cover.Open', { id: 0 })).rejects.toMatchObject({ code: 404 });
  });

  it('authenticates over WebSocket with one challenge, then reuses the nonce; refuses wrong credentials', async () => {
    const sim = await device({ auth: { enabled: true, password: 'ws-pass-1' } });
    const id = `shellyplus1pm-${sim.mac.replace(/:/g, '').toLowerCase()}`;
    const owner = await connect(sim, 'owner', 'ws-pass-1');
    for (let i = 0; i < 5; i++) await owner.call('Shelly.GetStatus');
    await owner.call('Switch.Set', { id: 0, on: true });
    expect(owner.challenges).toBe(1);

    const stranger = await connect(sim, 'stranger');
    expect(await stranger.call('Shelly.GetDeviceInfo')).toMatchObject({ auth_en: true, auth_domain: id });
    const denied = await stranger.call('Switch.Set', { id: 0, on: false }).catch((error: unknown) => error);
    expect(denied).toBeInstanceOf(ShellyRpcCallError);
    expect((denied as ShellyRpcCallError).code).toBe(401);
    expect(JSON.parse((denied as ShellyRpcCallError).rpcMessage)).toMatchObject({
      auth_type: 'digest',
      nc: 1,
      realm: id,
      algorithm: 'SHA-256',
    });
    const wrong = await connect(sim, 'wrong', 'not-the-password');
    await expect(wrong.call('Shelly.GetStatus')).rejects.toMatchObject({ code: 401 });
    // Nothing was switched by the refused calls, and refused clients get no notifications.
    expect((await owner.call('Switch.GetStatus', { id: 0 })) as DeviceJson).toMatchObject({ output: true });
    expect(stranger.notifications.filter((n) => n.method === 'NotifyStatus')).toEqual([]);
  });

  it('turns auth on and off with Shelly.SetAuth', async () => {
    const sim = await device({});
    const id = `shellyplus1pm-${sim.mac.replace(/:/g, '').toLowerCase()}`;
    const admin = await connect(sim, 'admin', 'new-secret');
    await expect(admin.call('Shelly.SetAuth', { user: 'root', realm: id, ha1: sha256('x') })).rejects.toMatchObject({
      code: -103,
    });
    expect(
      await admin.call('Shelly.SetAuth', { user: 'admin', realm: id, ha1: sha256(`admin:${id}:new-secret`) }),
    ).toBeNull();
    expect((await httpGet(sim, '/shelly')).json()).toMatchObject({ auth_en: true });
    expect((await httpGet(sim, '/rpc/Shelly.GetStatus')).status).toBe(401);
    expect(await admin.call('Shelly.GetStatus')).toHaveProperty('switch:0');
    expect(admin.challenges).toBe(1);
    expect(await admin.call('Shelly.SetAuth', { user: 'admin', realm: id, ha1: null })).toBeNull();
    expect((await httpGet(sim, '/rpc/Shelly.GetStatus')).status).toBe(200);
  });

  it('refuses a replayed auth object from firmware 2.0 on, and takes it again before 2.0', async () => {
    for (const [firmware, replay] of [
      ['2.0.0', 401],
      ['1.4.4', 200],
    ] as const) {
      const sim = await device({ firmware, auth: { enabled: true, password: 'pw' } });
      const frames = await rawSocket(sim);
      const challenge = JSON.parse(
        ((await frames.send({ id: 1, src: 'raw', method: 'Sys.GetStatus' })) as DeviceJson).error.message,
      );
      const ha1 = sha256(`admin:${challenge.realm}:pw`);
      const auth = (nc: number) => ({
        realm: challenge.realm,
        username: 'admin',
        nonce: challenge.nonce,
        nc,
        cnonce: 'c1',
        response: sha256(`${ha1}:${challenge.nonce}:${nc}:c1:auth:${sha256('dummy_method:dummy_uri')}`),
        algorithm: 'SHA-256',
      });
      expect(await frames.send({ id: 2, src: 'raw', method: 'Sys.GetStatus', auth: auth(1) })).toHaveProperty('result');
      const again = (await frames.send({ id: 3, src: 'raw', method: 'Sys.GetStatus', auth: auth(1) })) as DeviceJson;
      expect(again.error?.code ?? 200, firmware).toBe(replay);
      expect(await frames.send({ id: 4, src: 'raw', method: 'Sys.GetStatus', auth: auth(2) })).toHaveProperty('result');
      frames.close();
    }
  });

  it('replays a Pro 4PM capture: every captured switch answers, and method names are the device’s own', async () => {
    const fixture = readSharedJson('shelly/gen2_Shelly Pro 4PM_SPSW-004PE16EU_20230912-082358-1.0.3-g6176478.json');
    const captured = readSharedJson('shelly/rpc/shelly2pmg3/Shelly.ListMethods') as { methods: string[] };
    console.log(
      'shelly gen2 ws suite: replayed gen2 Pro 4PM capture, compared with rpc/shelly2pmg3/Shelly.ListMethods',
    );
    const sim = await device({}, { fixture });
    const client = await connect(sim, 'pro');
    for (const id of [0, 1, 2, 3]) {
      await client.call('Switch.Set', { id, on: true });
      expect(await rpcGet(sim, `/rpc/Switch.GetStatus?id=${id}`)).toMatchObject({ output: true });
    }
    const { methods } = (await client.call('Shelly.ListMethods')) as { methods: string[] };
    const namespaces = new Set(captured.methods.map((method) => method.split('.')[0]));
    const comparable = methods.filter((method) => namespaces.has(method.split('.')[0]));
    expect(comparable.length).toBeGreaterThan(15);
    expect(captured.methods).toEqual(expect.arrayContaining(comparable));
  });

  it('drops WebSocket clients when it reboots, and takes them again afterwards', async () => {
    const clock = new FakeClock();
    const sim = await device({}, { clock });
    const client = await connect(sim, 'reboot');
    expect(await client.call('Shelly.Reboot')).toBeNull();
    await eventually(() => !client.open);
    await eventually(() => clock.pendingSleepers > 0);
    await clock.advance(3000);
    await eventually(async () => {
      try {
        await connect(sim, 'again');
        return true;
      } catch {
        return false;
      }
    });
    expect(((await rpcGet(sim, '/rpc/Sys.GetStatus')) as DeviceJson).uptime).toBe(0);
  });
});

/** A bare WebSocket for frames the client would never send (a replayed auth object). */
async function rawSocket(sim: StartedSimulator) {
  const socket = new WebSocket(`ws://${sim.host.address}:${sim.portOf(80)}/rpc`);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    send: (frame: Record<string, unknown>) =>
      new Promise<unknown>((resolve) => {
        const onMessage = (data: WebSocket.RawData) => {
          const answer = JSON.parse(data.toString()) as { id?: unknown };
          if (answer.id !== frame.id) return;
          socket.off('message', onMessage);
          resolve(answer);
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify(frame));
      }),
    close: () => socket.close(),
  };
}

/**
 * Contract suite: the CLIP v2 event stream of the Hue bridge simulator, read by a server-sent-events client written
 * from the HTML Living Standard (9.2) and the Hue API v2 migration guide's "Event Stream" section:
 * `GET /eventstream/clip/v2` over HTTPS with `hue-application-key` and `Accept: text/event-stream`; messages
 * `id: <seconds>:<n>` and `data: [{creationtime, data: [...], id, type: "update"}]`; at most one container a second,
 * later changes folded into the next. Changes made over v1 (node-hue-api's API) and v2 both arrive, and so does a
 * bridge firmware install with the swupdate2 states that go with it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HUE_REBOOT_MS } from '../../src/families/hue/simulator/bridge-state.ts';
import { KEEP_ALIVE_MS, MAX_EVENT_STREAM_CLIENTS } from '../../src/families/hue/simulator/event-stream.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { HUE_TEST_KEY, startHueBridge, stopHueBridges, type TestBridge } from '../support/hue-bridge.ts';

afterEach(stopHueBridges);

type Resource = Record<string, unknown> & { id: string; type: string; id_v1?: string };

async function v2(bridge: TestBridge, type: string): Promise<Resource[]> {
  return ((await bridge.clip('GET', `/clip/v2/resource/${type}`)).json() as { data: Resource[] }).data;
}

const put = (bridge: TestBridge, path: string, body: unknown) =>
  bridge.v1('PUT', `/api/${HUE_TEST_KEY}${path}`, JSON.stringify(body));

/** Polls in real time: sockets open and close a few event-loop turns after a fake clock moves. */
async function eventually(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not reached');
}

describe('CLIP v2 event stream of the Hue bridge simulator', () => {
  it('greets with ": hi" and sends a v1 change as an update event in the documented format', async () => {
    const bridge = await startHueBridge();
    const stream = await bridge.stream();
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await eventually(() => stream.comments.includes('hi'));
    const [light] = await v2(bridge, 'light');
    await put(bridge, '/lights/1/state', { on: false });
    const change = await stream.change((c) => c.id === light?.id);
    expect(change).toEqual({
      id: light?.id,
      id_v1: '/lights/1',
      on: { on: false },
      owner: light?.owner,
      type: 'light',
    });
    const message = stream.messages[0];
    expect(message?.id).toMatch(/^\d{10}:\d+$/);
    const container = message?.data[0];
    expect(Object.keys(container ?? {})).toEqual(['creationtime', 'data', 'id', 'type']);
    expect(container).toMatchObject({
      type: 'update',
      creationtime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect(container?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // The room's and the home's grouped lights follow in the same container.
    expect(container?.data.map((c) => c.id_v1)).toEqual(['/lights/1', '/groups/1', '/groups/0']);
  });

  it('sends CLIP v2 changes to every connected client', async () => {
    const bridge = await startHueBridge();
    const streams = [await bridge.stream(), await bridge.stream()];
    const [, light] = await v2(bridge, 'light');
    await bridge.clip('PUT', `/clip/v2/resource/light/${light?.id}`, '{"on":{"on":true},"dimming":{"brightness":40}}');
    for (const stream of streams) {
      expect(await stream.change((c) => c.id === light?.id)).toMatchObject({
        on: { on: true },
        dimming: { brightness: 40 },
      });
    }
  });

  it('sends at most one container a second, folding changes in between into the next', async () => {
    const clock = new FakeClock();
    const bridge = await startHueBridge({ clock });
    const stream = await bridge.stream();
    await put(bridge, '/lights/1/state', { bri: 100 });
    await stream.change((c) => c.id_v1 === '/lights/1');
    await put(bridge, '/lights/1/state', { bri: 150 });
    await put(bridge, '/lights/1/state', { bri: 200 });
    await new Promise((r) => setTimeout(r, 50));
    expect(stream.messages).toHaveLength(1);
    await clock.advance(1000);
    await eventually(() => stream.messages.length === 2);
    const folded = stream.messages[1]?.data[0]?.data.find((c) => c.id_v1 === '/lights/1');
    expect(folded?.dimming).toEqual({ brightness: 78.74 });
    expect(stream.messages[1]?.id).toMatch(/^\d+:0$/);
  });

  it('keeps an idle stream alive with comments', async () => {
    const clock = new FakeClock();
    const bridge = await startHueBridge({ clock });
    const stream = await bridge.stream();
    await eventually(() => stream.comments.length === 1);
    await clock.advance(KEEP_ALIVE_MS);
    await eventually(() => stream.comments.length === 2);
    expect(stream.comments).toEqual(['hi', 'hi']);
  });

  it('refuses a wrong key with 403 and serves a bounded number of clients', async () => {
    const bridge = await startHueBridge();
    const denied = await bridge.stream('not-a-whitelisted-key');
    expect(denied.status).toBe(403);
    const open = [];
    for (let i = 0; i < MAX_EVENT_STREAM_CLIENTS; i++) open.push(await bridge.stream());
    expect(open.every((s) => s.status === 200)).toBe(true);
    expect((await bridge.stream()).status).toBe(503);
    open[0]?.close();
    await eventually(async () => bridge.bridge.events.clients < MAX_EVENT_STREAM_CLIENTS);
    expect((await bridge.stream()).status).toBe(200);
  });
});

describe('swupdate2 and device_software_update of the Hue bridge simulator', () => {
  const config = async (bridge: TestBridge) =>
    (await bridge.v1('GET', `/api/${HUE_TEST_KEY}/config`)).json() as {
      swversion: string;
      swupdate2: { state: string; bridge: { state: string }; autoinstall: { on: boolean } };
    };
  const bridgeRecord = async (bridge: TestBridge) => {
    const [device] = (await v2(bridge, 'device')).filter((d) =>
      (d.product_data as { model_id: string }).model_id.startsWith('BSB'),
    );
    const record = (await v2(bridge, 'device_software_update')).find(
      (r) => (r.owner as { rid: string }).rid === device?.id,
    );
    return { device, record };
  };

  it('says an up-to-date bridge has no updates, in both APIs', async () => {
    const bridge = await startHueBridge({ settings: { firmware: '1967054020' } });
    expect((await config(bridge)).swupdate2).toMatchObject({ state: 'noupdates', bridge: { state: 'noupdates' } });
    expect((await bridgeRecord(bridge)).record?.state).toBe('no_update');
  });

  it('says an outdated bridge with auto-install off has its update ready, and installs it when told', async () => {
    const clock = new FakeClock();
    const bridge = await startHueBridge({ clock, settings: { firmware: '1935074050', autoUpdate: false } });
    const before = await config(bridge);
    expect(before.swupdate2).toMatchObject({
      state: 'allreadytoinstall',
      bridge: { state: 'readytoinstall' },
      autoinstall: { on: false },
    });
    const { record, device } = await bridgeRecord(bridge);
    expect(record?.state).toBe('ready_to_install');
    const stream = await bridge.stream();
    const started = await put(bridge, '/config', { swupdate2: { install: true } });
    expect(started.json()).toEqual([{ success: { '/config/swupdate2/install': true } }]);
    expect((await config(bridge)).swupdate2).toMatchObject({ state: 'installing', bridge: { state: 'installing' } });
    expect(await stream.change((c) => c.id === record?.id)).toMatchObject({
      state: 'installing',
      type: 'device_software_update',
    });
    await clock.advance(3000);
    await eventually(() => bridge.bridge.events.clients === 0);
    await clock.advance(HUE_REBOOT_MS);
    await eventually(async () => (await bridge.v1('GET', '/api/config').catch(() => undefined))?.status === 200);
    const after = await config(bridge);
    expect(after.swversion).toBe('1967054020');
    expect(after.swupdate2).toMatchObject({ state: 'noupdates', bridge: { state: 'noupdates' } });
    const now = await bridgeRecord(bridge);
    expect(now.record?.state).toBe('no_update');
    expect(now.device?.product_data).toMatchObject({ software_version: '1.67.1967054020' });
    expect(device?.id).toBe(now.device?.id);
  });
});

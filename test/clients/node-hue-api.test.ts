/**
 * Contract suite: the Hue bridge simulator driven by a real client library, `node-hue-api` 4.0.11 (Hue API v1; the
 * client of Homebridge's and Node-RED's Hue integrations of its day). It connects over HTTP and over HTTPS (with
 * its bridge-id check of the certificate), reads identity, config, capabilities, lights, groups, scenes and
 * sensors, switches lights and groups and reads them back over v1 and CLIP v2, creates a user with the link
 * button, and checks the errors a wrong key, a missing link button press and bad requests get. The v1 API has no
 * events; the CLIP v2 event stream is covered by hue-clip-v2.test.ts, including changes made here over v1.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { HUE_TEST_KEY, startHueBridge, stopHueBridges, type TestBridge } from '../support/hue-bridge.ts';

const CLIENT_VERSION = '4.0.11';

// node-hue-api prints a warning on every insecure (HTTP) connect unless this is set when it loads.
process.env.NODE_HUE_API_USE_INSECURE_CONNECTION = '1';
const require = createRequire(import.meta.url);
const hue = require('node-hue-api') as typeof import('node-hue-api');
const { LightState, GroupLightState } = hue.v3.lightStates;

/**
 * The part of the library's API this suite uses. Its bundled typings (generated from the JavaScript) mark
 * optional parameters as required and type models as Object, so the suite states what the code does.
 */
interface LightView {
  id: number;
  name: string;
  type: string;
  modelid: string;
  state: Record<string, unknown>;
  capabilities: Record<string, unknown>;
  colorGamut: unknown;
}
interface GroupView {
  id: number;
  name: string;
  type: string;
  lights: string[];
  state: Record<string, unknown>;
}
interface Api {
  configuration: {
    getUnauthenticatedConfig(): Promise<{ config: Record<string, unknown> }>;
    getConfiguration(): Promise<Record<string, unknown>>;
  };
  capabilities: { getAll(): Promise<{ lights: unknown; groups: unknown; timezones: string[] }> };
  lights: {
    getAll(): Promise<LightView[]>;
    getLightState(id: number): Promise<Record<string, unknown>>;
    getLightAttributesAndState(id: number): Promise<unknown>;
    setLightState(id: number, state: unknown): Promise<boolean>;
  };
  groups: {
    getAll(): Promise<GroupView[]>;
    getGroup(id: number): Promise<GroupView>;
    setGroupState(id: number, state: unknown): Promise<boolean>;
  };
  scenes: { getAll(): Promise<Array<{ id: string; name: string; type: string; group: string }>> };
  sensors: { getAll(): Promise<Array<{ id: number; type: string }>> };
  users: {
    createUser(app: string, device: string): Promise<{ username: string; clientkey?: string }>;
    getUser(username: string): Promise<{ name: string } | null>;
  };
}
interface Bootstrap {
  connect(username?: string): Promise<Api>;
}
const local = hue.v3.api as unknown as {
  createLocal(host: string, port?: number): Bootstrap;
  createInsecureLocal(host: string, port?: number): Bootstrap;
};

afterEach(stopHueBridges);

/** A bridge and a node-hue-api session on its port 80. */
async function connected(
  settings: Record<string, unknown> = {},
  key = HUE_TEST_KEY,
): Promise<TestBridge & { api: Api }> {
  const bridge = await startHueBridge({ settings });
  const api = await local.createInsecureLocal(bridge.host, bridge.sim.portOf(80)).connect(key);
  return { ...bridge, api };
}

/** The CLIP v2 resource behind a v1 id, read over HTTPS. */
async function v2ByIdV1(bridge: TestBridge, type: string, idV1: string): Promise<Record<string, unknown>> {
  const all = (await bridge.clip('GET', `/clip/v2/resource/${type}`)).json() as {
    data: Array<Record<string, unknown>>;
  };
  const found = all.data.find((r) => r.id_v1 === idV1);
  if (!found) throw new Error(`no ${type} ${idV1}`);
  return found;
}

/** The Hue error type of a rejected node-hue-api call. */
async function hueErrorOf(call: Promise<unknown>): Promise<{ type: number; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { getHueErrorType(): number; message: string };
    return { type: e.getHueErrorType(), message: e.message };
  }
  throw new Error('the call did not fail');
}

describe(`node-hue-api ${CLIENT_VERSION} against the Hue bridge simulator`, () => {
  it('is the client version this suite records', () => {
    const pkg = JSON.parse(readFileSync(require.resolve('node-hue-api/package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toBe(CLIENT_VERSION);
  });

  it('connects and reads identity, the full config and the capabilities', async () => {
    const { api, bridge: simulated, host } = await connected({ firmware: '1967054020' });
    const open = (await api.configuration.getUnauthenticatedConfig()) as { config: Record<string, unknown> };
    expect(open.config).toMatchObject({ modelid: 'BSB002', swversion: '1967054020', apiversion: '1.67.0' });
    const config = await api.configuration.getConfiguration();
    expect(config.bridgeid).toBe(simulated.state.ids.bridgeId);
    expect(config.ipaddress).toBe(host);
    expect(config.swupdate2).toMatchObject({ state: 'noupdates', bridge: { state: 'noupdates' } });
    expect(Object.keys(config.whitelist as object)).toContain(HUE_TEST_KEY);
    const capabilities = await api.capabilities.getAll();
    expect(capabilities.lights).toEqual({ available: 59, total: 63 });
    expect(capabilities.groups).toEqual({ available: 61, total: 64 });
    expect(capabilities.timezones).toContain('Europe/Amsterdam');
  });

  it('connects over HTTPS after checking that the certificate names the bridge', async (context) => {
    const bridge = await startHueBridge();
    // The library fetches the certificate from port 443 itself, whatever port it is given: only a lab allowed to
    // bind 443 (root, or a low ip_unprivileged_port_start) can serve that check.
    if (bridge.sim.portOf(443) !== 443) context.skip();
    const api = await local.createLocal(bridge.host, 443).connect(HUE_TEST_KEY);
    expect((await api.lights.getAll()).map((l) => l.name)).toEqual([
      'Sofa lamp',
      'Reading lamp',
      'Bedside',
      'Wardrobe',
    ]);
  });

  it('lists the lights with the fields of their kind, colour lamps with their gamut', async () => {
    const { api } = await connected();
    const lights = await api.lights.getAll();
    expect(lights.map((l) => [l.id, l.type, l.modelid])).toEqual([
      [1, 'Extended color light', 'LCT015'],
      [2, 'Extended color light', 'LCA001'],
      [3, 'Color temperature light', 'LTA009'],
      [4, 'Dimmable light', 'LWA001'],
    ]);
    const [sofa, , bedside, wardrobe] = lights as [LightView, LightView, LightView, LightView];
    expect(Object.keys(sofa.state)).toEqual([
      'on',
      'bri',
      'hue',
      'sat',
      'effect',
      'xy',
      'ct',
      'alert',
      'colormode',
      'mode',
      'reachable',
    ]);
    expect(sofa.state).toMatchObject({ on: true, bri: 204, xy: [0.4575, 0.4101], colormode: 'xy', reachable: true });
    // The client takes the gamut type from capabilities and looks the corners up in its own table.
    expect(sofa.colorGamut).not.toBeNull();
    expect((sofa.capabilities as { control: Record<string, unknown> }).control).toEqual({
      mindimlevel: 1000,
      colorgamuttype: 'C',
      colorgamut: [
        [0.6915, 0.3083],
        [0.17, 0.7],
        [0.1532, 0.0475],
      ],
      ct: { min: 153, max: 500 },
    });
    expect(bedside.state).toMatchObject({ on: true, ct: 369, colormode: 'ct' });
    expect(bedside.state).not.toHaveProperty('xy');
    expect(Object.keys(wardrobe.state)).toEqual(['on', 'bri', 'alert', 'mode', 'reachable']);
  });

  it('switches and dims a light; the change reads back over v1 and CLIP v2', async () => {
    const bridge = await connected();
    const { api } = bridge;
    expect(await api.lights.setLightState(2, new LightState().on(true).bri(200))).toBe(true);
    expect(await api.lights.getLightState(2)).toMatchObject({ on: true, bri: 200 });
    const v2 = await v2ByIdV1(bridge, 'light', '/lights/2');
    expect(v2.on).toEqual({ on: true });
    expect(v2.dimming).toMatchObject({ brightness: 78.74 });
    const room = await api.groups.getGroup(1);
    expect(room.state).toEqual({ all_on: true, any_on: true });
    expect(await v2ByIdV1(bridge, 'grouped_light', '/groups/1')).toMatchObject({
      on: { on: true },
      dimming: { brightness: 79.53 },
    });
  });

  it('sets colour by xy, colour temperature and hue/sat, each with its colour mode, and CLIP v2 agrees', async () => {
    const bridge = await connected();
    const { api } = bridge;
    await api.lights.setLightState(1, new LightState().xy(0.2, 0.3));
    expect(await api.lights.getLightState(1)).toMatchObject({ xy: [0.2, 0.3], colormode: 'xy' });
    expect((await v2ByIdV1(bridge, 'light', '/lights/1')).color).toMatchObject({ xy: { x: 0.2, y: 0.3 } });
    await api.lights.setLightState(1, new LightState().ct(300));
    expect(await api.lights.getLightState(1)).toMatchObject({ ct: 300, colormode: 'ct' });
    expect((await v2ByIdV1(bridge, 'light', '/lights/1')).color_temperature).toMatchObject({
      mirek: 300,
      mirek_valid: true,
    });
    await api.lights.setLightState(1, new LightState().hue(43_690).sat(254));
    // Fully saturated blue lies outside gamut C: the lamp shows the gamut's blue corner.
    expect(await api.lights.getLightState(1)).toMatchObject({
      hue: 43_690,
      sat: 254,
      colormode: 'hs',
      xy: [0.1532, 0.0475],
    });
    expect((await v2ByIdV1(bridge, 'light', '/lights/1')).color_temperature).toMatchObject({
      mirek: null,
      mirek_valid: false,
    });
  });

  it('sees a change made over CLIP v2', async () => {
    const bridge = await connected();
    const light = await v2ByIdV1(bridge, 'light', '/lights/1');
    const put = await bridge.clip('PUT', `/clip/v2/resource/light/${light.id}`, '{"on":{"on":false}}');
    expect(put.json()).toEqual({ data: [{ rid: light.id, rtype: 'light' }], errors: [] });
    expect((await bridge.api.lights.getLightState(1)).on).toBe(false);
  });

  it('lists group 0 with every light, the rooms and the zone, and switches a room', async () => {
    const bridge = await connected();
    const { api } = bridge;
    const groups = await api.groups.getAll();
    expect(groups.map((g) => [g.id, g.type, g.name, g.lights])).toEqual([
      [0, 'LightGroup', 'Group 0', ['1', '2', '3', '4']],
      [1, 'Room', 'Living room', ['1', '2']],
      [2, 'Room', 'Bedroom', ['3', '4']],
      [3, 'Zone', 'Reading corner', ['2', '3']],
    ]);
    expect(await api.groups.setGroupState(1, new GroupLightState().off())).toBe(true);
    expect((await api.lights.getLightState(1)).on).toBe(false);
    expect((await api.groups.getGroup(0)).state).toEqual({ all_on: false, any_on: true });
    expect((await v2ByIdV1(bridge, 'grouped_light', '/groups/1')).on).toEqual({ on: false });
  });

  it('recalls a scene on its room and the lights take its look', async () => {
    const bridge = await connected();
    const { api } = bridge;
    const scenes = await api.scenes.getAll();
    expect(scenes.map((s) => [s.name, s.type, s.group])).toEqual([
      ['Bright', 'GroupScene', '1'],
      ['Relax', 'GroupScene', '1'],
      ['Nightlight', 'GroupScene', '2'],
    ]);
    const relax = scenes[1] as { id: string };
    await api.groups.setGroupState(1, new GroupLightState().scene(String(relax.id)));
    expect(await api.lights.getLightState(2)).toMatchObject({ on: true, ct: 447, bri: 143, colormode: 'ct' });
    const v2 = (await bridge.clip('GET', '/clip/v2/resource/scene')).json() as {
      data: Array<{ id_v1: string; status: { active: string } }>;
    };
    expect(v2.data.find((s) => s.id_v1 === `/scenes/${relax.id}`)?.status.active).toBe('static');
  });

  it('lists the daylight and motion sensor, and switches a sensor off over v1 for CLIP v2 to see', async () => {
    const bridge = await connected();
    const sensors = await bridge.api.sensors.getAll();
    expect(sensors.map((s) => [s.id, s.type])).toEqual([
      [1, 'Daylight'],
      [2, 'ZLLPresence'],
      [3, 'ZLLLightlevel'],
      [4, 'ZLLTemperature'],
    ]);
    const put = await bridge.v1('PUT', `/api/${HUE_TEST_KEY}/sensors/2/config`, '{"on":false}');
    expect(put.json()).toEqual([{ success: { '/sensors/2/config/on': false } }]);
    expect((await v2ByIdV1(bridge, 'motion', '/sensors/2')).enabled).toBe(false);
  });

  it('creates a user only after the link button is pressed, and the new key works on both APIs', async () => {
    const bridge = await startHueBridge();
    const unauthenticated = await local.createInsecureLocal(bridge.host, bridge.sim.portOf(80)).connect();
    expect(await hueErrorOf(unauthenticated.users.createUser('iotwarden', 'contract'))).toEqual({
      type: 101,
      message: 'link button not pressed',
    });
    bridge.bridge.pressLinkButton();
    const created = await unauthenticated.users.createUser('iotwarden', 'contract');
    expect(created.username).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(created.clientkey).toMatch(/^[0-9A-F]{32}$/);
    const api = await local.createInsecureLocal(bridge.host, bridge.sim.portOf(80)).connect(created.username);
    expect((await api.users.getUser(created.username))?.name).toBe('iotwarden#contract');
    expect((await bridge.clip('GET', '/clip/v2/resource/bridge', undefined, created.username)).status).toBe(200);
  });

  it('gets error 1 for a key the bridge does not know, and the public config only', async () => {
    const bridge = await startHueBridge();
    const api = await local.createInsecureLocal(bridge.host, bridge.sim.portOf(80)).connect('not-a-whitelisted-key');
    expect(await hueErrorOf(api.lights.getAll())).toEqual({ type: 1, message: 'unauthorized user' });
    expect(
      await bridge.v1('GET', '/api/not-a-whitelisted-key/config').then((a) => Object.keys(a.json() as object)),
    ).not.toContain('whitelist');
  });

  it('answers bad requests with the bridge error types, addresses and descriptions', async () => {
    const { api, v1 } = await connected();
    const base = `/api/${HUE_TEST_KEY}`;
    expect(await hueErrorOf(api.lights.getLightAttributesAndState(99))).toEqual({
      type: 3,
      message: 'resource, /lights/99, not available',
    });
    expect((await v1('PUT', `${base}/lights/1/state`, '{"on":tru')).json()).toEqual([
      { error: { type: 2, address: '/lights/1/state', description: 'body contains invalid json' } },
    ]);
    expect((await v1('POST', `${base}/lights/1/state`, '{"on":true}')).json()).toEqual([
      {
        error: {
          type: 4,
          address: '/lights/1/state',
          description: 'method, POST, not available for resource, /lights/1/state',
        },
      },
    ]);
    expect((await v1('PUT', `${base}/lights/2/state`, '{"bri":300,"hue":10,"foo":1}')).json()).toEqual([
      { error: { type: 7, address: '/lights/2/state/bri', description: 'invalid value, 300, for parameter, bri' } },
      {
        error: {
          type: 201,
          address: '/lights/2/state/hue',
          description: 'parameter, hue, is not modifiable. Device is set to off.',
        },
      },
      { error: { type: 6, address: '/lights/2/state/foo', description: 'parameter, foo, not available' } },
    ]);
    expect((await v1('PUT', `${base}/lights/3/state`, '{"xy":[0.3,0.3]}')).json()).toEqual([
      { error: { type: 6, address: '/lights/3/state/xy', description: 'parameter, xy, not available' } },
    ]);
    expect((await v1('PUT', `${base}/lights/1/state`, '{"on":true,"transitiontime":4}')).json()).toEqual([
      { success: { '/lights/1/state/on': true } },
      { success: { '/lights/1/state/transitiontime': 4 } },
    ]);
  });

  it('writes the headers a bridge writes, in its spelling', async () => {
    const { v1 } = await connected();
    const answer = await v1('GET', '/api/config');
    const names = answer.rawHeaders.filter((_, i) => i % 2 === 0);
    expect(names).toEqual(
      expect.arrayContaining(['Cache-Control', 'Pragma', 'Expires', 'Access-Control-Allow-Origin', 'Content-type']),
    );
    const value = (name: string) => answer.rawHeaders[answer.rawHeaders.indexOf(name) + 1];
    expect(value('Content-type')).toBe('application/json');
    expect(value('Expires')).toBe('Mon, 1 Aug 2011 09:00:00 GMT');
    const missing = await v1('GET', '/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('Oops, there appears to be no lighting here');
  });
});

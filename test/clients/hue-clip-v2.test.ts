/**
 * Contract suite: the Hue bridge simulator driven by CLIP v2 calls written from the public Hue API v2 documentation
 * (getting started and migration guide: HTTPS, `hue-application-key`, `{errors, data}` bodies, `PUT` answering
 * `{"data":[{"rid","rtype"}],"errors":[]}`) with Node's own HTTPS client; there is no maintained npm CLIP v2
 * client among the project's dependencies. One datastore behind both APIs: every v1 light, group and scene is a v2
 * resource with that `id_v1`, for the lab's built-in home and for the shared 166-resource capture alike. The event
 * stream has its own suite (hue-eventstream.test.ts); node-hue-api 4.0.11 drives v1 in node-hue-api.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HUE_TEST_KEY, startHueBridge, stopHueBridges, type TestBridge } from '../support/hue-bridge.ts';
import { readSharedJson } from '../support/shared-fixtures.ts';

type Resource = Record<string, unknown> & { id: string; type: string; id_v1?: string };

afterEach(stopHueBridges);

async function resources(bridge: TestBridge, type = ''): Promise<Resource[]> {
  const answer = await bridge.clip('GET', `/clip/v2/resource${type ? `/${type}` : ''}`);
  expect(answer.status).toBe(200);
  return (answer.json() as { data: Resource[] }).data;
}

async function v1(bridge: TestBridge, path: string): Promise<Record<string, Record<string, unknown>>> {
  return (await bridge.v1('GET', `/api/${HUE_TEST_KEY}${path}`)).json() as Record<string, Record<string, unknown>>;
}

/** Every v1 object of a collection has a v2 resource of `type` with its `id_v1`, and `agree` holds for the pair. */
async function sameModel(
  bridge: TestBridge,
  collection: string,
  types: string[],
  agree: (v1: Record<string, unknown>, v2: Resource) => void,
): Promise<number> {
  const v2 = (await resources(bridge)).filter((r) => types.includes(r.type));
  const entries = Object.entries(await v1(bridge, `/${collection}`));
  for (const [id, object] of entries) {
    const match = v2.find((r) => r.id_v1 === `/${collection}/${id}`);
    expect(match, `${collection}/${id}`).toBeDefined();
    agree(object, match as Resource);
  }
  return entries.length;
}

describe('CLIP v2 against the Hue bridge simulator (built-in home)', () => {
  it('serves the resources over HTTPS to a whitelisted key, colour lamps with their colour fields', async () => {
    const bridge = await startHueBridge();
    const lights = await resources(bridge, 'light');
    expect(lights.map((l) => l.id_v1)).toEqual(['/lights/1', '/lights/2', '/lights/3', '/lights/4']);
    expect(lights[0]).toMatchObject({
      color: { xy: { x: 0.4575, y: 0.4101 }, gamut_type: 'C', gamut: { red: { x: 0.6915, y: 0.3083 } } },
      color_temperature: { mirek: null, mirek_valid: false, mirek_schema: { mirek_minimum: 153, mirek_maximum: 500 } },
      owner: { rtype: 'device' },
    });
    expect(lights[3]).not.toHaveProperty('color');
    const [home] = await resources(bridge, 'bridge_home');
    expect(home?.id_v1).toBe('/groups/0');
  });

  it('is one model with v1: lights, groups and scenes by id_v1', async () => {
    const bridge = await startHueBridge();
    const on = (r: Resource) => (r.on as { on: boolean }).on;
    const lights = await sameModel(bridge, 'lights', ['light'], (object, resource) => {
      expect((object.state as { on: boolean }).on).toBe(on(resource));
      expect(object.name).toBe((resource.metadata as { name: string }).name);
    });
    const groups = await sameModel(bridge, 'groups', ['room', 'zone'], (object, resource) => {
      expect(object.name).toBe((resource.metadata as { name: string }).name);
    });
    const scenes = await sameModel(bridge, 'scenes', ['scene'], (object, resource) => {
      expect(object.name).toBe((resource.metadata as { name: string }).name);
    });
    expect([lights, groups, scenes]).toEqual([4, 3, 3]);
  });

  it('switches a light with PUT and the bridge answers with its rid', async () => {
    const bridge = await startHueBridge();
    const [light] = await resources(bridge, 'light');
    const put = await bridge.clip(
      'PUT',
      `/clip/v2/resource/light/${light?.id}`,
      JSON.stringify({ on: { on: false }, dimming: { brightness: 25 }, color_temperature: { mirek: 250 } }),
    );
    expect(put.status).toBe(200);
    expect(put.json()).toEqual({ data: [{ rid: light?.id, rtype: 'light' }], errors: [] });
    const [after] = (await resources(bridge, `light/${light?.id}`)) as Resource[];
    expect(after).toMatchObject({
      on: { on: false },
      dimming: { brightness: 25 },
      color_temperature: { mirek: 250, mirek_valid: true },
    });
    expect((await v1(bridge, '/lights/1')).state).toMatchObject({ on: false, bri: 64, ct: 250, colormode: 'ct' });
  });

  it('switches a room through its grouped_light and recalls a scene', async () => {
    const bridge = await startHueBridge();
    const grouped = (await resources(bridge, 'grouped_light')).find((g) => g.id_v1 === '/groups/1') as Resource;
    await bridge.clip('PUT', `/clip/v2/resource/grouped_light/${grouped.id}`, '{"on":{"on":false}}');
    expect((await v1(bridge, '/groups/1')).state).toEqual({ all_on: false, any_on: false });
    const nightlight = (await resources(bridge, 'scene')).find(
      (s) => (s.metadata as { name: string }).name === 'Nightlight',
    );
    const recall = await bridge.clip(
      'PUT',
      `/clip/v2/resource/scene/${nightlight?.id}`,
      '{"recall":{"action":"active"}}',
    );
    expect(recall.status).toBe(200);
    expect((await v1(bridge, '/lights/3')).state).toMatchObject({ on: true, bri: 1, ct: 454 });
    expect((await v1(bridge, '/lights/4')).state).toMatchObject({ on: true, bri: 1 });
    const [scene] = await resources(bridge, `scene/${nightlight?.id}`);
    expect(scene?.status).toMatchObject({ active: 'static' });
  });

  it('refuses a missing or unknown key with 403, as aiohue expects it', async () => {
    const bridge = await startHueBridge();
    for (const key of [null, 'not-a-whitelisted-key']) {
      const answer = await bridge.clip('GET', '/clip/v2/resource/light', undefined, key);
      expect(answer.status).toBe(403);
      expect(answer.json()).toEqual({ errors: [{ description: 'unauthorized user' }], data: [] });
    }
  });

  it('answers bad requests with status and description', async () => {
    const bridge = await startHueBridge();
    const lights = await resources(bridge, 'light');
    const url = `/clip/v2/resource/light/${lights[0]?.id}`;
    const wardrobe = `/clip/v2/resource/light/${lights[3]?.id}`;
    const cases: Array<[string, string, string | undefined, number, string]> = [
      ['GET', '/clip/v2/resource/light/00000000-0000-0000-0000-000000000000', undefined, 404, 'Not Found'],
      ['PUT', url, '{"on":', 400, 'Body contains invalid JSON'],
      [
        'PUT',
        url,
        '{"color_temperature":{"mirek":501}}',
        400,
        "error: 'json-schema validation', keyword: 'maximum', details: {actual: 501, expected: 500, instanceRef: '#/color_temperature/mirek'}",
      ],
      [
        'PUT',
        url,
        '{"on":{"on":"yes"}}',
        400,
        "error: 'json-schema validation', keyword: 'type', details: {actual: 'yes', expected: 'boolean', instanceRef: '#/on/on'}",
      ],
      ['PUT', wardrobe, '{"color":{"xy":{"x":0.3,"y":0.3}}}', 400, 'device (light) does not support color'],
      ['POST', url, '{}', 405, 'method not allowed'],
      ['PUT', '/clip/v2/resource/bridge_home/x', '{}', 404, 'Not Found'],
    ];
    for (const [method, path, body, status, description] of cases) {
      const answer = await bridge.clip(method, path, body);
      expect([method, path, answer.status, answer.json()]).toEqual([
        method,
        path,
        status,
        { errors: [{ description }], data: [] },
      ]);
    }
  });
});

describe('CLIP v2 and v1 over the shared capture (../shared/fixtures/hue/v2_resources.json)', () => {
  const capture = () => readSharedJson('hue/v2_resources.json');

  it('derives the v1 lights, groups (with 0, the home) and scenes from the captured resources', async () => {
    const bridge = await startHueBridge({ fixture: capture() });
    const lights = await sameModel(bridge, 'lights', ['light'], (object, resource) => {
      expect((object.state as { on: boolean }).on).toBe((resource.on as { on: boolean }).on);
    });
    const groups = await sameModel(bridge, 'groups', ['room', 'zone', 'entertainment_configuration'], () => undefined);
    const scenes = await sameModel(bridge, 'scenes', ['scene'], () => undefined);
    expect([lights, groups, scenes]).toEqual([8, 23, 6]);
    const all = await v1(bridge, '/groups/0');
    expect(all).toMatchObject({ name: 'Group 0', type: 'LightGroup' });
    expect(all.lights).toHaveLength(8);
    expect(Object.keys(await v1(bridge, '/sensors')).length).toBeGreaterThan(1);
  });

  it('switches a captured light over v1 and CLIP v2 shows it', async () => {
    const bridge = await startHueBridge({ fixture: capture() });
    const put = await bridge.v1('PUT', `/api/${HUE_TEST_KEY}/lights/72/state`, '{"on":false}');
    expect(put.json()).toEqual([{ success: { '/lights/72/state/on': false } }]);
    const light = (await resources(bridge, 'light')).find((l) => l.id_v1 === '/lights/72');
    expect(light?.on).toEqual({ on: false });
  });
});

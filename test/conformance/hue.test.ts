import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hueKind } from '../../src/families/hue/simulator/kind.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { requestHttp } from '../../src/net/http-client.ts';
import { testAddress } from '../support/addresses.ts';
import { readSharedJson, sharedFixturePath } from '../support/shared-fixtures.ts';

/**
 * Conformance: the Hue simulator replays a real CLIP v2 capture (aiohue's v2_resources.json, a Hue Bridge Pro)
 * and must serve it back unchanged over HTTPS, apart from the masked bridge id, which the lab replaces with one
 * derived from the device's MAC. The bridge's model and firmware must agree between CLIP v2 and /api/config.
 */
const FIXTURE = sharedFixturePath('hue/v2_resources.json');
const KEY = 'conformancekeyconformancekeyconformancek';

type Resource = { id: string; type: string; [key: string]: unknown };

let capture: Resource[] = [];
const bridges: StartedSimulator[] = [];
const addresses: string[] = [];

async function clip(
  index: number,
  path: string,
): Promise<{ status: number; body: { errors: unknown[]; data: Resource[] } }> {
  const res = await requestHttp({
    host: addresses[index] as string,
    port: (bridges[index] as StartedSimulator).portOf(443),
    path,
    tls: true,
    headers: { 'hue-application-key': KEY },
    timeoutMs: 5000,
    maxBytes: 4 * 1024 * 1024,
  });
  return { status: res.status, body: res.json() as { errors: unknown[]; data: Resource[] } };
}

async function publicConfig(index: number): Promise<Record<string, string>> {
  const res = await requestHttp({
    host: addresses[index] as string,
    port: (bridges[index] as StartedSimulator).portOf(80),
    path: '/api/config',
    timeoutMs: 5000,
    maxBytes: 65536,
  });
  return res.json() as Record<string, string>;
}

beforeAll(async () => {
  capture = readSharedJson('hue/v2_resources.json') as Resource[];
  for (const name of ['Conformance Bridge', 'Second Bridge']) {
    const address = testAddress();
    addresses.push(address);
    bridges.push(await startSimulator(hueKind, { name, address, settings: { apiKey: KEY }, fixture: capture }));
  }
});

afterAll(async () => {
  await Promise.all(bridges.map((b) => b.stop()));
});

describe('Hue CLIP v2 conformance (../shared/fixtures/hue/v2_resources.json)', () => {
  it('serves every captured resource back unchanged, except the masked bridge id', async () => {
    const { status, body } = await clip(0, '/clip/v2/resource');
    expect(status).toBe(200);
    expect(body.errors).toEqual([]);
    expect(body.data).toHaveLength(capture.length);
    const served = new Map(body.data.map((r) => [r.id, r]));
    let checked = 0;
    for (const original of capture) {
      const back = served.get(original.id);
      expect(back, `resource ${original.type}/${original.id}`).toBeDefined();
      if (original.type === 'bridge') expect({ ...back, bridge_id: original.bridge_id }).toEqual(original);
      else expect(back).toEqual(original);
      checked++;
    }
    console.log(`hue conformance: ${checked} CLIP v2 resources from ${FIXTURE} served back and compared`);
  });

  it('answers per-type queries with the captured counts', async () => {
    const types = [...new Set(capture.map((r) => r.type))];
    for (const type of types) {
      const { body } = await clip(0, `/clip/v2/resource/${type}`);
      expect(body.data.length, type).toBe(capture.filter((r) => r.type === type).length);
    }
    console.log(`hue conformance: ${types.length} resource types checked`);
  });

  it('reports the captured bridge model and firmware, with ids agreeing between v1 and v2', async () => {
    const capturedBridge = capture.find((r) => r.type === 'bridge') as Resource & { owner: { rid: string } };
    const capturedDevice = capture.find((r) => r.id === capturedBridge.owner.rid) as Resource & {
      product_data: { model_id: string; software_version: string };
    };
    const [bridge] = (await clip(0, `/clip/v2/resource/bridge/${capturedBridge.id}`)).body.data;
    const [device] = (await clip(0, `/clip/v2/resource/device/${capturedDevice.id}`)).body.data;
    expect(bridge?.owner).toEqual(capturedBridge.owner);
    expect(device?.product_data).toEqual(capturedDevice.product_data);
    const v1 = await publicConfig(0);
    expect(v1.modelid).toBe(capturedDevice.product_data.model_id);
    const [major, minor, swversion] = capturedDevice.product_data.software_version.split('.');
    expect(v1.swversion).toBe(swversion);
    expect(v1.apiversion).toBe(`${major}.${minor}.0`);
    // The capture's bridge_id is masked ("aabbccddeeffggh"): the lab serves a real-looking one built from its MAC.
    expect(bridge?.bridge_id).toMatch(/^[0-9a-f]{6}fffe[0-9a-f]{6}$/);
    expect(bridge?.bridge_id).toBe(v1.bridgeid?.toLowerCase());
    expect(v1.mac?.replace(/:/g, '')).toBe(`${v1.bridgeid?.slice(0, 6)}${v1.bridgeid?.slice(10)}`.toLowerCase());
  });

  it('gives two bridges replaying the same capture their own ids', async () => {
    const [a, b] = [await publicConfig(0), await publicConfig(1)];
    expect(a.bridgeid).not.toBe(b.bridgeid);
    expect(a.mac).not.toBe(b.mac);
  });
});

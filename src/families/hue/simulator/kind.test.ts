import type { X509Certificate } from 'node:crypto';
import { connect } from 'node:tls';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { DeviceUnreachableError } from '../../../errors/index.ts';
import { type StartedSimulator, startSimulator } from '../../../lab/core/start-simulator.ts';
import { type HttpResponse, requestHttp } from '../../../net/http-client.ts';
import { FakeClock } from '../../../util/clock.ts';
import { HUE_REBOOT_MS } from './bridge-state.ts';
import { hueKind, type SimulatedHueBridge } from './kind.ts';
import { LINK_BUTTON_WINDOW_MS } from './whitelist.ts';

const KEY = 'k3yk3yk3yk3yk3yk3yk3yk3yk3yk3yk3yk3yk3yk';
const MAC = 'EC:B5:FA:1A:2B:3C';
const started: StartedSimulator[] = [];

/** The parts of GET /api/<key>/config these tests read. */
interface FullConfig {
  swversion: string;
  apiversion: string;
  whitelist: Record<string, unknown>;
  swupdate2: {
    state: string;
    bridge: { state: string; lastinstall: string };
    autoinstall: { on: boolean; updatetime: string };
  };
}
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function bridge(settings: Record<string, unknown> = {}, clock = new FakeClock()) {
  const address = testAddress();
  const sim = await startSimulator(hueKind, {
    name: 'Hue Bridge',
    address,
    settings: { apiKey: KEY, ...settings },
    mac: MAC,
    clock,
  });
  started.push(sim);
  const http = (
    path: string,
    init: { method?: string; body?: string; tls?: boolean; headers?: Record<string, string> } = {},
  ) =>
    requestHttp({
      host: address,
      port: sim.portOf(init.tls ? 443 : 80),
      path,
      timeoutMs: 3000,
      maxBytes: 1024 * 1024,
      ...init,
    });
  const config = async () => (await http(`/api/${KEY}/config`)).json() as FullConfig;
  const put = async (body: unknown) =>
    (await http(`/api/${KEY}/config`, { method: 'PUT', body: JSON.stringify(body) })).json();
  return { sim, address, http, config, put, clock };
}

/** Polls (in real time) until `check` passes: sockets close and reopen a few event-loop turns after the clock moves. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('condition not reached');
}

const refused = (res: Promise<HttpResponse>) =>
  res.then(
    () => false,
    (error: unknown) => error instanceof DeviceUnreachableError,
  );

describe('Hue bridge simulator, v1 API', () => {
  it('shows the unauthenticated config with exactly the real public fields', async () => {
    const { http } = await bridge({ firmware: '1967054020' });
    const config = (await http('/api/config')).json();
    expect(config).toEqual({
      name: 'Hue Bridge',
      datastoreversion: expect.any(String),
      swversion: '1967054020',
      apiversion: '1.67.0',
      mac: 'ec:b5:fa:1a:2b:3c',
      bridgeid: 'ECB5FAFFFE1A2B3C',
      factorynew: false,
      replacesbridgeid: null,
      modelid: 'BSB002',
      starterkitid: '',
    });
  });

  it('needs the application key for everything else', async () => {
    const { http } = await bridge();
    expect((await http('/api/wrongkey/lights')).json()).toEqual([
      { error: { type: 1, address: '/lights', description: 'unauthorized user' } },
    ]);
    expect((await http('/api/wrongkey')).json()).toEqual([
      { error: { type: 1, address: '/', description: 'unauthorized user' } },
    ]);
    // Like a real bridge, an unknown key on `config` gets the public subset: no swupdate2, no whitelist.
    const publicView = (await http('/api/wrongkey/config')).json() as Record<string, unknown>;
    expect(publicView.bridgeid).toBe('ECB5FAFFFE1A2B3C');
    expect(publicView).not.toHaveProperty('swupdate2');
    expect(publicView).not.toHaveProperty('whitelist');
    const denied = (
      await http('/api/wrongkey/config', { method: 'PUT', body: '{"swupdate2":{"install":true}}' })
    ).json();
    expect(denied).toEqual([{ error: { type: 1, address: '/config', description: 'unauthorized user' } }]);
    expect((await http('/api', { method: 'POST', body: '{"devicetype":"x#y"}' })).json()).toEqual([
      { error: { type: 101, address: '', description: 'link button not pressed' } },
    ]);
  });

  it('hands out keys for 30 s after the link button is pressed, and all the time when the scenario holds it', async () => {
    const clock = new FakeClock();
    const { http, sim } = await bridge({}, clock);
    const createUser = async () =>
      (await http('/api', { method: 'POST', body: '{"devicetype":"lab#test"}' })).json() as Array<
        Record<string, unknown>
      >;
    (sim.simulator as SimulatedHueBridge).pressLinkButton();
    const [created] = (await createUser()) as Array<{ success: { username: string } }>;
    const username = created?.success.username;
    expect((await http(`/api/${username}/lights`)).json()).toHaveProperty('1');
    await clock.advance(LINK_BUTTON_WINDOW_MS + 1);
    expect(await createUser()).toEqual([{ error: { type: 101, address: '', description: 'link button not pressed' } }]);
    const held = await bridge({ linkButton: true }, clock);
    await clock.advance(LINK_BUTTON_WINDOW_MS * 10);
    const [again] = (await held.http('/api', { method: 'POST', body: '{"devicetype":"lab#held"}' })).json() as Array<
      Record<string, unknown>
    >;
    expect(again).toHaveProperty('success.username');
    expect((await held.config()) as unknown as { linkbutton: boolean }).toMatchObject({ linkbutton: true });
  });

  it('refuses a create-user body without a devicetype or with a broken one', async () => {
    const { http } = await bridge({ linkButton: true });
    const post = async (body: string) => (await http('/api', { method: 'POST', body })).json();
    expect(await post('{}')).toEqual([
      { error: { type: 5, address: '/', description: 'invalid/missing parameters in body' } },
    ]);
    expect(await post('{"devicetype":')).toEqual([
      { error: { type: 2, address: '/', description: 'body contains invalid json' } },
    ]);
    expect(await post(`{"devicetype":"${'x'.repeat(41)}"}`)).toEqual([
      {
        error: {
          type: 7,
          address: '/devicetype',
          description: `invalid value, "${'x'.repeat(41)}", for parameter, devicetype`,
        },
      },
    ]);
  });

  it('shows swupdate2 and the whitelist to a whitelisted key', async () => {
    const { config } = await bridge();
    const full = await config();
    expect(full.swupdate2).toEqual({
      checkforupdate: false,
      lastchange: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
      bridge: { state: 'noupdates', lastinstall: expect.any(String) },
      state: 'noupdates',
      autoinstall: { updatetime: 'T14:00:00', on: false },
    });
    expect(Object.keys(full.whitelist)).toContain(KEY);
  });

  it('turns autoinstall on and keeps it on', async () => {
    const { put, config } = await bridge();
    expect(await put({ swupdate2: { autoinstall: { on: true } } })).toEqual([
      { success: { '/config/swupdate2/autoinstall/on': true } },
    ]);
    expect((await config()).swupdate2.autoinstall.on).toBe(true);
    expect(await put({ swupdate2: { autoinstall: { on: 'yes' } } })).toEqual([
      {
        error: {
          type: 7,
          address: '/config/swupdate2/autoinstall/on',
          description: 'invalid value, "yes", for parameter, on',
        },
      },
    ]);
    expect((await config()).swupdate2.autoinstall.on).toBe(true);
  });

  it('installs a downloaded update: installing, reboot, new swversion', async () => {
    const { put, config, http, clock, sim } = await bridge({
      firmware: '1967054020',
      update: { version: '1968096020', durationMs: 5000 },
    });
    const before = await config();
    expect(before.swupdate2.state).toBe('allreadytoinstall');
    expect(before.swupdate2.bridge.state).toBe('readytoinstall');
    expect(await put({ swupdate2: { install: true } })).toEqual([{ success: { '/config/swupdate2/install': true } }]);
    expect((await config()).swupdate2.bridge.state).toBe('installing');
    await clock.advance(5000);
    await eventually(() => refused(http('/api/config')));
    await clock.advance(HUE_REBOOT_MS);
    await eventually(async () => !(await refused(http('/api/config'))));
    const after = await config();
    expect(after).toMatchObject({ swversion: '1968096020', apiversion: '1.68.0' });
    expect(after.swupdate2.bridge).toEqual({ state: 'noupdates', lastinstall: '2026-01-01T00:00:06' });
    expect(sim.simulator.ssdpAnswers()[0]?.server).toBe('Linux/3.14.0 UPnP/1.0 IpBridge/1.68.0');
  });

  it('comes back on the old firmware when an install fails midway', async () => {
    const { put, config, http, clock } = await bridge({
      firmware: '1967054020',
      update: { version: '1968096020', durationMs: 100, outcome: 'fail-midway' },
    });
    await put({ swupdate2: { install: true } });
    await clock.advance(100);
    await eventually(() => refused(http('/api/config')));
    await clock.advance(HUE_REBOOT_MS);
    await eventually(async () => !(await refused(http('/api/config'))));
    const after = await config();
    expect(after.swversion).toBe('1967054020');
    expect(after.swupdate2.bridge.state).toBe('readytoinstall');
  });

  it('installs by itself at the autoinstall time when autoinstall is on', async () => {
    const { config, http, clock } = await bridge({
      autoUpdate: true,
      update: { version: '1968096020', durationMs: 1000 },
    });
    await clock.advance(14 * 3_600_000 - 1);
    expect((await config()).swupdate2.bridge.state).toBe('readytoinstall');
    await clock.advance(1);
    expect((await config()).swupdate2.bridge.state).toBe('installing');
    await clock.advance(1000);
    await eventually(() => refused(http('/api/config')));
    await clock.advance(HUE_REBOOT_MS);
    await eventually(async () => !(await refused(http('/api/config'))));
    expect((await config()).swversion).toBe('1968096020');
  });

  it('serves the UPnP description with the ids the other answers use', async () => {
    const { http, address } = await bridge();
    const res = await http('/description.xml');
    const xml = new XMLParser().parse(res.text()) as { root: { URLBase: string; device: Record<string, unknown> } };
    expect(xml.root.URLBase).toBe(`http://${address}:80/`);
    expect(xml.root.device).toMatchObject({
      deviceType: 'urn:schemas-upnp-org:device:Basic:1',
      friendlyName: `Hue Bridge (${address})`,
      manufacturer: 'Signify',
      modelNumber: 'BSB002',
      serialNumber: 'ecb5fa1a2b3c',
      UDN: 'uuid:2f402f80-da50-11e1-9b23-ecb5fa1a2b3c',
    });
  });
});

describe('Hue bridge simulator, CLIP v2 and discovery', () => {
  it('wants hue-application-key on /clip/v2 and serves the built-in resources with it', async () => {
    const { http } = await bridge();
    const denied = await http('/clip/v2/resource', { tls: true });
    expect(denied.status).toBe(403);
    expect(denied.json()).toEqual({ errors: [{ description: 'unauthorized user' }], data: [] });
    const res = await http('/clip/v2/resource/bridge', { tls: true, headers: { 'hue-application-key': KEY } });
    expect(res.status).toBe(200);
    const body = res.json() as { errors: unknown[]; data: Array<Record<string, unknown>> };
    expect(body.errors).toEqual([]);
    expect(body.data).toHaveLength(1);
    expect(body.data[0]?.bridge_id).toBe('ecb5fafffe1a2b3c');
    const devices = (
      await http('/clip/v2/resource/device', { tls: true, headers: { 'hue-application-key': KEY } })
    ).json() as {
      data: Array<{ product_data: { model_id: string; software_version: string } }>;
    };
    expect(devices.data.map((d) => d.product_data.model_id)).toContain('BSB002');
    expect(devices.data.map((d) => d.product_data.software_version)).toContain('1.67.1967054020');
    // v1 is served over HTTPS as well.
    expect(((await http('/api/config', { tls: true })).json() as { modelid: string }).modelid).toBe('BSB002');
  });

  it('presents a self-signed certificate naming the bridge id', async () => {
    const { sim, address } = await bridge();
    const cert = await new Promise<X509Certificate>((resolve, reject) => {
      const socket = connect({ host: address, port: sim.portOf(443), rejectUnauthorized: false }, () => {
        const raw = socket.getPeerX509Certificate();
        socket.destroy();
        if (raw) resolve(raw);
        else reject(new Error('no certificate'));
      });
      socket.on('error', reject);
    });
    expect(cert.subject).toContain('CN=ecb5fafffe1a2b3c');
    expect(cert.subject).toContain('O=Philips Hue');
    expect(cert.issuer).toBe(cert.subject);
  });

  it('announces _hue._tcp and answers SSDP with hue-bridgeid', async () => {
    const { sim, address } = await bridge({ model: 'BSB002' });
    expect(sim.simulator.mdnsServices()).toEqual([
      expect.objectContaining({
        type: '_hue._tcp',
        port: 443,
        txt: { bridgeid: 'ecb5fafffe1a2b3c', modelid: 'BSB002' },
      }),
    ]);
    const answers = sim.simulator.ssdpAnswers();
    expect(answers.map((a) => a.st)).toEqual([
      'upnp:rootdevice',
      'uuid:2f402f80-da50-11e1-9b23-ecb5fa1a2b3c',
      'urn:schemas-upnp-org:device:basic:1',
    ]);
    expect(answers[0]).toMatchObject({
      usn: 'uuid:2f402f80-da50-11e1-9b23-ecb5fa1a2b3c::upnp:rootdevice',
      location: `http://${address}:80/description.xml`,
      extraHeaders: { 'hue-bridgeid': 'ECB5FAFFFE1A2B3C' },
    });
  });
});

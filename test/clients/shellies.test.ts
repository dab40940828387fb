/**
 * Contract suite: the Shelly Gen1 simulator driven by `shellies` 1.7.0 (node-shellies, the Gen1 library of Node
 * apps such as homebridge-shelly): HTTP through its own superagent requests and device classes, CoIoT through its
 * own CoAP layer (`coap` 1.5.0 with shellies' CoIoT option codecs for 3332/3412/3420). shellies' multicast listener
 * is not used: it binds 0.0.0.0:5683 and sends to 224.0.1.187, i.e. the real network. The suite instead binds the
 * same kind of coap server on a loopback address, points the device's `coiot_peer` at it (unicast, as shellies'
 * README asks for), and hands each `0.30 /cit/s` publish to the shellies device exactly as its listener does
 * (`new CoapMessage(req)` → `device.update(msg)`). The CoIoT description is also checked against aioshelly's Gen1
 * block rules, since Home Assistant parses `/cit/d` with them.
 */
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { shellyGen1Kind } from '../../src/families/shelly-gen1/simulator/kind.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { testAddress } from '../support/addresses.ts';
import { readSharedJson } from '../support/shared-fixtures.ts';
import { eventually } from '../support/shelly-simulator.ts';

const CLIENT_VERSION = '1.7.0';
const requireHere = createRequire(import.meta.url);
const requireFromShellies = createRequire(requireHere.resolve('shellies/package.json'));

/** The parts of shellies this suite drives (the package ships no typings). */
interface ShelliesRequest {
  query(params: Record<string, string | number>): ShelliesRequest;
  auth(user: string, password: string): ShelliesRequest;
  then: Promise<{ body: DeviceJson; text: string }>['then'];
}
interface ShelliesDevice {
  id: string;
  type: string;
  modelName: string;
  host: string;
  settings: DeviceJson;
  request: { get(url: string): ShelliesRequest };
  update(message: unknown): void;
  on(event: string, listener: (...args: unknown[]) => void): void;
  getSettings(): Promise<DeviceJson>;
  getStatus(): Promise<DeviceJson>;
  setRelay(index: number, on: boolean): Promise<void>;
  setRollerPosition(position: number): Promise<DeviceJson>;
  setRollerState(state: string, duration?: number | null): Promise<DeviceJson>;
  setWhite(brightness: number, on: boolean): Promise<void>;
  setAuthCredentials(username: string, password: string): void;
  [property: string]: unknown;
}
interface CoapStatus {
  deviceType: string;
  deviceId: string;
  protocolRevision: string;
  validFor: number;
  serial: number;
  host: string;
  payload: DeviceJson;
}
// biome-ignore lint/suspicious/noExplicitAny: device answers are untyped JSON; expect() checks their shapes.
type DeviceJson = any;

const shellies = requireHere('shellies') as {
  Coap: { getDescription(host: string): Promise<CoapStatus>; getStatus(host: string): Promise<CoapStatus> };
  createDevice(type: string, id: string, host: string): ShelliesDevice;
};
const coap = requireFromShellies('coap') as {
  createServer(options: { type: 'udp4' }): {
    on(event: 'request', listener: (req: { code: string; url: string }) => void): void;
    listen(port: number, address: string, callback: (error?: Error) => void): void;
    close(): void;
  };
};
const CoapMessage = requireFromShellies('./lib/coap/message.js') as new (req: unknown) => CoapStatus;

const sims: StartedSimulator[] = [];
const closers: Array<() => void> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await Promise.all(sims.splice(0).map((sim) => sim.stop()));
});

async function device(settings: unknown, options: { clock?: FakeClock; fixture?: unknown } = {}) {
  const sim = await startSimulator(shellyGen1Kind, {
    address: testAddress(),
    settings,
    name: 'hall',
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.fixture !== undefined ? { fixture: options.fixture } : {}),
  });
  sims.push(sim);
  return sim;
}

/** The host shellies requests go to: the device address, with the port when the lab had to shift 80. */
const httpHost = (sim: StartedSimulator) =>
  sim.portOf(80) === 80 ? sim.host.address : `${sim.host.address}:${sim.portOf(80)}`;

/** Discovers the device as shellies does: CoAP status → `createDevice(type, id, host)` → `update(message)`. */
async function discover(sim: StartedSimulator): Promise<ShelliesDevice> {
  const status = await shellies.Coap.getStatus(sim.host.address);
  const found = shellies.createDevice(status.deviceType, status.deviceId, httpHost(sim));
  found.update({ ...status, host: httpHost(sim) });
  return found;
}

/** A loopback CoIoT listener feeding `0.30 /cit/s` publishes into `target`, as shellies' StatusUpdatesListener does. */
async function listen(
  sim: StartedSimulator,
  target: ShelliesDevice,
): Promise<{ peer: string; received: CoapStatus[] }> {
  const address = testAddress();
  const server = coap.createServer({ type: 'udp4' });
  const received: CoapStatus[] = [];
  server.on('request', (req) => {
    if (req.code !== '0.30' || req.url !== '/cit/s') return;
    const message = new CoapMessage(req);
    received.push(message);
    target.update({ ...message, host: httpHost(sim) });
  });
  await new Promise<void>((resolve, reject) =>
    server.listen(5683, address, (error) => (error ? reject(error) : resolve())),
  );
  closers.push(() => server.close());
  return { peer: `${address}:5683`, received };
}

/** Resolves with the next change of `property` on the shellies device. */
function nextChange(target: ShelliesDevice, property: string, timeoutMs = 3000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no change of ${property} within ${timeoutMs} ms`)), timeoutMs);
    target.on(`change:${property}`, (value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** aioshelly's Gen1 parse (block_device/device.py): blocks by `I`; within a block only temperatures may repeat a `D`. */
function aioshellyBlocks(description: DeviceJson): Record<string, string[]> {
  const blocks: Record<string, string[]> = {};
  for (const block of description.blk) {
    const sensors = description.sen.filter((s: DeviceJson) =>
      Array.isArray(s.L) ? s.L.includes(block.I) : s.L === block.I,
    );
    const names = new Set<string>();
    for (const sensor of sensors) {
      expect(typeof sensor.I).toBe('number');
      if (names.has(sensor.D)) expect(sensor.T, `${block.D}.${sensor.D}`).toBe('T');
      names.add(sensor.D);
    }
    blocks[block.D] = [...names];
  }
  return blocks;
}

describe(`Shelly Gen1 simulator with shellies ${CLIENT_VERSION}`, () => {
  it('reads identity and status over CoIoT and HTTP', async () => {
    const sim = await device({ model: 'SHSW-PM' });
    const hex = sim.mac.replace(/:/g, '');
    const description = await shellies.Coap.getDescription(sim.host.address);
    expect(description).toMatchObject({ deviceType: 'SHSW-PM', deviceId: hex, protocolRevision: '2' });
    expect(aioshellyBlocks(description.payload)).toMatchObject({
      relay_0: expect.arrayContaining(['output', 'input', 'inputEvent', 'inputEventCnt', 'power', 'energy']),
      device: expect.arrayContaining(['cfgChanged', 'deviceTemp', 'overtemp']),
    });
    const found = await discover(sim);
    expect(found.modelName).toBe('Shelly 1PM');
    expect(found).toMatchObject({ id: hex, relay0: false, input0: 0, power0: 0, deviceTemperature: 38.5 });
    const status = await shellies.Coap.getStatus(sim.host.address);
    expect(status.validFor).toBe(30);
    expect(status.serial).toBeGreaterThan(0);
    const settings = await found.getSettings();
    expect(settings).toMatchObject({ device: { type: 'SHSW-PM', mac: hex }, name: 'hall', coiot: { enabled: true } });
    expect((await found.getStatus()).relays).toEqual([expect.objectContaining({ ison: false, has_timer: false })]);
  });

  it('switches a relay that /status, /relay/0, /settings/relay/0, CoIoT status and a CoIoT publish all show', async () => {
    const sim = await device({ model: 'SHSW-1' });
    const found = await discover(sim);
    const { peer, received } = await listen(sim, found);
    await found.request.get(`${httpHost(sim)}/settings`).query({ coiot_peer: peer });
    const changed = nextChange(found, 'relay0');
    await found.setRelay(0, true);
    expect(await changed).toBe(true);
    expect(received.at(-1)).toMatchObject({ deviceType: 'SHSW-1', protocolRevision: '2' });
    expect((await found.getStatus()).relays[0]).toMatchObject({ ison: true, source: 'http' });
    expect((await found.request.get(`${httpHost(sim)}/relay/0`)).body).toMatchObject({ ison: true });
    expect((await found.request.get(`${httpHost(sim)}/settings/relay/0`)).body).toMatchObject({ ison: true });
    const status = await shellies.Coap.getStatus(sim.host.address);
    expect(status.payload.G).toContainEqual([0, 1101, 1]);
    const off = nextChange(found, 'relay0');
    await found.setRelay(0, false);
    expect(await off).toBe(false);
  });

  it('flips a relay back after its timer and publishes the flip', async () => {
    const clock = new FakeClock();
    const sim = await device({ model: 'SHSW-1' }, { clock });
    const found = await discover(sim);
    const { peer } = await listen(sim, found);
    await found.request.get(`${httpHost(sim)}/settings`).query({ coiot_peer: peer });
    const on = nextChange(found, 'relay0');
    const relay = (await found.request.get(`${httpHost(sim)}/relay/0`).query({ turn: 'on', timer: 10 })).body;
    expect(relay).toMatchObject({ ison: true, has_timer: true, timer_duration: 10, timer_remaining: 10 });
    expect(await on).toBe(true);
    const off = nextChange(found, 'relay0');
    await clock.advance(10_000);
    expect(await off).toBe(false);
    expect((await found.getStatus()).relays[0]).toMatchObject({ ison: false, source: 'timer', has_timer: false });
  });

  it('moves a Shelly 2.5 roller to a position on the lab clock', async () => {
    const clock = new FakeClock();
    const sim = await device({ model: 'SHSW-25', mode: 'roller' }, { clock });
    const found = await discover(sim);
    expect(found).toMatchObject({ mode: 'roller', rollerState: 'stop', rollerPosition: 0 });
    const { peer } = await listen(sim, found);
    await found.request.get(`${httpHost(sim)}/settings`).query({ coiot_peer: peer });
    const moving = nextChange(found, 'rollerState');
    expect(await found.setRollerPosition(50)).toMatchObject({ state: 'open', source: 'http', last_direction: 'open' });
    expect(await moving).toBe('open');
    const settled = nextChange(found, 'rollerState');
    await clock.advance(10_000);
    expect(await settled).toBe('stop');
    expect(found.rollerPosition).toBe(50);
    expect((await found.getStatus()).rollers[0]).toMatchObject({
      state: 'stop',
      current_pos: 50,
      stop_reason: 'normal',
    });
    expect((await found.getStatus()).relays).toBeUndefined();
    await found.setRollerState('close');
    await clock.advance(20_000);
    await eventually(() => found.rollerPosition === 0);
    const modeChange = nextChange(found, 'mode');
    await found.request.get(`${httpHost(sim)}/settings`).query({ mode: 'relay' });
    expect(await modeChange).toBe('relay');
    expect((await found.getStatus()).relays).toHaveLength(2);
  });

  it('dims a Dimmer 2 with setWhite', async () => {
    const sim = await device({ model: 'SHDM-2' });
    const found = await discover(sim);
    expect(found.modelName).toBe('Shelly Dimmer 2');
    await found.setWhite(30, true);
    const status = await shellies.Coap.getStatus(sim.host.address);
    found.update({ ...status, host: httpHost(sim) });
    expect(found).toMatchObject({ switch: true, brightness: 30 });
    expect((await found.request.get(`${httpHost(sim)}/light/0`)).body).toMatchObject({ ison: true, brightness: 30 });
    expect(aioshellyBlocks((await shellies.Coap.getDescription(sim.host.address)).payload)).toMatchObject({
      light_0: expect.arrayContaining(['output', 'brightness', 'power']),
      input_0: ['input', 'inputEvent', 'inputEventCnt'],
    });
  });

  it('changes settings through the documented setters, counting cfg_changed', async () => {
    const sim = await device({ model: 'SHSW-1' });
    const found = await discover(sim);
    const host = httpHost(sim);
    const before = found.cfgChanged ?? (await found.getStatus()).cfg_changed_cnt;
    const settings = (
      await found.request.get(`${host}/settings`).query({ sntp_server: 'ntp.lab.example', name: 'Hall' })
    ).body;
    expect(settings).toMatchObject({ sntp: { server: 'ntp.lab.example', enabled: true }, name: 'Hall' });
    expect((await found.request.get(`${host}/shelly`)).body).toMatchObject({ name: 'Hall' });
    expect(
      (await found.request.get(`${host}/settings/relay/0`).query({ auto_off: 5, name: 'Lamp' })).body,
    ).toMatchObject({
      auto_off: 5,
      name: 'Lamp',
    });
    expect(
      (await found.request.get(`${host}/settings/sta`).query({ ssid: 'Lab', key: 'wifi-secret' })).body,
    ).toMatchObject({
      ssid: 'Lab',
    });
    expect(JSON.stringify(await found.getSettings())).not.toContain('wifi-secret');
    expect((await found.request.get(`${host}/settings/cloud`).query({ enabled: 1 })).body).toEqual({
      enabled: true,
      connected: true,
    });
    const status = await found.getStatus();
    expect(status.cfg_changed_cnt).toBe(before + 4);
    const refused = await found.request
      .get(`${host}/settings/relay/0`)
      .query({ default_state: 'sometimes' })
      .then(
        () => undefined,
        (error: unknown) => error as { status: number; response: { text: string; headers: Record<string, string> } },
      );
    expect(refused?.status).toBe(400);
    expect(refused?.response.headers['content-type']).toBe('text/plain');
    expect(refused?.response.text).toBe('Bad value for default_state!');
  });

  it('answers wrong credentials with 401 Basic, and the right ones with data; CoIoT stays open', async () => {
    const sim = await device({ model: 'SHSW-1', auth: { enabled: true, username: 'admin', password: 'correct-pw' } });
    const found = await discover(sim);
    const denied = await found.getStatus().then(
      () => undefined,
      (error: unknown) => error as { status: number; response: { text: string; headers: Record<string, string> } },
    );
    expect(denied?.status).toBe(401);
    expect(denied?.response.headers['www-authenticate']).toBe('Basic realm="Shelly"');
    expect(denied?.response.text).toBe('401 Unauthorized');
    found.setAuthCredentials('admin', 'wrong-pw');
    await expect(found.setRelay(0, true)).rejects.toMatchObject({ status: 401 });
    expect((await found.request.get(`${httpHost(sim)}/shelly`)).body).toMatchObject({ auth: true, type: 'SHSW-1' });
    found.setAuthCredentials('admin', 'correct-pw');
    await found.setRelay(0, true);
    expect((await found.getStatus()).relays[0].ison).toBe(true);
    // CoIoT carries no credentials on real devices either: status is readable without the password.
    expect((await shellies.Coap.getStatus(sim.host.address)).payload.G).toContainEqual([0, 1101, 1]);
  });

  it('replays the Shelly Air and Shelly Gas captures into shellies’ own device classes', async () => {
    const air = readSharedJson('shelly/gen1_Shelly Air_SHAIR-1_20230913-113804-v1.14.0-gcb84623.json');
    const gas = readSharedJson('shelly/gen1_Shelly Gas_SHGS-1_20230913-114427-v1.14.0-gcb84623.json');
    console.log('shellies suite: replayed gen1 Shelly Air and Shelly Gas captures over CoIoT');
    const airSim = await device({}, { fixture: air });
    const airDevice = await discover(airSim);
    expect(airDevice.modelName).toBe('Shelly Air');
    expect(airDevice).toMatchObject({
      relay0: false,
      power0: 0,
      input0: 0,
      deviceTemperature: 33.89,
      externalTemperature0: 23.06,
      totalWorkTime: 55697,
    });
    aioshellyBlocks((await shellies.Coap.getDescription(airSim.host.address)).payload);
    await airDevice.setRelay(0, true);
    expect((await airDevice.getStatus()).relays[0].ison).toBe(true);

    const gasSim = await device({}, { fixture: gas });
    const gasDevice = await discover(gasSim);
    expect(gasDevice.modelName).toBe('Shelly Gas');
    expect(gasDevice).toMatchObject({
      sensorOperation: 'normal',
      selfTest: 'not_completed',
      gas: 'none',
      concentration: 0,
      valve: 'not_connected',
    });
    expect(aioshellyBlocks((await shellies.Coap.getDescription(gasSim.host.address)).payload)).toMatchObject({
      sensor_0: ['sensorOp', 'selfTest', 'gas', 'concentration'],
      valve_0: ['valve'],
    });
  });
});

/**
 * Contract suite: the ESPHome simulator driven by a real client library, `@2colors/esphome-native-api` 1.3.6
 * (the client behind node-red-contrib-esphome; its Noise side is noise-c compiled to WebAssembly, an implementation
 * independent of the simulator's). Plaintext and Noise-encrypted nodes, identity, entities, state streams, switch
 * and light commands seen by every connected client, and the errors a client gets for a wrong password or key.
 */
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { Client, Connection } from '@2colors/esphome-native-api';
import { afterEach, describe, expect, it } from 'vitest';
import { esphomeKind } from '../../src/families/esphome/simulator/kind.ts';
import { labEncryptionKey } from '../../src/families/esphome/simulator/settings.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { testAddress } from '../support/addresses.ts';

const CLIENT_VERSION = '1.3.6';

/** The part of the library's Connection this suite uses (its bundled typings leave some of it out). */
interface EsphomeConnection extends EventEmitter {
  connected: boolean;
  authorized: boolean;
  connect(): void;
  disconnect(): void;
  deviceInfoService(): Promise<Record<string, unknown>>;
  listEntitiesService(): Promise<Array<{ component: string; entity: Record<string, unknown> & { key: number } }>>;
  subscribeStatesService(): void;
  switchCommandService(data: { key: number; state: boolean }): void;
  lightCommandService(data: { key: number; state?: boolean; brightness?: number }): void;
  pingService(): Promise<unknown>;
  disconnectService(): Promise<unknown>;
  getTimeService(): Promise<unknown>;
}

const started: StartedSimulator[] = [];
const connections: EsphomeConnection[] = [];
afterEach(async () => {
  for (const connection of connections.splice(0)) connection.disconnect();
  await Promise.all(started.splice(0).map((sim) => sim.stop()));
});

async function node(settings: Record<string, unknown>, name = 'Garage Door'): Promise<{ host: string; port: number }> {
  const host = testAddress();
  const sim = await startSimulator(esphomeKind, { name, address: host, settings, mac: '24:6F:28:AA:BB:01' });
  started.push(sim);
  return { host, port: sim.portOf(6053) };
}

function connection(options: { host: string; port: number; password?: string; encryptionKey?: string }) {
  const c = new Connection({ ...options, reconnect: false, pingInterval: 60_000 }) as unknown as EsphomeConnection;
  connections.push(c);
  return c;
}

/** Resolves with the first event's arguments, rejects after `ms`. */
function next(emitter: EventEmitter, event: string, ms = 3000): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    emitter.once(event, (...args: unknown[]) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

/** Resolves with the first message of `type` for which `match` holds. */
function message<T>(c: EsphomeConnection, type: string, match: (m: T) => boolean, ms = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching ${type} within ${ms} ms`)), ms);
    const listener = (m: T): void => {
      if (!match(m)) return;
      clearTimeout(timer);
      c.off(`message.${type}`, listener);
      resolve(m);
    };
    c.on(`message.${type}`, listener);
  });
}

async function authorized(c: EsphomeConnection): Promise<EsphomeConnection> {
  const ready = next(c, 'authorized');
  c.connect();
  await ready;
  return c;
}

describe(`@2colors/esphome-native-api ${CLIENT_VERSION} against the ESPHome simulator`, () => {
  it('is the client version this suite was written against', () => {
    const require = createRequire(import.meta.url);
    expect((require('@2colors/esphome-native-api/package.json') as { version: string }).version).toBe(CLIENT_VERSION);
  });

  it('Client: reads identity, lists the entities, streams states, and switches the relay', async () => {
    const { host, port } = await node({ firmware: '2024.6.1' });
    const client = new Client({ host, port, reconnect: false, pingInterval: 60_000 });
    connections.push(client.connection as unknown as EsphomeConnection);
    const info = next(client as unknown as EventEmitter, 'deviceInfo');
    const initialized = next(client as unknown as EventEmitter, 'initialized');
    (client as unknown as { connect(): void }).connect();
    const [deviceInfo] = (await info) as [Record<string, unknown>];
    expect(deviceInfo).toMatchObject({
      name: 'garage-door',
      friendlyName: 'Garage Door',
      macAddress: '24:6F:28:AA:BB:01',
      esphomeVersion: '2024.6.1',
      model: 'esp32dev',
      manufacturer: 'Espressif',
      usesPassword: false,
    });
    await initialized;
    const entities = Object.values((client as unknown as { entities: Record<string, EntityObject> }).entities);
    // The client keeps entities in an object keyed by the numeric key, so their order is the keys' order.
    expect(entities.map((e) => `${e.type}:${e.name}`).sort()).toEqual([
      'BinarySensor:Status',
      'Light:LED',
      'Sensor:Temperature',
      'Sensor:Uptime',
      'Sensor:WiFi Signal',
      'Switch:Relay',
      'TextSensor:ESPHome Version',
    ]);
    const relay = entities.find((e) => e.type === 'Switch') as EntityObject;
    expect(relay.config).toMatchObject({ objectId: 'relay', key: 3551080420 });
    await until(() => relay.state !== undefined);
    expect(relay.state).toMatchObject({ state: false });
    const status = entities.find((e) => e.name === 'Status') as EntityObject;
    expect(status.state).toMatchObject({ state: true });
    const wifi = entities.find((e) => e.name === 'WiFi Signal') as EntityObject;
    expect(wifi.config).toMatchObject({ unitOfMeasurement: 'dBm', deviceClass: 'signal_strength', entityCategory: 2 });
    expect(wifi.state).toMatchObject({ state: -58 });

    const switched = next(relay, 'state');
    relay.setState(true);
    expect((await switched)[0]).toMatchObject({ key: relay.config.key, state: true });
  });

  it('a relay switched by one client shows in every other client, and a light takes brightness', async () => {
    const { host, port } = await node({});
    const a = await authorized(connection({ host, port }));
    const b = await authorized(connection({ host, port }));
    const list = await a.listEntitiesService();
    const relay = list.find((e) => e.component === 'Switch')?.entity;
    const led = list.find((e) => e.component === 'Light')?.entity;
    expect(led).toMatchObject({ name: 'LED', supportedColorModesList: [3], legacySupportsBrightness: true });
    const bInitial = message<{ key: number; state: boolean }>(b, 'SwitchStateResponse', (m) => m.key === relay?.key);
    b.subscribeStatesService();
    expect((await bInitial).state).toBe(false);

    const bSeesOn = message<{ key: number; state: boolean }>(b, 'SwitchStateResponse', (m) => m.state);
    a.switchCommandService({ key: relay?.key as number, state: true });
    expect(await bSeesOn).toMatchObject({ key: relay?.key, state: true });

    // A later subscriber starts from the state the first client set.
    const aInitial = message<{ key: number; state: boolean }>(a, 'SwitchStateResponse', (m) => m.key === relay?.key);
    a.subscribeStatesService();
    expect((await aInitial).state).toBe(true);

    const dimmed = message<{ state: boolean; brightness: number }>(b, 'LightStateResponse', (m) => m.state);
    a.lightCommandService({ key: led?.key as number, state: true, brightness: 0.25 });
    expect(await dimmed).toMatchObject({ state: true, brightness: 0.25, colorMode: 3 });
    await a.pingService();

    // DisconnectRequest gets a DisconnectResponse, then the node closes the connection.
    const closed = next(a, 'disconnected');
    await a.disconnectService();
    await closed;
  });

  it('answers DeviceInfo before login, and drops a client with the wrong API password', async () => {
    const { host, port } = await node({ auth: { enabled: true, password: 'hunter2' } });
    const good = await authorized(connection({ host, port, password: 'hunter2' }));
    expect(await good.deviceInfoService()).toMatchObject({ usesPassword: true });

    const bad = connection({ host, port, password: 'guess' });
    const error = next(bad, 'error');
    const gone = next(bad, 'disconnected');
    bad.connect();
    expect(((await error)[0] as Error).message).toBe('Invalid password');
    await gone;
    expect(bad.authorized).toBe(false);
  });
});

describe(`@2colors/esphome-native-api ${CLIENT_VERSION} against an encrypted (Noise) node`, () => {
  const key = labEncryptionKey('Air Quality');

  it('completes the Noise handshake with the node key and runs the whole API encrypted', async () => {
    const { host, port } = await node({ encryption: 'noise' }, 'Air Quality');
    const c = await authorized(connection({ host, port, encryptionKey: key }));
    expect(await c.deviceInfoService()).toMatchObject({ name: 'air-quality', apiEncryptionSupported: true });
    const relay = (await c.listEntitiesService()).find((e) => e.component === 'Switch')?.entity;
    const on = message<{ key: number; state: boolean }>(c, 'SwitchStateResponse', (m) => m.state);
    c.subscribeStatesService();
    c.switchCommandService({ key: relay?.key as number, state: true });
    expect(await on).toMatchObject({ key: relay?.key, state: true });
    // A node answers a client's GetTimeRequest with an empty GetTimeResponse (api_connection.h get_time).
    expect(await c.getTimeService()).toMatchObject({ epochSeconds: 0 });
  });

  it('an ESPHome 2025 node (API 1.12) authenticates on Hello: the client sends no ConnectRequest', async () => {
    const scenarioKey = 'px7mJ3p1FJ4i8kG0vJw7n3b3C6mZ3sJ4c3q1f2l9x0E=';
    const { host, port } = await node({ encryption: 'noise', encryptionKey: scenarioKey, firmware: '2025.5.0' });
    const c = await authorized(connection({ host, port, encryptionKey: scenarioKey }));
    expect(await c.listEntitiesService()).toHaveLength(7);
  });

  it('a wrong key fails the handshake with "Handshake MAC failure", as a real node rejects it', async () => {
    const { host, port } = await node({ encryption: 'noise' }, 'Air Quality');
    const wrong = connection({ host, port, encryptionKey: Buffer.alloc(32, 1).toString('base64') });
    const error = next(wrong, 'error');
    wrong.connect();
    expect(((await error)[0] as Error).message).toBe('Handshake failure: Handshake MAC failure');
    expect(wrong.authorized).toBe(false);
  });

  it('a plaintext client learns the node wants encryption; a Noise client learns a node is plaintext', async () => {
    const encrypted = await node({ encryption: 'noise' }, 'Air Quality');
    const plain = connection(encrypted);
    const refused = next(plain, 'error');
    plain.connect();
    expect(((await refused)[0] as Error).message).toBe('Bad format: Encryption expected');

    const plaintext = await node({});
    const noisy = connection({ ...plaintext, encryptionKey: key });
    const wrongTransport = next(noisy, 'error');
    noisy.connect();
    expect(((await wrongTransport)[0] as Error).message).toBe('Bad format. Expected 1 at the begin');
  });
});

interface EntityObject extends EventEmitter {
  type: string;
  name: string;
  config: Record<string, unknown> & { key: number };
  state: Record<string, unknown> | undefined;
  setState(state: boolean): void;
}

async function until(condition: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

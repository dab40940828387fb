/**
 * Issue 12, HA export: the bridge publishes MQTT discovery to a real Mosquitto, and an independent mqtt client checks
 * what HA would read: configs against the field names of HA's MQTT update, binary_sensor, sensor and button
 * platforms, retained state, the birth republish, the last will, removal, refused and allowed installs, and a broker
 * that goes away and comes back empty.
 */
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BridgeSnapshot, HomeAssistantBridge } from '../../src/app/home-assistant/bridge.ts';
import type { DiscoveryDevice } from '../../src/app/home-assistant/discovery-payloads.ts';
import { HaMqttLink } from '../../src/sources/home-assistant/mqtt-link.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { type Mosquitto, startMosquitto } from '../support/mosquitto.ts';

/** Keys HA's MQTT platforms accept (home-assistant.io/integrations/<platform>.mqtt), the ones this bridge may use. */
const COMMON = ['name', 'unique_id', 'availability_topic', 'device', 'icon', 'json_attributes_topic'];
const PLATFORM_KEYS: Record<string, { allowed: string[]; required: string[] }> = {
  update: {
    allowed: [...COMMON, 'device_class', 'state_topic', 'command_topic', 'payload_install'],
    required: ['state_topic'],
  },
  binary_sensor: {
    allowed: [...COMMON, 'device_class', 'state_topic', 'payload_on', 'payload_off'],
    required: ['state_topic'],
  },
  sensor: {
    allowed: [...COMMON, 'state_topic', 'unit_of_measurement', 'state_class', 'device_class'],
    required: ['state_topic'],
  },
  button: { allowed: [...COMMON, 'command_topic', 'payload_press'], required: ['command_topic'] },
};
const DEVICE_KEYS = [
  'identifiers',
  'connections',
  'name',
  'manufacturer',
  'model',
  'sw_version',
  'suggested_area',
  'via_device',
];
const UPDATE_STATE_KEYS = [
  'installed_version',
  'latest_version',
  'title',
  'release_summary',
  'release_url',
  'in_progress',
  'update_percentage',
];

let broker: Mosquitto;
let bridge: HomeAssistantBridge;
let link: HaMqttLink;
const installs: string[] = [];
const notifications: Array<{ title: string; message: string }> = [];

const firmware = (installed: string, latest: string) => ({
  installed_version: installed,
  latest_version: latest,
  title: 'Shelly SHSW-1 firmware',
  release_summary: 'Installs through iotwarden.',
  release_url: null,
  in_progress: false,
  update_percentage: null,
});
const device = (id: string, name: string, mac: string, extra: Partial<DiscoveryDevice> = {}): DiscoveryDevice => ({
  deviceId: id,
  name,
  mac,
  vendor: 'Shelly',
  model: 'SHSW-1',
  area: 'Garage',
  score: 72,
  scanned: true,
  problems: [],
  firmware: firmware('1.11.0', '1.14.0'),
  ...extra,
});
let snapshot: BridgeSnapshot;

beforeAll(async () => {
  broker = await startMosquitto();
  snapshot = {
    devices: [
      device('dev_gate0001', 'driveway-gate', 'AA:BB:CC:00:00:01', {
        problems: [{ checkId: 'auth.no-login', severity: 'high', title: 'No login' }],
      }),
      device('dev_held0002', 'tv-plug', 'AA:BB:CC:00:00:02', { area: 'Living room' }),
      device('dev_phone003', 'phone.lan', 'AA:BB:CC:00:00:03', {
        scanned: false,
        firmware: undefined,
        vendor: undefined,
      }),
    ],
    hub: {
      homeScore: 61,
      findings: { critical: 0, high: 1, medium: 2, low: 0, info: 3 },
      decisionsNeeded: 1,
      version: '0.1.0',
    },
  };
  bridge = new HomeAssistantBridge(
    { prefix: 'homeassistant', nodeId: 'iotwarden' },
    {
      snapshot: async () => structuredClone(snapshot),
      guard: async (id) =>
        id === 'dev_held0002'
          ? { allowed: false, reason: 'tv-plug is held until 2027-01-31: breaks Home Assistant' }
          : { allowed: true, reason: 'in policy' },
      install: async (id) => {
        installs.push(id);
        const target = snapshot.devices.find((d) => d.deviceId === id);
        if (target?.firmware) target.firmware.installed_version = target.firmware.latest_version;
        return { ok: true, reason: 'installed and healthy' };
      },
      scan: async () => undefined,
      notify: async (title, message) => void notifications.push({ title, message }),
      log: silentLogger,
    },
  );
  await bridge.start(async (subscriptions, handlers) => {
    link = await HaMqttLink.open(
      {
        url: broker.url,
        clientId: 'iotwarden-test',
        availabilityTopic: 'iotwarden/status',
        subscriptions,
        reconnectPeriodMs: 200,
      },
      handlers,
    );
    return link;
  });
}, 30_000);

afterAll(async () => {
  await bridge?.stop();
  await broker?.stop();
});

/** A fresh subscriber's view: every retained message (what HA sees when it starts). */
async function retained(): Promise<Map<string, string>> {
  const client = await connectAsync(broker.url, { clientId: `checker-${Math.random()}` });
  const seen = new Map<string, string>();
  client.on('message', (topic, payload, packet) => {
    if (packet.retain) seen.set(topic, payload.toString());
  });
  await client.subscribeAsync('#');
  await new Promise((r) => setTimeout(r, 300));
  await client.endAsync();
  return seen;
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const configs = (all: Map<string, string>) =>
  [...all].filter(([topic, payload]) => topic.endsWith('/config') && payload !== '');

describe('MQTT discovery to a real Mosquitto', () => {
  it('publishes a valid, retained config for every device and the hub, linked by MAC and via the hub', async () => {
    const all = await until(retained, (m) => configs(m).length >= 16);
    const found = configs(all);
    // 3 devices × (problem + score) + 2 update entities + hub (home score, 5 severities, decisions, scan button).
    expect(found).toHaveLength(3 * 2 + 2 + 8);
    for (const [topic, payload] of found) {
      const component = topic.split('/')[1]!;
      const spec = PLATFORM_KEYS[component];
      expect(spec, topic).toBeDefined();
      const config = JSON.parse(payload) as Record<string, unknown>;
      for (const key of Object.keys(config)) expect(spec!.allowed, `${topic}: ${key}`).toContain(key);
      for (const key of spec!.required) expect(config[key], `${topic}: ${key}`).toBeTypeOf('string');
      for (const key of Object.keys(config.device as object)) expect(DEVICE_KEYS).toContain(key);
      expect(config.availability_topic).toBe('iotwarden/status');
    }
    const update = JSON.parse(all.get('homeassistant/update/iotwarden/dev_gate0001_firmware/config')!);
    expect(update).toMatchObject({
      device_class: 'firmware',
      command_topic: 'iotwarden/device/dev_gate0001/firmware/install',
      payload_install: 'install',
      device: { connections: [['mac', 'aa:bb:cc:00:00:01']], via_device: 'iotwarden_hub', suggested_area: 'Garage' },
    });
    const state = JSON.parse(all.get(update.state_topic)!);
    expect(Object.keys(state).sort()).toEqual([...UPDATE_STATE_KEYS].sort());
    const problem = JSON.parse(all.get('homeassistant/binary_sensor/iotwarden/dev_gate0001_problem/config')!);
    expect(problem.device_class).toBe('problem');
    expect(all.get(problem.state_topic)).toBe('ON');
    expect(JSON.parse(all.get(problem.json_attributes_topic)!).findings[0].checkId).toBe('auth.no-login');
    // Not scanned yet: no firmware entity, and the score is unknown rather than 100.
    expect(all.has('homeassistant/update/iotwarden/dev_phone003_firmware/config')).toBe(false);
    expect(all.get('iotwarden/device/dev_phone003/score')).toBe('None');
    expect(all.get('iotwarden/hub/home_score')).toBe('61');
    expect(all.get('iotwarden/hub/decisions_needed')).toBe('1');
    expect(JSON.parse(all.get('homeassistant/button/iotwarden/hub_scan/config')!).command_topic).toBe(
      'iotwarden/hub/scan',
    );
    expect(all.get('iotwarden/status')).toBe('online');
  });

  it("republishes every config when HA's birth message arrives", async () => {
    const watcher = await connectAsync(broker.url, { clientId: 'watcher-birth' });
    const live: string[] = [];
    watcher.on('message', (topic, _payload, packet) => {
      if (!packet.retain && topic.endsWith('/config')) live.push(topic);
    });
    await watcher.subscribeAsync('homeassistant/+/iotwarden/+/config');
    await watcher.publishAsync('homeassistant/status', 'online');
    await until(
      async () => live.length,
      (n) => n >= 16,
    );
    await watcher.endAsync();
    expect(new Set(live).size).toBe(16);
  });

  it('refuses an install from HA on a held device, with the reason in release_summary and a notification', async () => {
    const client = await connectAsync(broker.url, { clientId: 'ha-held' });
    await client.publishAsync('iotwarden/device/dev_held0002/firmware/install', 'install');
    await client.endAsync();
    const all = await until(retained, (m) => /Refused/.test(m.get('iotwarden/device/dev_held0002/firmware') ?? ''));
    const state = JSON.parse(all.get('iotwarden/device/dev_held0002/firmware')!);
    expect(state.release_summary).toBe('Refused by iotwarden: tv-plug is held until 2027-01-31: breaks Home Assistant');
    expect(state.installed_version).toBe('1.11.0');
    expect(installs).not.toContain('dev_held0002');
    expect(notifications[0]?.message).toContain('held until 2027-01-31');
  });

  it('installs on an allowed device, reporting in_progress, then the new installed version', async () => {
    const client: MqttClient = await connectAsync(broker.url, { clientId: 'ha-install' });
    const progress: boolean[] = [];
    client.on('message', (_topic, payload) => progress.push(JSON.parse(payload.toString()).in_progress));
    await client.subscribeAsync('iotwarden/device/dev_gate0001/firmware');
    await client.publishAsync('iotwarden/device/dev_gate0001/firmware/install', 'install');
    await until(
      async () => progress,
      (p) => p.includes(true) && p.at(-1) === false,
    );
    await client.endAsync();
    expect(installs).toEqual(['dev_gate0001']);
    const state = JSON.parse((await retained()).get('iotwarden/device/dev_gate0001/firmware')!);
    expect(state).toMatchObject({ installed_version: '1.14.0', in_progress: false });
  });

  it('goes offline through the last will when the connection drops, and comes back online', async () => {
    const watcher = await connectAsync(broker.url, { clientId: 'watcher-will' });
    const states: string[] = [];
    watcher.on('message', (_t, payload) => states.push(payload.toString()));
    await watcher.subscribeAsync('iotwarden/status');
    link.abort();
    await until(
      async () => states,
      (s) => s.includes('offline') && s.at(-1) === 'online',
    );
    await watcher.endAsync();
    expect(states).toContain('offline');
    expect(states.at(-1)).toBe('online');
  });

  it('removes the configs of a device that left the inventory with empty retained payloads', async () => {
    snapshot.devices = snapshot.devices.filter((d) => d.deviceId !== 'dev_phone003');
    await bridge.refresh();
    const all = await retained();
    expect([...all.keys()].filter((t) => t.includes('dev_phone003') && t.endsWith('/config'))).toEqual([]);
    expect(configs(all)).toHaveLength(2 * 2 + 2 + 8);
  });

  it('republishes everything to a broker that dropped the connection and came back empty, without duplicates', async () => {
    await broker.restart();
    const all = await until(retained, (m) => configs(m).length >= 14, 10_000);
    const found = configs(all);
    expect(found).toHaveLength(14);
    const ids = found.map(([, payload]) => JSON.parse(payload).unique_id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.get('iotwarden/status')).toBe('online');
  });
});

/**
 * Issue 12, done when "HA sees every device": a scanned lab, a real Mosquitto and the bridge as `serve` and
 * `ha publish` start it. An independent mqtt client (playing Home Assistant) sees a discovery config for every
 * inventory device and the hub, installs on an allowed Shelly (updated through `firmware apply`'s guardrails and
 * health check), and is refused on the TP-Link plug whose update breaks how it is used.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HomeAssistantBridge } from '../../src/app/home-assistant/bridge.ts';
import { startHomeAssistantBridge } from '../../src/app/home-assistant/start-bridge.ts';
import { scanAndAudit } from '../../src/app/scan/scan-and-audit.ts';
import { configSchema } from '../../src/config/config-schema.ts';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { livePortResolver } from '../../src/net/port-overrides.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { systemClock } from '../../src/util/clock.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { testNetwork } from '../support/addresses.ts';
import { type Mosquitto, startMosquitto } from '../support/mosquitto.ts';

const prefix = testNetwork().replace(/\.0\/24$/, '');
const runtime = mkdtempSync(join(tmpdir(), 'iotwarden-ha-e2e-'));
const db = join(runtime, 'inventory.db');
const PASSWORD = 'ha-e2e-password';
const OLD = '20221027-091427/v1.12.1-ga9117d3';
const NEW = '20230913-112003/v1.14.0-gcb84623';
let lab: RunningLab;
let broker: Mosquitto;
let store: Store;
let bridge: HomeAssistantBridge | undefined;
const abort = new AbortController();

beforeAll(async () => {
  process.env.IOTWARDEN_RUNTIME_DIR = runtime;
  const scenario = buildScenario(
    {
      name: 'ha-e2e',
      network: `${prefix}.0/24`,
      devices: [
        {
          name: 'kitchen-island',
          kind: 'shelly-gen1',
          address: `${prefix}.13`,
          model: 'SHSW-25',
          firmware: OLD,
          auth: { enabled: true, username: 'admin', password: PASSWORD },
          update: { version: NEW, durationMs: 300 },
        },
        {
          name: 'tv-plug',
          kind: 'kasa-legacy',
          address: `${prefix}.33`,
          model: 'HS100(UK)',
          hwVersion: '4.1',
          firmware: '1.0.12 Build 190528 Rel.154535',
          update: { version: '1.1.0 Build 201016 Rel.175121', durationMs: 300, outcome: 'switch-to-klap' },
        },
      ],
    },
    { file: '<ha e2e test>', baseDir: process.cwd() },
  );
  lab = await startLab(scenario, { writePortMap: true });
  broker = await startMosquitto();
  const credentials = [{ family: 'shelly' as const, username: 'admin', password: PASSWORD, trustOnFirstUse: true }];
  await scanAndAudit({
    targets: [`${prefix}.0/24`],
    ports: '80,443,9999',
    allowLarge: false,
    credentialEntries: credentials,
    credentialChecks: true,
    leaseFiles: [],
    connectTimeoutMs: undefined,
    requestTimeoutMs: undefined,
    connectConcurrency: undefined,
    db,
    progress: undefined,
    log: silentLogger,
  });
  store = await openStore(db);
  const config = configSchema.parse({
    networks: [`${prefix}.0/24`],
    scan: { ports: '80,443,9999' },
    credentials,
    homeAssistant: { mqtt: { url: broker.url } },
  });
  bridge = await startHomeAssistantBridge({
    store,
    config: { config, file: undefined },
    env: {},
    clock: systemClock,
    connectPort: livePortResolver,
    log: silentLogger,
    signal: abort.signal,
    version: '0.1.0',
    timing: { pollIntervalMs: 200, requestTimeoutMs: 2000 },
  });
}, 60_000);

afterAll(async () => {
  abort.abort();
  await bridge?.stop();
  await store?.close();
  await broker?.stop();
  await lab?.stop();
  rmSync(runtime, { recursive: true, force: true });
});

async function retained(): Promise<Map<string, string>> {
  const client = await connectAsync(broker.url, { clientId: `ha-${Math.random()}` });
  const seen = new Map<string, string>();
  client.on('message', (topic, payload, packet) => {
    if (packet.retain) seen.set(topic, payload.toString());
  });
  await client.subscribeAsync('#');
  await new Promise((r) => setTimeout(r, 300));
  await client.endAsync();
  return seen;
}

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const idOf = async (name: string) => (await store.devices()).find((d) => d.name === name)!.deviceId;
const firmwareOf = async (id: string) => JSON.parse((await retained()).get(`iotwarden/device/${id}/firmware`) ?? '{}');

describe('Home Assistant sees every device', () => {
  it('has a discovery config for every inventory device and the hub', async () => {
    const devices = await store.devices();
    expect(devices).toHaveLength(2);
    const all = await until(retained, (m) => [...m.keys()].filter((t) => t.endsWith('/config')).length >= 14, 5_000);
    for (const device of devices) {
      for (const component of ['update', 'binary_sensor', 'sensor']) {
        const suffix = { update: 'firmware', binary_sensor: 'problem', sensor: 'score' }[component];
        const config = JSON.parse(all.get(`homeassistant/${component}/iotwarden/${device.deviceId}_${suffix}/config`)!);
        expect(config.device.connections).toEqual([['mac', device.mac?.toLowerCase()]]);
      }
    }
    expect(all.has('homeassistant/button/iotwarden/hub_scan/config')).toBe(true);
  });

  it('refuses an install on the TP-Link plug whose update breaks how it is used', async () => {
    const id = await idOf('tv-plug');
    const ha = await connectAsync(broker.url, { clientId: 'ha-refused' });
    await ha.publishAsync(`iotwarden/device/${id}/firmware/install`, 'install');
    await ha.endAsync();
    const state = await until(
      () => firmwareOf(id),
      (s) => /Refused/.test(s.release_summary ?? ''),
      10_000,
    );
    expect(state.release_summary).toMatch(/^Refused by iotwarden: This update would break how tv-plug is used here/);
    expect(state.release_summary.length).toBeLessThanOrEqual(255);
  });

  it('installs on the allowed Shelly from HA through firmware apply, and reports the new version', async () => {
    const id = await idOf('kitchen-island');
    expect((await firmwareOf(id)).installed_version).toBe(OLD);
    const ha = await connectAsync(broker.url, { clientId: 'ha-install' });
    await ha.publishAsync(`iotwarden/device/${id}/firmware/install`, 'install');
    await ha.endAsync();
    const state = await until(
      () => firmwareOf(id),
      (s) => s.installed_version === NEW,
      45_000,
    );
    expect(state).toMatchObject({ installed_version: NEW, in_progress: false });
  }, 60_000);
});

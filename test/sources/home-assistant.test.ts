/**
 * Issue 12: Home Assistant import against the lab's HA simulator, on the scanned seed home. The simulator is also
 * driven by home-assistant-js-websocket as an independent client (its own commands, not iotwarden's import code).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  callService,
  createConnection,
  createLongLivedTokenAuth,
  ERR_INVALID_AUTH,
  getStates,
  type HaWebSocket,
} from 'home-assistant-js-websocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { testDeviceSources } from '../../src/app/sources/device-sources.ts';
import { configSchema } from '../../src/config/config-schema.ts';
import { SEED_HA_TOKEN, seedHomeHaRegistry } from '../../src/lab/home-assistant/seed-ha-registry.ts';
import { SimulatedHomeAssistant } from '../../src/sources/home-assistant/simulator/ha-server.ts';
import { runIotwarden } from '../support/cli.ts';
import { type SeedHome, startSeedHome } from '../support/seed-home.ts';

const TOKEN_ENV = 'IOTW_TEST_HA_TOKEN';
let home: SeedHome;
let ha: SimulatedHomeAssistant;
let dir: string;

const configFile = (url: string) => {
  const file = join(dir, `iotwarden-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `homeAssistant:\n  url: ${url}\n  tokenEnv: ${TOKEN_ENV}\n`);
  return file;
};
const cli = (args: string[], token = SEED_HA_TOKEN) =>
  runIotwarden([...args, ...(args[1] === 'test' ? [] : ['--db', home.db])], {
    env: { ...process.env, [TOKEN_ENV]: token },
  });

beforeAll(async () => {
  home = await startSeedHome();
  dir = mkdtempSync(join(tmpdir(), 'iotwarden-ha-'));
  ha = new SimulatedHomeAssistant({
    registry: seedHomeHaRegistry(home.lab.devices),
    token: SEED_HA_TOKEN,
    host: `${home.prefix}.200`,
  });
  await ha.start();
}, 120_000);

afterAll(async () => {
  await ha?.stop();
  await home?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A plain `ws` socket doing HA's auth phase, so the official client runs on Node 20 (no global WebSocket). */
function testSocket(url: string, token: string): Promise<HaWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/websocket`);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; ha_version?: string };
      if (message.type === 'auth_required') socket.send(JSON.stringify({ type: 'auth', access_token: token }));
      else if (message.type === 'auth_invalid') reject(ERR_INVALID_AUTH);
      else if (message.type === 'auth_ok') {
        socket.removeAllListeners('message');
        Object.assign(socket, { haVersion: message.ha_version });
        resolve(socket as unknown as HaWebSocket);
      }
    });
    socket.on('error', reject);
  });
}

describe('the HA simulator, driven by home-assistant-js-websocket', () => {
  it('answers registries, states and a persistent notification as HA does', async () => {
    const connection = await createConnection({
      auth: createLongLivedTokenAuth(ha.url, SEED_HA_TOKEN),
      createSocket: () => testSocket(ha.url, SEED_HA_TOKEN),
    });
    try {
      expect(connection.haVersion).toBe('2025.1.4');
      const areas = await connection.sendMessagePromise<Array<{ area_id: string; floor_id: string | null }>>({
        type: 'config/area_registry/list',
      });
      expect(areas.find((a) => a.area_id === 'nursery')?.floor_id).toBe('first_floor');
      const devices = await connection.sendMessagePromise<Array<{ name: string; connections: string[][] }>>({
        type: 'config/device_registry/list',
      });
      const tvPlug = devices.find((d) => d.name === 'tv-plug');
      expect(tvPlug?.connections).toEqual([['mac', home.lab.device('tv-plug').mac.toLowerCase()]]);
      const states = await getStates(connection);
      expect(states.some((s) => s.entity_id === 'switch.tv_plug')).toBe(true);
      await callService(connection, 'persistent_notification', 'create', {
        title: 'iotwarden',
        message: 'hello',
        notification_id: 'iotwarden_test',
      });
      expect(ha.notifications.get('iotwarden_test')?.message).toBe('hello');
      await expect(connection.sendMessagePromise({ type: 'no/such/command' })).rejects.toMatchObject({
        code: 'unknown_command',
      });
    } finally {
      connection.close();
    }
  });

  it('refuses a wrong token with auth_invalid', async () => {
    await expect(testSocket(ha.url, 'wrong')).rejects.toBe(ERR_INVALID_AUTH);
  });
});

describe('iotwarden sources, with Home Assistant', () => {
  it('test names the source and what failed: a wrong token, a closed port, a slow HA; never the token', async () => {
    const wrong = await cli(['sources', 'test', '--config', configFile(ha.url)], 'not-the-token-s3cret');
    expect(wrong.status).toBe(1);
    expect(wrong.stdout).toContain(`✗ home-assistant ${ha.url}: ERR_SOURCE_AUTH: Home Assistant`);
    expect(wrong.stdout + wrong.stderr).not.toContain('not-the-token-s3cret');
    const closed = await cli(['sources', 'test', '--config', configFile(`http://${home.prefix}.201:8123`)]);
    expect(closed.stdout).toContain('ERR_SOURCE_UNREACHABLE');
    ha.delayMs = 1_500;
    try {
      const config = configSchema.parse({ homeAssistant: { url: ha.url, tokenEnv: TOKEN_ENV } });
      const slow = await testDeviceSources(config, { env: { [TOKEN_ENV]: SEED_HA_TOKEN }, timeoutMs: 300 });
      expect(slow[0]).toMatchObject({ ok: false, code: 'ERR_SOURCE_TIMEOUT' });
    } finally {
      ha.delayMs = 0;
    }
    const good = await cli(['sources', 'test', '--config', configFile(ha.url)]);
    expect(good.stdout).toMatch(/✓ home-assistant .*: Home Assistant 2025\.1\.4, token accepted, \d+ devices readable/);
  });

  it('a failed import changes nothing; a good one puts rooms, owner names and integrations in the inventory', async () => {
    const before = await cli(['devices', '--json']);
    const failed = await cli(['sources', 'import', '--config', configFile(ha.url)], 'wrong-token');
    expect(failed.status).toBe(1);
    expect((await cli(['devices', '--json'])).stdout).toBe(before.stdout);

    const imported = await cli(['sources', 'import', '--config', configFile(ha.url)]);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toMatch(/✓ home-assistant .*: Home Assistant 2025\.1\.4: \d+ devices, 9 areas, 2 floors/);
    const devices = JSON.parse((await cli(['devices', '--json'])).stdout).devices as Array<Record<string, unknown>>;
    const tvPlug = devices.find((d) => d.name === 'tv-plug');
    expect(tvPlug).toMatchObject({
      area: 'Living room',
      floor: 'Ground floor',
      homeAssistant: { integration: 'tplink', title: 'tv-plug' },
      scanned: true,
    });
    expect(tvPlug?.sources).toContain('home-assistant');
    // The owner's name in HA becomes the display name; the room is the physical context (a camera in a nursery).
    expect(devices.find((d) => d.name === 'Baby monitor')).toMatchObject({ area: 'Nursery', floor: 'First floor' });
    const table = (await cli(['devices'])).stdout;
    expect(table).toContain('AREA');
    expect(table).toMatch(/Baby monitor .*Nursery/);
    const one = JSON.parse((await cli(['device', 'tv-plug', '--json'])).stdout);
    expect(one.device).toMatchObject({ area: 'Living room', homeAssistant: { integration: 'tplink' } });
    const report = JSON.parse((await cli(['report', '--format', 'json'])).stdout);
    expect(report.devices.find((d: { name: string }) => d.name === 'tv-plug').area).toBe('Living room');
    const markdown = (await cli(['report', '--format', 'md'])).stdout;
    expect(markdown).toContain('| Room | Living room · Ground floor |');
    expect(markdown).toContain('| Also known to | home-assistant |');
  });

  it("the TP-Link breakage names Home Assistant's integration as what breaks, as a fact", async () => {
    const status = await cli(['firmware', 'status']);
    expect(status.stdout).toContain(
      "Home Assistant's TP-Link integration controls tv-plug over kasa-xor, and this update removes that: Home Assistant's own registry says so",
    );
  });
});

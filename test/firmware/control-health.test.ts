import type { EventEmitter } from 'node:events';
import { Connection as EsphomeConnection } from '@2colors/esphome-native-api';
import { afterEach, describe, expect, it } from 'vitest';
import { applyToDevice } from '../../src/app/firmware/apply-device.ts';
import { checkHealth, healthPorts, readControlState } from '../../src/app/firmware/health-check.ts';
import type { ControlState } from '../../src/families/descriptor.ts';
import type { Credential } from '../../src/families/device-adapter.ts';
import { esphomeKind } from '../../src/families/esphome/simulator/kind.ts';
import { labEncryptionKey } from '../../src/families/esphome/simulator/settings.ts';
import { hueKind } from '../../src/families/hue/simulator/kind.ts';
import type { InstallContext, InstallDevice } from '../../src/families/installer.ts';
import { kasaLegacyKind } from '../../src/families/kasa-legacy/simulator/kind.ts';
import { KlapClient } from '../../src/families/kasa-smart/klap-client.ts';
import { kasaSmartKind } from '../../src/families/kasa-smart/simulator/kind.ts';
import { shellyGen1Kind } from '../../src/families/shelly-gen1/simulator/kind.ts';
import { shellyGen2Kind } from '../../src/families/shelly-gen2/simulator/kind.ts';
import { requestHttp } from '../../src/net/http-client.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { drive, FirmwareLab, HUE_KEY, type LabDevice, SHELLY_PASSWORD, TAPO_ACCOUNT } from '../support/firmware-lab.ts';
import { basicAuth, httpGet } from '../support/shelly-simulator.ts';

/**
 * Health checks read control state (issue 10): the relay, cover and light channels read before an update must still
 * be readable after it, through the family's read-only control capability; a firmware that boots and identifies
 * but lost its channels (update outcome `control-lost`) fails the health check with a plain reason.
 */
let lab: FirmwareLab;
afterEach(async () => {
  await lab?.stop();
});

const OLD_GEN1 = '20221027-091427/v1.12.1-ga9117d3';
const NEW_GEN1 = '20230913-112003/v1.14.0-gcb84623';
const gen1Auth = { enabled: true, username: 'admin', password: SHELLY_PASSWORD };

async function apply(device: LabDevice, targetVersion?: string) {
  const before = await lab.scan(device);
  return drive(
    lab.clock,
    applyToDevice({ deviceId: `dev_${device.name}`, name: device.name, before, targetVersion }, lab.environment()),
  );
}

describe('firmware health checks read control state', () => {
  it('passes a Gen1 relay that still reports its state, and keeps both readings', async () => {
    lab = new FirmwareLab(new FakeClock());
    const device = await lab.add(shellyGen1Kind, 'porch', {
      model: 'SHSW-1',
      firmware: OLD_GEN1,
      auth: gen1Auth,
      update: { version: NEW_GEN1, durationMs: 2000 },
    });
    const on = await httpGet(device.started, '/relay/0?turn=on', basicAuth('admin', SHELLY_PASSWORD));
    expect(on.status).toBe(200);
    const result = await apply(device, NEW_GEN1);
    expect(result.outcome).toBe('updated');
    expect(result.health?.control).toMatchObject({
      before: { channels: [{ id: 'relay:0', kind: 'relay', on: true }] },
      after: { channels: [{ id: 'relay:0', kind: 'relay', on: true }] },
      lost: [],
      changed: [],
    });
    expect(result.evidence.some((e) => e.sent.endsWith(':80/status') && e.received.includes('relay:0'))).toBe(true);
  });

  it('fails a Gen1 update whose new firmware no longer reports its relays', async () => {
    lab = new FirmwareLab(new FakeClock());
    const device = await lab.add(shellyGen1Kind, 'garage-door', {
      model: 'SHSW-25',
      firmware: OLD_GEN1,
      auth: gen1Auth,
      update: { version: NEW_GEN1, durationMs: 2000, outcome: 'control-lost' },
    });
    const result = await apply(device, NEW_GEN1);
    expect(result.outcome).toBe('unhealthy');
    expect(result.versionAfter).toBe(NEW_GEN1);
    expect(result.health).toMatchObject({ healthy: false, reachable: true, closedPorts: [], lostProtocols: [] });
    expect(result.health?.control?.lost).toEqual(['relay:0', 'relay:1']);
    expect(result.health?.problems).toEqual([
      'it no longer reports the state of its relay 0 and relay 1 over its local API (it did before the update)',
    ]);
    expect(result.summary).toContain('no longer works the way this home uses it');
    expect(result.summary).toContain('can no longer see or switch what it controls');
  });

  it('fails a Gen2 update that lost its switch, and passes a Gen2 cover that kept its position', async () => {
    lab = new FirmwareLab(new FakeClock());
    const broken = await lab.add(shellyGen2Kind, 'kitchen', {
      model: 'SNSW-001P16EU',
      firmware: '1.0.8-g8c7bb8d',
      auth: { enabled: true, password: SHELLY_PASSWORD },
      update: { version: '1.4.4-g6d2a586', durationMs: 2000, outcome: 'control-lost' },
    });
    const failed = await apply(broken, '1.4.4');
    expect(failed.outcome).toBe('unhealthy');
    expect(failed.health?.control?.lost).toEqual(['switch:0']);
    expect(failed.health?.problems[0]).toContain('relay 0');

    const cover = await lab.add(shellyGen2Kind, 'blinds', {
      model: 'SNSW-102P16EU',
      profile: 'cover',
      firmware: '1.0.8-g8c7bb8d',
      auth: { enabled: true, password: SHELLY_PASSWORD },
      update: { version: '1.4.4-g6d2a586', durationMs: 2000 },
    });
    const passed = await apply(cover, '1.4.4');
    expect(passed.outcome).toBe('updated');
    expect(passed.health?.control?.before.channels).toEqual([
      { id: 'cover:0', kind: 'cover', state: 'closed', position: 0 },
    ]);
  });

  it('reads a legacy Kasa plug before and after its update', async () => {
    lab = new FirmwareLab(new FakeClock());
    const plug = await lab.add(kasaLegacyKind, 'tv-plug', {
      model: 'HS100(UK)',
      hwVersion: '4.1',
      firmware: '1.0.12 Build 190528 Rel.154535',
      update: { version: '1.1.0 Build 201016 Rel.175121', durationMs: 2000 },
    });
    const result = await apply(plug, '1.1.0 Build 201016 Rel.175121');
    expect(result.health?.healthy).toBe(true);
    expect(result.health?.control?.before.channels).toEqual([{ id: 'relay:0', kind: 'relay', on: false }]);
    expect(result.health?.control?.after?.channels).toEqual([{ id: 'relay:0', kind: 'relay', on: false }]);
    expect(result.health?.control?.lost).toEqual([]);
  });

  it("reads a Hue bridge's lights before and after its update, over CLIP v2 with the owner key", async () => {
    lab = new FirmwareLab(new FakeClock());
    const bridge = await lab.add(hueKind, 'garden-bridge', {
      model: 'BSB002',
      firmware: '1935074050',
      apiKey: HUE_KEY,
      update: { version: '1967054020', durationMs: 3000 },
    });
    const result = await apply(bridge, '1967054020');
    expect(result.outcome).toBe('updated');
    const control = result.health?.control;
    expect(control?.before.channels.length).toBeGreaterThan(0);
    expect(control?.before.channels.every((c) => c.kind === 'light' && typeof c.on === 'boolean')).toBe(true);
    expect(control?.after?.channels).toEqual(control?.before.channels);
    expect(control).toMatchObject({ lost: [], changed: [] });
    expect(result.health?.controlSkipped).toBeUndefined();
    expect(result.evidence.some((e) => e.sent.includes('/clip/v2/resource/light'))).toBe(true);
    expect(JSON.stringify(result)).not.toContain(HUE_KEY);
  });

  it('notices a Hue light switched while the bridge updated, and reports it without failing the update', async () => {
    lab = new FirmwareLab(new FakeClock());
    const bridge = await lab.add(hueKind, 'hall-bridge', {
      model: 'BSB002',
      firmware: '1935074050',
      apiKey: HUE_KEY,
      update: { version: '1967054020', durationMs: 3000 },
    });
    const before = await lab.scan(bridge);
    const switched = switchingFirst(bridge);
    const rescan = lab.rescanner();
    const environment = lab.environment({
      // Someone switches light 1 in the Hue app after the reboot, right before the health check looks again.
      rescan: async (...args) => {
        await switched.now();
        return rescan(...args);
      },
    });
    const result = await drive(
      lab.clock,
      applyToDevice({ deviceId: 'dev_hall', name: 'hall-bridge', before, targetVersion: '1967054020' }, environment),
    );
    expect(result.outcome).toBe('updated');
    expect(result.health?.control?.changed).toEqual(['light:1']);
    expect(result.health?.control?.lost).toEqual([]);
    const light = (state: ControlState | undefined) => state?.channels.find((c) => c.id === 'light:1');
    expect(light(result.health?.control?.after)?.on).toBe(!light(result.health?.control?.before)?.on);
  });
});

/** Switches light 1 of a lab bridge to the opposite of what it is, over v1 as the Hue app would. */
function switchingFirst(bridge: LabDevice) {
  const v1 = (method: string, path: string, body?: string) =>
    requestHttp({
      host: bridge.address,
      port: bridge.started.portOf(80),
      path: `/api/${HUE_KEY}${path}`,
      method,
      ...(body === undefined ? {} : { body }),
      timeoutMs: 2000,
      maxBytes: 1 << 20,
    });
  return {
    now: async () => {
      const light = (await v1('GET', '/lights/1')).json() as { state: { on: boolean } };
      const answer = await v1('PUT', '/lights/1/state', JSON.stringify({ on: !light.state.on }));
      expect(answer.text()).toContain('success');
    },
  };
}

describe("a Tapo plug's health check reads its relay over KLAP (no installer: the check apply and fix run)", () => {
  it('reads the relay before and after, and notices it switched in between', async () => {
    lab = new FirmwareLab(new FakeClock());
    const plug = await lab.add(kasaSmartKind, 'tv-plug', {
      model: 'P110(UK)',
      auth: { enabled: true, ...TAPO_ACCOUNT },
    });
    const before = await lab.scan(plug);
    expect(before.device?.family).toBe('kasa-smart');
    const device: InstallDevice = {
      address: plug.address,
      facts: before.device!,
      connectPort: (port, transport) => lab.resolver()(plug.address, port, transport),
    };
    const context: InstallContext = {
      signal: AbortSignal.timeout(10_000),
      timeoutMs: 2000,
      maxBytes: 1 << 20,
      credentials: lab.credentials(),
      clock: lab.clock,
      log: silentLogger,
    };
    const reading = await readControlState(before.device, device, context);
    expect(reading?.state?.channels).toEqual([{ id: 'relay:0', kind: 'relay', on: false }]);
    // The Tapo app switches the plug on through its own session.
    const app = await KlapClient.connect(plug.address, plug.started.portOf(80), 2, TAPO_ACCOUNT, context);
    await app.request({ method: 'set_device_info', params: { device_on: true } });
    const report = await checkHealth(before, lab.rescanner(), {
      ports: healthPorts(before, []),
      signal: context.signal,
      control: { before: reading!, read: () => readControlState(before.device, device, context) },
    });
    expect(report.healthy).toBe(true);
    expect(report.control).toMatchObject({ lost: [], changed: ['relay:0'] });
    expect(report.control?.after?.channels).toEqual([{ id: 'relay:0', kind: 'relay', on: true }]);

    // An account the plug no longer takes: the relay can no longer be read, which fails the check.
    const refused = await checkHealth(before, lab.rescanner(), {
      ports: healthPorts(before, []),
      signal: context.signal,
      control: {
        before: reading!,
        read: () =>
          readControlState(before.device, device, {
            ...context,
            credentials: () => ({ ...TAPO_ACCOUNT, password: 'old' }),
          }),
      },
    });
    expect(refused.healthy).toBe(false);
    expect(refused.control?.lost).toEqual(['relay:0']);
    expect(refused.problems[0]).toMatch(/^the state of its relay 0 can no longer be read over its local API/);
  });
});

describe("an ESPHome node's health check reads its switch over the native API (no installer: the check apply and fix run)", () => {
  /** The Home Assistant side: a real client library switches the relay and waits until the node reports it on. */
  async function switchRelayOn(host: string, port: number, encryptionKey?: string): Promise<void> {
    const c = new EsphomeConnection({
      host,
      port,
      reconnect: false,
      pingInterval: 60_000,
      ...(encryptionKey ? { encryptionKey } : {}),
    }) as unknown as NativeApiConnection;
    try {
      const authorized = new Promise((resolve) => c.once('authorized', resolve));
      c.connect();
      await authorized;
      const relay = (await c.listEntitiesService()).find((e) => e.component === 'Switch')?.entity;
      const on = new Promise<void>((resolve) => {
        c.on('message.SwitchStateResponse', (m: { key: number; state: boolean }) => {
          if (m.key === relay?.key && m.state) resolve();
        });
      });
      c.subscribeStatesService();
      c.switchCommandService({ key: relay?.key as number, state: true });
      await on;
    } finally {
      c.disconnect();
    }
  }

  async function esphomeNode(name: string, settings: Record<string, unknown>, credential?: Credential) {
    lab = new FirmwareLab(new FakeClock());
    const node = await lab.add(esphomeKind, name, settings);
    // The lab's firmware scan covers HTTP and Kasa ports; an ESPHome node answers on 6053.
    const before = await lab.rescanner()(node.address, [6053], AbortSignal.timeout(10_000));
    expect(before?.device?.family).toBe('esphome');
    const device: InstallDevice = {
      address: node.address,
      facts: before!.device!,
      connectPort: (port, transport) => lab.resolver()(node.address, port, transport),
    };
    const context: InstallContext = {
      signal: AbortSignal.timeout(10_000),
      timeoutMs: 2000,
      maxBytes: 1 << 20,
      credentials: (query) => (query.family === 'esphome' ? credential : undefined),
      clock: lab.clock,
      log: silentLogger,
    };
    return { node, before: before!, device, context };
  }

  it('reads the relay and light before and after, and notices the relay switched in between', async () => {
    const { node, before, device, context } = await esphomeNode('workshop', { firmware: '2024.6.1' });
    const reading = await readControlState(before.device, device, context);
    expect(reading?.state?.channels).toEqual([
      { id: 'light:led', kind: 'light', on: false, brightness: 100 },
      { id: 'switch:relay', kind: 'relay', on: false },
    ]);
    await switchRelayOn(node.address, node.started.portOf(6053));
    const report = await checkHealth(before, lab.rescanner(), {
      ports: healthPorts(before, []),
      signal: context.signal,
      control: { before: reading!, read: () => readControlState(before.device, device, context) },
    });
    expect(report.healthy).toBe(true);
    expect(report.control).toMatchObject({ lost: [], changed: ['switch:relay'] });
    expect(report.control?.after?.channels).toContainEqual({ id: 'switch:relay', kind: 'relay', on: true });
  });

  it('reads an encrypted node with its key; with a key it no longer takes, its channels count as lost', async () => {
    const key = labEncryptionKey('greenhouse');
    const { node, before, device, context } = await esphomeNode('greenhouse', { encryption: 'noise' }, { apiKey: key });
    expect(before.device?.protocols).toEqual(['esphome-noise']);
    const reading = await readControlState(before.device, device, context);
    expect(reading?.state?.channels.map((c) => c.id)).toEqual(['light:led', 'switch:relay']);
    await switchRelayOn(node.address, node.started.portOf(6053), key);
    const stale = { ...context, credentials: () => ({ apiKey: Buffer.alloc(32, 7).toString('base64') }) };
    const report = await checkHealth(before, lab.rescanner(), {
      ports: healthPorts(before, []),
      signal: context.signal,
      control: { before: reading!, read: () => readControlState(before.device, device, stale) },
    });
    expect(report.healthy).toBe(false);
    expect(report.control?.lost).toEqual(['light:led', 'switch:relay']);
    expect(report.problems[0]).toMatch(
      /^the state of its light "led" and relay "relay" can no longer be read over its local API .*Handshake MAC failure/,
    );
    expect(JSON.stringify(report)).not.toContain(key);
  });
});

/** The part of @2colors/esphome-native-api's Connection used here (its bundled typings leave some of it out). */
interface NativeApiConnection extends EventEmitter {
  connect(): void;
  disconnect(): void;
  listEntitiesService(): Promise<Array<{ component: string; entity: { key: number } }>>;
  subscribeStatesService(): void;
  switchCommandService(data: { key: number; state: boolean }): void;
}

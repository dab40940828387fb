import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { labProbeContext, labProbeTarget } from '../../../test/support/lab-probe.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import type { Credential } from '../device-adapter.ts';
import { shellyGen1Kind } from '../shelly-gen1/simulator/kind.ts';
import { shellyGen2Adapter } from './adapter.ts';
import { shellyGen2Kind } from './simulator/kind.ts';

const running: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function gen2(settings: unknown, name = 'porch-light') {
  const started = await startSimulator(shellyGen2Kind, { address: testAddress(), settings, name });
  running.push(started);
  return started;
}

async function inspect(started: StartedSimulator, credential?: Credential) {
  const target = labProbeTarget(started);
  const context = labProbeContext(credential ? { credential } : {});
  const identity = await shellyGen2Adapter.identify(target, context);
  expect(identity).toBeDefined();
  return shellyGen2Adapter.inspect(target, identity!, context);
}

describe('shellyGen2Adapter', () => {
  it('identifies Gen2+ devices only', async () => {
    const plus = await gen2({ model: 'SNPL-00112EU' });
    expect(await shellyGen2Adapter.identify(labProbeTarget(plus), labProbeContext())).toMatchObject({
      family: 'shelly-gen2',
      model: 'SNPL-00112EU',
    });
    const old = await startSimulator(shellyGen1Kind, { address: testAddress() });
    running.push(old);
    expect(await shellyGen2Adapter.identify(labProbeTarget(old), labProbeContext())).toBeUndefined();
  });

  it('reads an open device: auth off, cloud, debug, update offer, redacted config', async () => {
    const started = await gen2({
      model: 'SNSW-001P16EU',
      firmware: '1.0.8-g8c7bb8d',
      update: { version: '1.4.4-g6d2a586' },
      cloud: true,
      debug: true,
    });
    const facts = await inspect(started);
    const id = `shellyplus1pm-${started.mac.replace(/:/g, '').toLowerCase()}`;
    expect(facts).toMatchObject({
      model: 'SNSW-001P16EU',
      mac: started.mac,
      deviceId: id,
      name: 'porch-light',
      protocols: ['shelly-rpc', 'http'],
      firmware: { installed: '1.0.8', latest: '1.4.4', latestSource: 'device' },
      cloud: { enabled: true },
      auth: { state: 'none' },
      limitations: [],
    });
    expect(facts.auth.evidence?.received).toContain('"auth_en":false');
    expect(facts.debugInterfaces.map((d) => d.name)).toEqual(['websocket debug log (sys.debug.websocket.enable)']);
    expect(facts.firmware.updateEvidence?.received).toContain('"stable":{"version":"1.4.4"');
    expect((facts.config as { sys: { device: { name: string } } }).sys.device.name).toBe('porch-light');
  });

  it('needs the configured password when auth is on', async () => {
    const started = await gen2({ auth: { enabled: true, password: 'correct-horse-42' }, cloud: false });
    const locked = await inspect(started);
    expect(locked.auth.state).toBe('required');
    expect(locked.auth.evidence?.received).toContain('"auth_en":true');
    expect(locked.limitations[0]).toMatch(/no credentials configured/);
    expect(locked.config).toBeUndefined();

    const open = await inspect(started, { password: 'correct-horse-42' });
    expect(open.limitations).toEqual([]);
    expect(open.cloud?.enabled).toBe(false);
    expect(open.firmware.latest).toBe(open.firmware.installed);

    const refused = await inspect(started, { password: 'wrong' });
    expect(refused.limitations[0]).toMatch(/credentials were refused/);
    expect(refused.config).toBeUndefined();
  });

  it('lists MQTT and UDP debug logs from overrides', async () => {
    const started = await gen2({
      overrides: { sys: { debug: { mqtt: { enable: true }, udp: { addr: '10.0.0.9:514' } } } },
    });
    const facts = await inspect(started);
    expect(facts.debugInterfaces.map((d) => d.name)).toEqual([
      'MQTT debug log (sys.debug.mqtt.enable)',
      'UDP debug log to 10.0.0.9:514 (sys.debug.udp.addr)',
    ]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { labProbeContext, labProbeTarget } from '../../../test/support/lab-probe.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import type { Credential } from '../device-adapter.ts';
import { shellyGen2Kind } from '../shelly-gen2/simulator/kind.ts';
import { shellyGen1Adapter } from './adapter.ts';
import { shellyGen1Kind } from './simulator/kind.ts';

const running: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function gen1(settings: unknown, name = 'garage-door') {
  const started = await startSimulator(shellyGen1Kind, { address: testAddress(), settings, name });
  running.push(started);
  return started;
}

async function inspect(started: StartedSimulator, credential?: Credential) {
  const target = labProbeTarget(started);
  const context = labProbeContext(credential ? { credential } : {});
  const identity = await shellyGen1Adapter.identify(target, context);
  expect(identity).toBeDefined();
  return shellyGen1Adapter.inspect(target, identity!, context);
}

describe('shellyGen1Adapter', () => {
  it('identifies Gen1 devices only', async () => {
    const one = await gen1({ model: 'SHSW-25' });
    const identity = await shellyGen1Adapter.identify(labProbeTarget(one), labProbeContext());
    expect(identity).toMatchObject({ family: 'shelly-gen1', vendor: 'Shelly', model: 'SHSW-25' });
    expect(identity?.evidence.sent).toBe(`GET http://${one.host.address}:80/shelly`);
    const two = await startSimulator(shellyGen2Kind, { address: testAddress() });
    running.push(two);
    expect(await shellyGen1Adapter.identify(labProbeTarget(two), labProbeContext())).toBeUndefined();
    const noHttp = { ...labProbeTarget(one), openTcpPorts: new Set<number>([22]) };
    expect(await shellyGen1Adapter.identify(noHttp, labProbeContext())).toBeUndefined();
  });

  it('reads an open device: no auth, cloud, firmware, ids', async () => {
    const started = await gen1({ model: 'SHSW-1', cloud: true, firmware: '20230913-112003/v1.14.0-gcb84623' });
    const facts = await inspect(started);
    expect(facts).toMatchObject({
      family: 'shelly-gen1',
      vendor: 'Shelly',
      model: 'SHSW-1',
      mac: started.mac,
      name: 'garage-door',
      deviceId: `shelly1-${started.mac.replace(/:/g, '').slice(6)}`,
      hwVersion: 'prod-190516',
      protocols: ['shelly-http', 'http'],
      firmware: {
        installed: '20230913-112003/v1.14.0-gcb84623',
        latest: '20230913-112003/v1.14.0-gcb84623',
        latestSource: 'device',
        releaseDate: '2023-09-13',
      },
      cloud: { enabled: true },
      exposedSecrets: [],
      debugInterfaces: [],
      limitations: [],
    });
    expect(facts.auth.state).toBe('none');
    expect(facts.auth.evidence?.received).toMatch(/^200 OK \{"login":\{"enabled":false/);
    expect(facts.cloud?.evidence?.received).toContain('"cloud":{"enabled":true');
    expect((facts.config as { device: { type: string } }).device.type).toBe('SHSW-1');
  });

  it('reports the seed leak: 2019 firmware hands out its login password without auth', async () => {
    const started = await gen1(
      {
        firmware: '20191127-095418/v1.5.6@0a8e2b9f',
        auth: { enabled: false, username: 'admin', password: 'hallway-2019' },
      },
      'old-hallway-relay',
    );
    const facts = await inspect(started);
    expect(facts.auth.state).toBe('none');
    expect(facts.exposedSecrets).toHaveLength(1);
    expect(facts.exposedSecrets[0]?.what).toMatch(/login password/);
    expect(facts.exposedSecrets[0]?.evidence.received).toContain('"password":"***"');
    expect((facts.config as { login: { password: string } }).login.password).toBe('***');
    expect(JSON.stringify(facts)).not.toContain('hallway-2019');
  });

  it('says what it could not read when login is on and no credentials are configured', async () => {
    const started = await gen1({
      auth: { enabled: true, username: 'admin', password: 'correct-horse-42' },
      cloud: false,
    });
    const facts = await inspect(started);
    expect(facts.auth.state).toBe('required');
    expect(facts.auth.evidence?.received).toContain('401 Unauthorized (WWW-Authenticate: Basic realm="Shelly")');
    expect(facts.limitations).toEqual([
      'login enabled and no credentials configured for this device: settings, cloud, debug and update state not read',
    ]);
    expect(facts.cloud).toBeUndefined();
    expect(facts.config).toBeUndefined();
    expect(facts.firmware.installed).toBeDefined();
  });

  it('reads everything with configured credentials, and says so when they are refused', async () => {
    const started = await gen1({
      auth: { enabled: true, username: 'admin', password: 'correct-horse-42' },
      firmware: '20221027-091427/v1.12.1-ga9117d3',
      update: { version: '20230913-112003/v1.14.0-gcb84623' },
      debug: true,
    });
    const facts = await inspect(started, { username: 'admin', password: 'correct-horse-42' });
    expect(facts.auth.state).toBe('required');
    expect(facts.limitations).toEqual([]);
    expect(facts.firmware).toMatchObject({
      installed: '20221027-091427/v1.12.1-ga9117d3',
      latest: '20230913-112003/v1.14.0-gcb84623',
      latestSource: 'device',
    });
    expect(facts.firmware.updateEvidence?.received).toContain('"has_update":true');
    expect(facts.debugInterfaces.map((d) => d.name)).toEqual(['debug log (settings.debug_enable)']);
    expect(facts.cloud).toBeDefined();

    const refused = await inspect(started, { username: 'admin', password: 'guess' });
    expect(refused.limitations[0]).toMatch(/credentials were refused/);
    expect(refused.config).toBeUndefined();
  });

  it('does not count a password read with credentials as exposed, but still redacts it', async () => {
    const started = await gen1({
      firmware: '20191127-095418/v1.5.6@0a8e2b9f',
      auth: { enabled: true, username: 'admin', password: 'owner-pass' },
    });
    const facts = await inspect(started, { username: 'admin', password: 'owner-pass' });
    expect(facts.exposedSecrets).toEqual([]);
    expect(JSON.stringify(facts)).not.toContain('owner-pass');
  });
});

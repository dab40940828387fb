import { afterEach, describe, expect, it } from 'vitest';
import type { ProbeTarget } from '../../src/families/device-adapter.ts';
import type { SsdpAnswer } from '../../src/lab/core/simulator.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { cloudDeviceKind } from '../../src/lab/kinds/cloud-device/cloud-device-kind.ts';
import { nasKind } from '../../src/lab/kinds/nas/nas-kind.ts';
import { routerKind } from '../../src/lab/kinds/router/router-kind.ts';
import { trustedDeviceKind } from '../../src/lab/kinds/trusted-device/trusted-device-kind.ts';
import { httpIdentifier } from '../../src/services/http/http-identifier.ts';
import { SERVICE_IDENTIFIERS } from '../../src/services/index.ts';
import { mongodbIdentifier } from '../../src/services/mongodb/mongodb-identifier.ts';
import { mqttIdentifier } from '../../src/services/mqtt/mqtt-identifier.ts';
import { redisIdentifier } from '../../src/services/redis/redis-identifier.ts';
import { sshIdentifier } from '../../src/services/ssh/identifier.ts';
import { upnpIgdIdentifier } from '../../src/services/upnp-igd/upnp-igd-identifier.ts';
import { testAddress } from '../support/addresses.ts';
import { contextFor, targetFor } from '../support/service-probe.ts';

const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function start(kind: Parameters<typeof startSimulator>[0], settings: unknown = {}) {
  const address = testAddress();
  const sim = await startSimulator(kind, { address, settings });
  started.push(sim);
  return { sim, address, target: targetFor(sim, address) };
}

/** SSDP answers as discovery hands them over: header records with lower-case names. */
function ssdpHeaders(answers: SsdpAnswer[]): Array<Record<string, string>> {
  return answers.map((a) => ({ st: a.st, usn: a.usn, location: a.location, server: a.server }));
}

describe('NAS services', () => {
  it('MongoDB without auth is open: listDatabases answers, with the version from buildInfo', async () => {
    const { target } = await start(nasKind);
    const facts = await mongodbIdentifier.identify(target, 27017, contextFor());
    expect(facts).toMatchObject({ name: 'mongodb', auth: 'none', product: 'MongoDB 6.0.14' });
    expect(facts?.authEvidence?.received).toContain('databases: admin, config, local');
  });

  it('MongoDB with auth: required, from error 13', async () => {
    const { target } = await start(nasKind, { mongo: { auth: true, version: '7.0.12' } });
    const facts = await mongodbIdentifier.identify(target, 27017, contextFor());
    expect(facts).toMatchObject({ auth: 'required', product: 'MongoDB 7.0.12' });
    expect(facts?.authEvidence?.received).toContain('Unauthorized');
  });

  it('Redis: open gives the version; with requirepass the answer is -NOAUTH', async () => {
    const open = await start(nasKind);
    expect(await redisIdentifier.identify(open.target, 6379, contextFor())).toMatchObject({
      name: 'redis',
      auth: 'none',
      product: 'Redis 7.0.15',
    });
    const closed = await start(nasKind, { redis: { password: 'pw' } });
    const facts = await redisIdentifier.identify(closed.target, 6379, contextFor());
    expect(facts).toMatchObject({ auth: 'required' });
    expect(facts?.authEvidence?.received).toBe('-NOAUTH Authentication required.');
    expect(facts?.product).toBeUndefined();
  });

  it('MQTT: CONNACK 0 for anonymous is auth none; 5 is required', async () => {
    const anon = await start(nasKind, { mqtt: { enabled: true, anonymous: true } });
    const open = await mqttIdentifier.identify(anon.target, 1883, contextFor());
    expect(open).toMatchObject({ name: 'mqtt', auth: 'none' });
    expect(open?.authEvidence?.received).toBe('CONNACK return code 0 (Connection Accepted)');
    const locked = await start(nasKind, { mqtt: { enabled: true, anonymous: false } });
    const facts = await mqttIdentifier.identify(locked.target, 1883, contextFor());
    expect(facts?.auth).toBe('required');
    expect(facts?.authEvidence?.received).toBe('CONNACK return code 5 (not authorized)');
  });

  it('the DSM page on 5000 counts as a login page, and the IGD identifier does not claim it', async () => {
    const { target } = await start(nasKind);
    expect(await httpIdentifier.identify(target, 5000, contextFor())).toMatchObject({
      auth: 'required',
      http: { server: 'nginx', title: expect.stringContaining('Synology DiskStation') },
    });
    expect(await upnpIgdIdentifier.identify(target, 5000, contextFor())).toBeUndefined();
  });
});

describe('router services', () => {
  const mapping = {
    externalPort: 8554,
    internalClient: '127.77.1.60',
    internalPort: 554,
    protocol: 'TCP',
    description: 'IPCAM RTSP',
  };

  it('UPnP IGD: follows the SSDP LOCATION and lists the port mappings', async () => {
    const { sim, address, target } = await start(routerKind, { portMappings: [mapping] });
    const withSsdp: ProbeTarget = { ...target, udp: { answers: {}, ssdp: ssdpHeaders(sim.simulator.ssdpAnswers()) } };
    expect(upnpIgdIdentifier.appliesTo(5000, withSsdp)).toBe(true);
    const facts = await upnpIgdIdentifier.identify(withSsdp, 5000, contextFor());
    expect(facts).toMatchObject({ name: 'upnp-igd', auth: 'none', product: expect.stringContaining('MiniUPnPd') });
    expect(facts?.portMappings).toEqual([{ ...mapping, enabled: true }]);
    expect(facts?.authEvidence?.received).toContain('TCP 8554 -> 127.77.1.60:554 "IPCAM RTSP"');
    expect(facts?.authEvidence?.received).toMatch(/^1 mapping\(s\), listing ended by 713 SpecifiedArrayIndexInvalid/);
    expect(facts?.evidence?.sent).toBe(`GET http://${address}:5000/rootDesc.xml`);
  });

  it('UPnP IGD: finds miniupnpd at its well-known path without SSDP, and stops at the mapping limit', async () => {
    const many = Array.from({ length: 130 }, (_, i) => ({ ...mapping, externalPort: 20000 + i }));
    const { target } = await start(routerKind, { portMappings: many });
    const facts = await upnpIgdIdentifier.identify(target, 5000, contextFor());
    expect(facts?.portMappings).toHaveLength(128);
    expect(facts?.authEvidence?.received).toContain('limit of 128 entries');
  });

  it('UPnP IGD: never follows a LOCATION that names another host', async () => {
    const { target } = await start(routerKind);
    const elsewhere: ProbeTarget = {
      ...target,
      udp: { answers: {}, ssdp: [{ st: 'upnp:rootdevice', location: 'http://127.77.250.250:5001/rootDesc.xml' }] },
    };
    // 5001 is not a well-known IGD port: only the foreign LOCATION could have made it a candidate.
    expect(upnpIgdIdentifier.appliesTo(5001, elsewhere)).toBe(false);
    const sameHostOtherPath: ProbeTarget = {
      ...target,
      udp: { answers: {}, ssdp: [{ location: `http://${target.address}:5001/igd.xml` }] },
    };
    expect(upnpIgdIdentifier.appliesTo(5001, sameHostOtherPath)).toBe(true);
  });

  it('HTTP: follows the refresh to LuCI and sees its login form', async () => {
    const { target } = await start(routerKind);
    const facts = await httpIdentifier.identify(target, 80, contextFor());
    expect(facts).toMatchObject({ auth: 'required', http: { status: 403, title: 'OpenWrt - LuCI' } });
    expect(facts?.evidence?.sent).toContain('/cgi-bin/luci/');
    expect(facts?.defaultCredentials).toBeUndefined();
  });
});

describe('phones, laptops and cloud devices', () => {
  it('SSH: reads the identification string', async () => {
    const { target } = await start(trustedDeviceKind, { profile: 'laptop' });
    expect(await sshIdentifier.identify(target, 22, contextFor())).toMatchObject({
      name: 'ssh',
      product: 'SSH-2.0-OpenSSH_9.8',
      auth: 'required',
    });
  });

  it('HTTPS on a cloud speaker: TLS, 403 and no auth verdict', async () => {
    const { target } = await start(cloudDeviceKind, { profile: 'speaker' });
    expect(await httpIdentifier.identify(target, 8443, contextFor())).toMatchObject({
      name: 'https',
      tls: true,
      auth: 'unknown',
      http: { status: 403 },
    });
  });

  it('every identifier in SERVICE_IDENTIFIERS has a distinct name', () => {
    const names = SERVICE_IDENTIFIERS.map((i) => i.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining(['http', 'telnet', 'rtsp', 'mongodb', 'redis', 'mqtt', 'upnp-igd', 'ssh']),
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { probeContext, probeTargetOf } from '../../../test/support/simulated-probe.ts';
import { DeviceAuthError } from '../../errors/index.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import type { CredentialLookup, ProbeTarget } from '../device-adapter.ts';
import { tasmotaKind } from '../tasmota/simulator/kind.ts';
import { hueAdapter } from './adapter.ts';
import { hueKind } from './simulator/kind.ts';
import { setHueAutoInstall } from './transport.ts';

const KEY = 'ownerkeyownerkeyownerkeyownerkeyownerkey';
const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function bridge(settings: Record<string, unknown> = {}): Promise<ProbeTarget> {
  const address = testAddress();
  const sim = await startSimulator(hueKind, {
    name: 'Living Room',
    address,
    settings: { apiKey: KEY, firmware: '1967054020', ...settings },
    mac: 'EC:B5:FA:0C:0D:0E',
  });
  started.push(sim);
  return probeTargetOf(sim, address);
}

const withKey =
  (key: string): CredentialLookup =>
  (query) =>
    query.family === 'hue' && query.deviceId === 'ECB5FAFFFE0C0D0E' ? { apiKey: key } : undefined;

async function inspect(target: ProbeTarget, credentials?: CredentialLookup) {
  const identity = await hueAdapter.identify(target, probeContext(credentials));
  expect(identity).toMatchObject({ family: 'hue', vendor: 'Signify', model: 'BSB002' });
  return hueAdapter.inspect(target, identity!, probeContext(credentials));
}

describe('hueAdapter', () => {
  it('identifies a bridge from /api/config and says what needs a key', async () => {
    const facts = await inspect(await bridge());
    expect(facts).toMatchObject({
      family: 'hue',
      vendor: 'Signify',
      model: 'BSB002',
      deviceId: 'ECB5FAFFFE0C0D0E',
      mac: 'EC:B5:FA:0C:0D:0E',
      name: 'Living Room',
    });
    expect(facts.firmware.installed).toBe('1967054020');
    expect(facts.protocols).toEqual(['hue-v1', 'http', 'https', 'hue-clip-v2']);
    expect(facts.auth.state).toBe('required');
    expect(facts.auth.evidence?.received).toContain('unauthorized user');
    expect(facts.firmware.autoUpdate).toBeUndefined();
    expect(facts.limitations).toContain(
      'needs a Hue application key to read update state (swupdate2) and the whitelist',
    );
  });

  it('reads swupdate2 with the owner key and never shows a key', async () => {
    const facts = await inspect(await bridge(), withKey(KEY));
    expect(facts.firmware).toMatchObject({ autoUpdate: false, latest: '1967054020', latestSource: 'device' });
    expect(facts.firmware.autoUpdateEvidence?.sent).toMatch(/\/api\/<app-key>\/config$/);
    expect(facts.firmware.autoUpdateEvidence?.received).toContain(
      '"autoinstall":{"updatetime":"T14:00:00","on":false}',
    );
    const whitelist = (facts.config as { whitelist: Record<string, { name: string }> }).whitelist;
    expect(Object.values(whitelist).map((e) => e.name)).toContain('Hue 4#Pixel 7');
    expect(JSON.stringify(facts)).not.toContain(KEY);
    expect(Object.keys(whitelist).every((k) => k.startsWith('<app-key>'))).toBe(true);
  });

  it('does not invent a latest version when an update is waiting', async () => {
    const facts = await inspect(await bridge({ update: { version: '1968096020' } }), withKey(KEY));
    expect(facts.firmware.latest).toBeUndefined();
    expect(facts.limitations.join(' ')).toContain('"readytoinstall"');
  });

  it('reports a key the bridge does not accept', async () => {
    const facts = await inspect(await bridge(), withKey('not-the-key'));
    expect(facts.firmware.autoUpdate).toBeUndefined();
    expect(facts.limitations).toContain('the configured Hue application key was not accepted by the bridge');
  });

  it('switches autoinstall on, and a later inspection sees it', async () => {
    const target = await bridge();
    const limits = { host: target.address, port: target.connectPort(80), timeoutMs: 3000, maxBytes: 65536 };
    const evidence = await setHueAutoInstall({ ...limits, apiKey: KEY }, true);
    expect(evidence.sent).toBe(
      `PUT http://${target.address}:${limits.port}/api/<app-key>/config {"swupdate2":{"autoinstall":{"on":true}}}`,
    );
    expect((await inspect(target, withKey(KEY))).firmware.autoUpdate).toBe(true);
    await expect(setHueAutoInstall({ ...limits, apiKey: 'wrong' }, false)).rejects.toBeInstanceOf(DeviceAuthError);
    expect((await inspect(target, withKey(KEY))).firmware.autoUpdate).toBe(true);
  });

  it('does not claim a Tasmota device on port 80', async () => {
    const address = testAddress();
    const sim = await startSimulator(tasmotaKind, { name: 'plug', address });
    started.push(sim);
    expect(await hueAdapter.identify(probeTargetOf(sim, address), probeContext())).toBeUndefined();
  });
});

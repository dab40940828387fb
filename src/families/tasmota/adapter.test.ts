import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { probeContext, probeTargetOf } from '../../../test/support/simulated-probe.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import type { CredentialLookup } from '../device-adapter.ts';
import { tasmotaAdapter } from './adapter.ts';
import { tasmotaKind } from './simulator/kind.ts';

const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function device(settings: unknown) {
  const address = testAddress();
  const sim = await startSimulator(tasmotaKind, { name: 'Porch Light', address, settings, mac: '24:0A:C4:12:34:56' });
  started.push(sim);
  return probeTargetOf(sim, address);
}

async function inspect(settings: unknown, credentials?: CredentialLookup) {
  const target = await device(settings);
  const identity = await tasmotaAdapter.identify(target, probeContext(credentials));
  expect(identity?.family).toBe('tasmota');
  return tasmotaAdapter.inspect(target, identity!, probeContext(credentials));
}

describe('tasmotaAdapter', () => {
  it('reads an open device from Status 0 and says that no password guards it', async () => {
    const facts = await inspect({
      model: 'Sonoff Pow',
      firmware: '12.5.0(tasmota)',
      mqtt: { host: 'mqtt.home', port: 8883 },
    });
    expect(facts).toMatchObject({
      family: 'tasmota',
      vendor: 'Tasmota',
      model: 'Sonoff Pow',
      productName: 'Sonoff Pow (Tasmota firmware)',
      hwVersion: 'ESP8266EX',
      mac: '24:0A:C4:12:34:56',
      name: 'Porch Light',
    });
    expect(facts.firmware.installed).toBe('12.5.0(tasmota)');
    expect(facts.auth.state).toBe('none');
    expect(facts.auth.evidence?.sent).toMatch(/\/cm\?cmnd=Status%200$/);
    expect(facts.auth.evidence?.received).toMatch(/^200 \{"Status"/);
    expect(facts.config).toMatchObject({ StatusMQT: { MqttHost: 'mqtt.home', MqttPort: 8883 } });
  });

  it('recognises a password-protected device by its 401 and stops there without credentials', async () => {
    const facts = await inspect({ auth: { enabled: true, password: 'topsecret' } });
    expect(facts.auth.state).toBe('required');
    expect(facts.auth.evidence?.received).toContain('401');
    expect(facts.firmware.installed).toBeUndefined();
    expect(facts.limitations).toContain('web password set and no credentials configured for this device');
  });

  it('logs in with configured credentials and never puts the password in evidence', async () => {
    const credentials: CredentialLookup = (q) => (q.family === 'tasmota' ? { password: 'topsecret' } : undefined);
    const facts = await inspect({ auth: { enabled: true, password: 'topsecret' } }, credentials);
    expect(facts.auth.state).toBe('required');
    expect(facts.firmware.installed).toBe('13.4.0(tasmota)');
    expect(facts.model).toBe('Sonoff Basic');
    expect(JSON.stringify(facts)).not.toContain('topsecret');
  });

  it('redacts password fields that a firmware puts into Status 0', async () => {
    const facts = await inspect({ overrides: { StatusMQT: { MqttPassword: 'broker-secret' } } });
    expect(facts.config).toMatchObject({ StatusMQT: { MqttPassword: '<redacted>' } });
    expect(JSON.stringify(facts)).not.toContain('broker-secret');
  });

  it('reports refused credentials', async () => {
    const facts = await inspect({ auth: { enabled: true, password: 'right' } }, () => ({ password: 'wrong' }));
    expect(facts.limitations.join(' ')).toMatch(/refused/);
  });

  it('does not claim a host without port 80', async () => {
    const target = await device({});
    expect(await tasmotaAdapter.identify({ ...target, openTcpPorts: new Set([443]) }, probeContext())).toBeUndefined();
  });
});

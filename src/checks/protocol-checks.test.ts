import { describe, expect, it } from 'vitest';
import { device, evidence, host, service } from '../../test/support/hosts.ts';
import { esphomePlaintextCheck, kasaLegacyXorCheck, mqttAnonymousCheck } from './protocol-checks.ts';
import { transportCleartextAdminCheck } from './transport-cleartext-admin.ts';

describe('protocol.kasa-legacy-xor', () => {
  it('flags a Kasa device that speaks the XOR protocol', () => {
    const plug = host({
      device: device('kasa-legacy', {
        model: 'HS110(US)',
        protocols: ['kasa-xor'],
        auth: { state: 'none', evidence: evidence('sysinfo') },
      }),
    });
    const [finding] = kasaLegacyXorCheck.run(plug).findings;
    expect(finding).toMatchObject({ checkId: 'protocol.kasa-legacy-xor', severity: 'high', subject: 'kasa 9999/tcp' });
    expect(finding?.evidence).toEqual([evidence('sysinfo')]);
    expect(finding?.remediation.join(' ')).toContain('KLAP');
  });

  it('also fires from a service identifier on port 9999, and not for a KLAP device', () => {
    expect(kasaLegacyXorCheck.run(host({ services: [service('kasa', 9999)] })).findings).toHaveLength(1);
    const klap = host({
      device: device('kasa-smart', { model: 'KP125M(US)', protocols: ['klap'] }),
      services: [service('http', 80)],
    });
    expect(kasaLegacyXorCheck.run(klap).findings).toEqual([]);
  });
});

describe('protocol.esphome-plaintext', () => {
  it('is high when the plaintext API also has no password, medium otherwise', () => {
    const open = host({ device: device('esphome', { protocols: ['esphome-plaintext'], auth: { state: 'none' } }) });
    expect(esphomePlaintextCheck.run(open).findings[0]?.severity).toBe('high');
    const withPassword = host({
      device: device('esphome', { protocols: ['esphome-plaintext'], auth: { state: 'required' } }),
    });
    expect(esphomePlaintextCheck.run(withPassword).findings[0]?.severity).toBe('medium');
  });

  it('passes for Noise encryption (tag or mDNS api_encryption) and skips when it cannot tell', () => {
    expect(
      esphomePlaintextCheck.run(host({ device: device('esphome', { protocols: ['esphome-noise'] }) })).findings,
    ).toEqual([]);
    const announced = host({
      mdns: [
        {
          type: '_esphomelib._tcp.local',
          instance: 'kitchen',
          port: 6053,
          txt: { api_encryption: 'Noise_NNpsk0_25519_ChaChaPoly_SHA256' },
        },
      ],
    });
    expect(esphomePlaintextCheck.run(announced)).toEqual({ findings: [] });
    expect(esphomePlaintextCheck.run(host({ device: device('esphome') })).skipped?.[0]?.checkId).toBe(
      'protocol.esphome-plaintext',
    );
    expect(esphomePlaintextCheck.run(host({ device: device('shelly-gen1') }))).toEqual({ findings: [] });
  });
});

describe('protocol.mqtt-anonymous', () => {
  it('flags a broker that accepted an anonymous client, not one that wants a login', () => {
    const broker = host({
      services: [
        service('mqtt', 1883, { auth: 'none', authEvidence: evidence('connack-0') }),
        service('mqtt', 8883, { auth: 'required' }),
      ],
    });
    const { findings } = mqttAnonymousCheck.run(broker);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ subject: 'mqtt 1883/tcp', evidence: [evidence('connack-0')] });
    expect(findings[0]?.remediation.join(' ')).toContain('allow_anonymous false');
  });
});

describe('transport.cleartext-admin', () => {
  it('flags a Shelly managed over HTTP only, and says the password crosses in clear when login is on', () => {
    const shelly = host({
      device: device('shelly-gen1', { model: 'SHSW-1', protocols: ['shelly-http'], auth: { state: 'required' } }),
      services: [service('http', 80)],
    });
    const [finding] = transportCleartextAdminCheck.run(shelly).findings;
    expect(finding).toMatchObject({ severity: 'medium', subject: 'http 80/tcp' });
    expect(finding?.detail).toContain('password');
    expect(finding?.remediation[0]).toContain('Shelly');
  });

  it('passes when the host also serves HTTPS (Hue), or only speaks KLAP inside HTTP', () => {
    const hue = host({
      device: device('hue', { protocols: ['hue-v1', 'hue-clip-v2'] }),
      services: [service('http', 80), service('https', 443, { tls: true })],
    });
    expect(transportCleartextAdminCheck.run(hue).findings).toEqual([]);
    const klap = host({ device: device('kasa-smart', { protocols: ['klap'] }), services: [service('http', 80)] });
    expect(transportCleartextAdminCheck.run(klap).findings).toEqual([]);
    expect(transportCleartextAdminCheck.run(host({ services: [service('ssh', 22)] })).findings).toEqual([]);
  });
});

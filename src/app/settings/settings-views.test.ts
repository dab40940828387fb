import { describe, expect, it } from 'vitest';
import { configSchema } from '../../config/config-schema.ts';
import { credentialRefs } from './credential-refs.ts';
import { firmwarePolicyView } from './firmware-policy-view.ts';

/** The pieces of the Settings view that the API test (test/serve/settings.test.ts) does not reach. */
describe('the firmware policy view', () => {
  it('shows the built-in defaults, said to be built in, when the config has no firmware section', () => {
    const view = firmwarePolicyView(undefined, 2);
    expect(view.configured).toBe(false);
    expect(view.timeZone.source).toBe('system');
    expect(view.default).toEqual({
      mode: { value: 'auto', source: 'built-in' },
      window: { value: { start: '03:00', end: '05:00' }, source: 'built-in' },
      canaryCount: { value: 1, source: 'built-in' },
      soakMs: { value: 86_400_000, source: 'built-in' },
      acceptBreakages: [],
    });
    expect(view.rules).toEqual([]);
    expect(view.holds).toEqual({ inConfig: 0, setFromCliOrDashboard: 2 });
  });
});

describe('credential references', () => {
  it('names the variables of MQTT, UniFi and DNS sources, and marks a password written in the file', () => {
    const config = configSchema.parse({
      credentials: [{ family: 'hue', apiKey: 'in-the-file' }],
      homeAssistant: { mqtt: { url: 'mqtt://127.0.0.1:1883', passwordEnv: 'MQTT_PASSWORD' } },
      sources: { unifi: { url: 'https://127.0.0.1:8443', username: 'iotwarden', passwordEnv: 'UNIFI_PASSWORD' } },
      dns: {
        sources: [
          { kind: 'pihole-api', url: 'http://127.0.0.1', password: 'in-the-file-too' },
          { kind: 'adguard-api', url: 'http://127.0.0.1:3000', username: 'admin', passwordEnv: 'ADGUARD_PASSWORD' },
          { kind: 'dnsmasq-log', file: '/var/log/dnsmasq.log' },
        ],
      },
    });
    const refs = credentialRefs(config, { MQTT_PASSWORD: 'x', ADGUARD_PASSWORD: '' }, undefined);
    expect(refs.entries[0]?.secrets).toEqual([{ field: 'apiKey', source: 'config-file', env: null, set: true }]);
    expect(refs.services.map((s) => [s.key, s.secret.env, s.secret.set])).toEqual([
      ['homeAssistant.mqtt.passwordEnv', 'MQTT_PASSWORD', true],
      ['sources.unifi.passwordEnv', 'UNIFI_PASSWORD', false],
      ['dns.sources[0].password', null, true],
      ['dns.sources[1].passwordEnv', 'ADGUARD_PASSWORD', false],
    ]);
    expect(refs.secretsFile).toBeNull();
    expect(JSON.stringify(refs)).not.toContain('in-the-file');
  });
});

import { describe, expect, it } from 'vitest';
import { device, evidence, host, shellyGen1 } from '../../test/support/hosts.ts';
import { cloudEnabledCheck, credentialsExposedCheck } from './data-checks.ts';

describe('cloud.enabled', () => {
  it('is an info finding for a Shelly on the cloud, with the Gen1 settings call', () => {
    const shelly = host({ device: shellyGen1({ cloud: { enabled: true, evidence: evidence('settings-cloud') } }) });
    const [finding] = cloudEnabledCheck.run(shelly).findings;
    expect(finding?.severity).toBe('info');
    expect(finding?.remediation.join(' ')).toContain('/settings/cloud?enabled=0');
    expect(finding?.remediation.join(' ')).toContain('iotwarden fix cloud-off');
  });

  it('passes with the cloud off, and skips a Kasa device whose cloud state could not be read', () => {
    expect(cloudEnabledCheck.run(host({ device: shellyGen1() })).findings).toEqual([]);
    const kasa = host({
      device: device('kasa-legacy', { limitations: ['cnCloud.get_info needs the owner credentials'] }),
    });
    expect(cloudEnabledCheck.run(kasa).skipped).toEqual([
      { checkId: 'cloud.enabled', reason: 'cnCloud.get_info needs the owner credentials' },
    ]);
    expect(cloudEnabledCheck.run(host({ device: device('tasmota') }))).toEqual({ findings: [] });
  });
});

describe('data.credentials-exposed', () => {
  it('is critical and tells an old Shelly to update and then change the password', () => {
    const old = host({
      device: shellyGen1({
        exposedSecrets: [
          {
            what: 'login password',
            evidence: { sent: 'GET /settings', received: '{"login":{"password":"<redacted>"}}' },
          },
        ],
      }),
    });
    const [finding] = credentialsExposedCheck.run(old).findings;
    expect(finding).toMatchObject({ severity: 'critical', subject: 'login password' });
    expect(finding?.remediation[0]).toContain('v1.5.x');
    expect(finding?.remediation.at(-1)).toContain('change the login password');
  });

  it('passes when nothing was disclosed', () => {
    expect(credentialsExposedCheck.run(host({ device: shellyGen1() })).findings).toEqual([]);
  });
});

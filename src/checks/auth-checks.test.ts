import { describe, expect, it } from 'vitest';
import { device, evidence, host, service, shellyGen1 } from '../../test/support/hosts.ts';
import { authDefaultCredentialsCheck, authNoLoginCheck } from './auth-checks.ts';

describe('auth.no-login', () => {
  it('flags a Gen1 Shelly with login off, with its evidence and Gen1 steps', () => {
    const target = host({ device: shellyGen1() });
    const { findings, skipped } = authNoLoginCheck.run(target);
    expect(skipped).toBeUndefined();
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding?.severity).toBe('high');
    expect(finding?.detail).toContain('garage-door');
    expect(finding?.evidence).toEqual([evidence('settings')]);
    expect(finding?.remediation.join(' ')).toContain('/settings/login?enabled=1');
    expect(finding?.references).toContain('ETSI EN 303 645 5.5-5');
    expect(finding?.references).toContain('NISTIR 8259A Logical Access to Interfaces');
  });

  it('gives Gen2 steps (Shelly.SetAuth) to a Gen2 Shelly and Tasmota steps to Tasmota', () => {
    const gen2 = host({
      device: shellyGen1({ family: 'shelly-gen2', model: 'SNPL-00112EU', protocols: ['shelly-rpc'] }),
    });
    expect(authNoLoginCheck.run(gen2).findings[0]?.remediation.join(' ')).toContain('Shelly.SetAuth');
    const tasmota = host({ device: device('tasmota', { auth: { state: 'none' } }) });
    expect(authNoLoginCheck.run(tasmota).findings[0]?.remediation.join(' ')).toContain('WebPassword');
  });

  it('passes when login is required, and reports nothing for hosts without a device', () => {
    const locked = host({ device: shellyGen1({ auth: { state: 'required' } }) });
    expect(authNoLoginCheck.run(locked)).toEqual({ findings: [] });
    expect(authNoLoginCheck.run(host())).toEqual({ findings: [] });
  });

  it('leaves the unauthenticated legacy Kasa protocol to protocol.kasa-legacy-xor', () => {
    const plug = host({ device: device('kasa-legacy', { protocols: ['kasa-xor'], auth: { state: 'none' } }) });
    expect(authNoLoginCheck.run(plug).findings).toEqual([]);
  });

  it('skips with the adapter limitation when auth is unknown', () => {
    const unknown = host({
      device: shellyGen1({ auth: { state: 'unknown' }, limitations: ['login state unreadable: /settings timed out'] }),
    });
    expect(authNoLoginCheck.run(unknown)).toEqual({
      findings: [],
      skipped: [{ checkId: 'auth.no-login', reason: 'login state unreadable: /settings timed out' }],
    });
  });
});

describe('auth.default-credentials', () => {
  it('reports each service that accepted a factory login, critical, naming the user', () => {
    const camera = host({
      services: [
        service('telnet', 23, { defaultCredentials: { username: 'root', evidence: evidence('telnet-login') } }),
        service('http', 80, { auth: 'required' }),
      ],
    });
    const { findings } = authDefaultCredentialsCheck.run(camera);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      checkId: 'auth.default-credentials',
      severity: 'critical',
      subject: 'telnet 23/tcp',
    });
    expect(findings[0]?.detail).toContain('"root"');
    expect(findings[0]?.evidence).toEqual([evidence('telnet-login')]);
  });

  it('passes when no service accepted a factory login', () => {
    expect(
      authDefaultCredentialsCheck.run(host({ services: [service('http', 80, { auth: 'required' })] })).findings,
    ).toEqual([]);
  });
});

describe('auth.no-login and protocol checks do not double count', () => {
  it('leaves an unencrypted, password-less ESPHome API to protocol.esphome-plaintext', () => {
    const node = host({ device: device('esphome', { protocols: ['esphome-plaintext'], auth: { state: 'none' } }) });
    expect(authNoLoginCheck.run(node).findings).toEqual([]);
  });
});

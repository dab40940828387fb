import { describe, expect, it } from 'vitest';
import { device, evidence, host } from '../../test/support/hosts.ts';
import { runChecks } from './catalogue.ts';
import { lifxUnauthenticatedCheck } from './lifx-unauthenticated.ts';

function lifxBulb(parts: Parameters<typeof device>[1] = {}) {
  return host({
    device: device('lifx', {
      model: 'A19',
      name: 'Hallway',
      protocols: ['lifx-lan'],
      auth: { state: 'none', evidence: evidence('lifx') },
      ...parts,
    }),
  });
}

describe('protocol.lifx-unauthenticated', () => {
  it('fires for a bulb that answered the LAN protocol, with its evidence and the family advice', () => {
    const [finding, ...rest] = lifxUnauthenticatedCheck.run(lifxBulb()).findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      checkId: 'protocol.lifx-unauthenticated',
      severity: 'medium',
      subject: 'lifx 56700/udp',
    });
    expect(finding?.detail).toContain('Hallway answered the LIFX LAN protocol');
    expect(finding?.evidence).toEqual([evidence('lifx')]);
    expect(finding?.remediation[0]).toMatch(/cannot be given a password/);
  });

  it('is reported once: auth.no-login stays silent for the same bulb', () => {
    const ids = runChecks(lifxBulb()).findings.map((f) => f.checkId);
    expect(ids).toContain('protocol.lifx-unauthenticated');
    expect(ids).not.toContain('auth.no-login');
  });

  it('stays silent for devices that do not speak it', () => {
    expect(lifxUnauthenticatedCheck.run(host()).findings).toEqual([]);
    expect(lifxUnauthenticatedCheck.run(lifxBulb({ protocols: [] })).findings).toEqual([]);
  });

  it('flags an original bulb on firmware 1.1 as leaking the Wi-Fi password (LIFX-2014-MESH-WIFI-PSK)', () => {
    const old = lifxBulb({ model: 'Original 1000', firmware: { installed: '1.1' } });
    const known = runChecks(old).findings.find((f) => f.checkId === 'firmware.known-vulnerable');
    expect(known?.subject).toBe('LIFX-2014-MESH-WIFI-PSK');
    expect(known?.severity).toBe('high');
    const fixed = lifxBulb({ model: 'Original 1000', firmware: { installed: '1.3' } });
    expect(runChecks(fixed).findings.map((f) => f.checkId)).not.toContain('firmware.known-vulnerable');
  });
});

import { describe, expect, it } from 'vitest';
import { host, shellyGen1 } from '../../test/support/hosts.ts';
import { identityConflictCheck } from './identity-conflict.ts';

const claimed = { deviceId: 'dev_garage', name: 'garage-door', address: '127.77.1.10' };
const sides = [
  { sent: 'identity of 127.77.1.99 (this scan)', received: 'MAC 34:94:54:AA:BB:01 (network); name "garage-door"' },
  { sent: 'identity of 127.77.1.10 (this scan)', received: 'MAC 34:94:54:AA:BB:01 (network); name "garage-door"' },
];

describe('network.identity-conflict', () => {
  it('passes a host nobody claims', () => {
    expect(identityConflictCheck.run(host({ device: shellyGen1() }))).toEqual({ findings: [] });
  });

  it('tells the newcomer what it claims, what was kept and withheld, with both sides as evidence', () => {
    const newcomer = host({
      address: '127.77.1.99',
      device: shellyGen1(),
      identityConflicts: [
        {
          role: 'newcomer',
          claimed,
          otherAddress: '127.77.1.10',
          reason: 'the original still answers at 127.77.1.10',
          evidence: sides,
        },
      ],
    });
    const [finding] = identityConflictCheck.run(newcomer).findings;
    expect(finding).toMatchObject({
      checkId: 'network.identity-conflict',
      severity: 'high',
      subject: 'claims garage-door',
      evidence: sides,
    });
    expect(finding?.detail).toBe(
      "127.77.1.99 presents the identity of garage-door (dev_garage, last seen at 127.77.1.10): the original still answers at 127.77.1.10. iotwarden kept that device's record where it was, records 127.77.1.99 as a separate device and sent it none of your credentials.",
    );
    expect(finding?.remediation.join(' ')).toContain('Use a different password per device');
    expect(finding?.references).toEqual(
      expect.arrayContaining(['ETSI EN 303 645 5.5-7', 'NISTIR 8259A Device Identification']),
    );
  });

  it('tells the original which address copies it', () => {
    const original = host({
      address: '127.77.1.10',
      device: shellyGen1({ name: 'garage-door' }),
      identityConflicts: [
        {
          role: 'original',
          claimed,
          otherAddress: '127.77.1.99',
          reason: 'the original still answers',
          evidence: sides,
        },
      ],
    });
    const [finding] = identityConflictCheck.run(original).findings;
    expect(finding?.subject).toBe('claimed by 127.77.1.99');
    expect(finding?.detail).toContain(
      '127.77.1.99 presents the identity of garage-door while it still answers here at 127.77.1.10',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { device, evidence, host } from '../../test/support/hosts.ts';
import type { ProtocolTag } from '../families/facts.ts';
import { runChecks } from './catalogue.ts';
import { tuyaLegacyCheck } from './tuya-legacy.ts';

function tuyaPlug(tag: ProtocolTag, parts: Parameters<typeof device>[1] = {}) {
  return host({
    device: device('tuya', {
      model: 'keym557nqw3p8xrp',
      protocols: [tag],
      config: { gwId: 'bf0000000000000000aa', version: tag.slice(5) },
      ...parts,
    }),
  });
}

describe('protocol.tuya-legacy', () => {
  it('fires high for 3.1 with the plaintext read as evidence, and keeps auth.no-login quiet', () => {
    const plug = tuyaPlug('tuya-3.1', { auth: { state: 'none', evidence: evidence('dp-query') } });
    const [finding] = tuyaLegacyCheck.run(plug).findings;
    expect(finding).toMatchObject({ severity: 'high', subject: 'tuya 6668/tcp' });
    expect(finding?.detail).toContain('plaintext');
    expect(finding?.evidence).toEqual([evidence('dp-query')]);
    expect(finding?.remediation.join(' ')).toContain('Smart Life');
    expect(runChecks(plug).findings.map((f) => f.checkId)).not.toContain('auth.no-login');
  });

  it('fires medium for 3.3, with the beacon as evidence when the status was not read', () => {
    const [finding] = tuyaLegacyCheck.run(tuyaPlug('tuya-3.3')).findings;
    expect(finding?.severity).toBe('medium');
    expect(finding?.evidence).toEqual([
      { sent: 'UDP discovery', received: 'beacon of bf0000000000000000aa: version 3.3' },
    ]);
  });

  it('stays silent for 3.4 and 3.5, and for other devices', () => {
    expect(tuyaLegacyCheck.run(tuyaPlug('tuya-3.4')).findings).toEqual([]);
    expect(tuyaLegacyCheck.run(tuyaPlug('tuya-3.5')).findings).toEqual([]);
    expect(tuyaLegacyCheck.run(host()).findings).toEqual([]);
  });
});

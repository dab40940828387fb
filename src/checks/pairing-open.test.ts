import { describe, expect, it } from 'vitest';
import { device, evidence, host } from '../../test/support/hosts.ts';
import { runChecks } from './catalogue.ts';
import { pairingOpenCheck } from './pairing-open.ts';

function nanoleaf(parts: Parameters<typeof device>[1] = {}) {
  return host({
    device: device('nanoleaf', {
      model: 'NL29',
      name: 'Canvas',
      protocols: ['nanoleaf-http'],
      auth: { state: 'required', evidence: evidence('api') },
      ...parts,
    }),
  });
}

describe('auth.pairing-open', () => {
  it('fires when the device handed out a token, with the evidence and the family advice', () => {
    const [finding] = pairingOpenCheck.run(nanoleaf({ pairing: { open: true, evidence: evidence('new') } })).findings;
    expect(finding).toMatchObject({ checkId: 'auth.pairing-open', severity: 'high' });
    expect(finding?.evidence).toEqual([evidence('new')]);
    expect(finding?.remediation[0]).toMatch(/pairing mode/);
  });

  it('stays silent for a closed window or when nothing was tried', () => {
    expect(pairingOpenCheck.run(nanoleaf({ pairing: { open: false, evidence: evidence('new') } })).findings).toEqual(
      [],
    );
    expect(pairingOpenCheck.run(nanoleaf()).findings).toEqual([]);
  });

  it('a Nanoleaf also counts as managed in cleartext, on its own port', () => {
    const found = runChecks(nanoleaf()).findings.find((f) => f.checkId === 'transport.cleartext-admin');
    expect(found?.subject).toBe('http 16021/tcp');
    expect(found?.remediation[0]).toMatch(/no HTTPS/);
  });
});

import { describe, expect, it } from 'vitest';
import { host, shellyGen1 } from '../../test/support/hosts.ts';
import { CHECK_CATALOGUE, defineCatalogue, findCheck, runChecks } from './catalogue.ts';
import { type CheckDefinition, makeFinding, NISTIR_8259A, OWASP_IOT_2018, trimEvidence } from './check.ts';

const REQUIRED_IDS = [
  'auth.no-login',
  'auth.default-credentials',
  'transport.cleartext-admin',
  'protocol.kasa-legacy-xor',
  'protocol.esphome-plaintext',
  'protocol.mqtt-anonymous',
  'protocol.lifx-unauthenticated',
  'auth.pairing-open',
  'protocol.tuya-legacy',
  'matter.commissioning-open',
  'service.telnet',
  'service.open-database',
  'service.rtsp-no-auth',
  'service.upnp-port-mapping',
  'service.debug-interface',
  'firmware.update-available',
  'firmware.auto-update-off',
  'firmware.known-vulnerable',
  'firmware.below-minimum',
  'cloud.enabled',
  'data.credentials-exposed',
  'network.identity-conflict',
  'privacy.phone-home',
  'privacy.cloud-despite-disabled',
  'privacy.tracker-contact',
  'privacy.new-destination',
  'network.flat',
  'network.iot-reaches-trusted',
  'network.iot-reaches-admin',
  'network.camera-internet',
];

/** ETSI EN 303 645 V2.1.1: clauses 5.1-5.13 with provision numbers, and clause 6 (6-1 … 6-5). */
const ETSI_PROVISION = /^(5\.(1[0-3]|[1-9])(-\d{1,2})?|6(-[1-5])?)$/;

describe('check catalogue', () => {
  it('has every check the product promises, once', () => {
    expect(CHECK_CATALOGUE.map((check) => check.id).sort()).toEqual([...REQUIRED_IDS].sort());
  });

  it('maps every check to all three standards with well-formed references and a rationale', () => {
    for (const check of CHECK_CATALOGUE) {
      expect(check.references.etsi.length, check.id).toBeGreaterThan(0);
      for (const provision of check.references.etsi) expect(provision, check.id).toMatch(ETSI_PROVISION);
      expect(check.references.owasp.length, check.id).toBeGreaterThan(0);
      for (const id of check.references.owasp) expect(Object.keys(OWASP_IOT_2018), check.id).toContain(id);
      expect(check.references.nist.length, check.id).toBeGreaterThan(0);
      for (const capability of check.references.nist) expect(NISTIR_8259A, check.id).toContain(capability);
      expect(check.severityRationale.length, check.id).toBeGreaterThan(20);
      expect(check.explanation.length, check.id).toBeGreaterThan(40);
    }
  });

  it('rejects duplicate and malformed ids', () => {
    const first = CHECK_CATALOGUE[0]!;
    expect(() => defineCatalogue([first, first])).toThrow(/twice/);
    expect(() => defineCatalogue([{ ...first, id: 'NoDot' }])).toThrow(/not <area>/);
  });

  it('is extensible: a privacy check runs by being added to the list', () => {
    const privacy: CheckDefinition = {
      ...CHECK_CATALOGUE[0]!,
      id: 'privacy.location-shared',
      run: (target) => ({
        findings: [makeFinding(privacy, { detail: `location of ${target.address}`, remediation: ['turn it off'] })],
      }),
    };
    const extended = defineCatalogue([...CHECK_CATALOGUE, privacy]);
    expect(findCheck('privacy.location-shared', extended)).toBe(privacy);
    const result = runChecks(host(), undefined, extended);
    expect(result.findings.map((finding) => finding.checkId)).toContain('privacy.location-shared');
  });

  it('runs every check on a host and turns a crashing check into a skip', () => {
    const crashing: CheckDefinition = {
      ...CHECK_CATALOGUE[0]!,
      id: 'test.crash',
      run: () => {
        throw new Error('boom');
      },
    };
    const result = runChecks(host({ device: shellyGen1() }), undefined, [...CHECK_CATALOGUE, crashing]);
    expect(result.findings.map((finding) => finding.checkId)).toContain('auth.no-login');
    expect(result.skipped).toContainEqual({ checkId: 'test.crash', reason: 'check failed: boom' });
  });

  it('trims long evidence', () => {
    const trimmed = trimEvidence({ sent: 'GET /', received: 'x'.repeat(1000) });
    expect(trimmed.received.length).toBeLessThan(340);
    expect(trimmed.received).toContain('(1000 chars)');
  });
});

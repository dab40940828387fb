import { describe, expect, it } from 'vitest';
import { BUILT_IN_DOMAIN_DATA, sameVendor, vendorKnowledge } from '../../checks/domain-data.ts';
import { describeClassification, domainClassifier } from './classify-domain.ts';

describe('domain classification', () => {
  const classify = domainClassifier();

  it('matches vendor clouds on label boundaries and says which entry and fact it used', () => {
    const shelly = classify('shelly-9-eu.shelly.cloud');
    expect(shelly).toMatchObject({ category: 'vendor-cloud', vendor: 'Shelly', matched: 'shelly.cloud' });
    expect(shelly.source.origin).toBe('built-in');
    expect(shelly.source.label).toBe(`built-in data ${BUILT_IN_DOMAIN_DATA.version}, entry shelly.cloud`);
    expect(shelly.source.reference).toContain('fixtures/shelly');
    // A look-alike is not the vendor's.
    expect(classify('evilshelly.cloud').category).toBe('unknown');
    expect(classify('N-DEVS.TPLinkCloud.com.')).toMatchObject({ category: 'vendor-cloud', vendor: 'TP-Link' });
  });

  it('knows time servers, trackers, CDNs and local names', () => {
    expect(classify('time.google.com').category).toBe('time');
    expect(classify('2.europe.pool.ntp.org').category).toBe('time');
    expect(classify('googleads.g.doubleclick.net')).toMatchObject({ category: 'tracking', vendor: 'Google' });
    expect(classify('log-config.samsungacr.com')).toMatchObject({ category: 'tracking', vendor: 'Samsung' });
    expect(classify('e673.dsce9.akamaiedge.net').category).toBe('cdn');
    expect(classify('printer.home.arpa')).toMatchObject({ category: 'local', source: { reference: 'RFC 8375' } });
    expect(classify('10.1.77.127.in-addr.arpa').category).toBe('local');
    expect(classify('nas').source.label).toBe('rule: single-label name');
  });

  it('says so when nothing matched', () => {
    const unknown = classify('ntp.old-nas.example');
    expect(unknown).toEqual({ category: 'unknown', source: { origin: 'none', label: 'no entry matched' } });
  });

  it("lets the owner's entries extend and override the built-in data, with the config position as source", () => {
    const owned = domainClassifier([
      { domain: 'old-nas.example', category: 'local', note: 'our old NAS' },
      { domain: 'time.google.com', category: 'vendor-cloud', vendor: 'Google' },
    ]);
    expect(owned('ntp.old-nas.example')).toMatchObject({
      category: 'local',
      note: 'our old NAS',
      source: { origin: 'config', label: 'iotwarden.yaml dns.domains[0] (old-nas.example)' },
    });
    expect(owned('time.google.com').source.label).toBe('iotwarden.yaml dns.domains[1] (time.google.com)');
    // The longest suffix still wins over a shorter owner entry.
    expect(owned('shelly-9-eu.shelly.cloud').source.origin).toBe('built-in');
  });

  it('names categories for people', () => {
    expect(describeClassification(classify('iot.shelly.cloud'))).toBe('vendor cloud (Shelly)');
    expect(describeClassification(classify('pool.ntp.org'))).toBe('time');
  });

  it('every built-in entry cites a source, and suffixes are unique', () => {
    const suffixes = BUILT_IN_DOMAIN_DATA.entries.map((e) => e.suffix);
    expect(new Set(suffixes).size).toBe(suffixes.length);
    for (const entry of BUILT_IN_DOMAIN_DATA.entries) expect(entry.source.length, entry.suffix).toBeGreaterThan(5);
  });

  it('matches vendors across spellings of the MAC registry', () => {
    expect(sameVendor('Google', 'Google, Inc.')).toBe(true);
    expect(sameVendor('TP-Link', 'tp-link')).toBe(true);
    expect(sameVendor('Shelly', 'Shellyfish Ltd')).toBe(false);
    expect(vendorKnowledge('Signify')?.needsInternet).toBe('no');
    expect(vendorKnowledge('Google, Inc.')?.needsInternet).toBe('yes');
    expect(vendorKnowledge('Acme')).toBeUndefined();
  });
});

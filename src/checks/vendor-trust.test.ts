import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../families/index.ts';
import rawKev from './data/kev.json' with { type: 'json' };
import rawTrust from './data/vendor-trust.json' with { type: 'json' };
import { BUILT_IN_KEV, kevCatalogSchema, kevIndex } from './kev.ts';
import { BUILT_IN_VENDOR_TRUST, judgeVendor, MIN_FACTS_TO_JUDGE, vendorTrustOf } from './vendor-trust.ts';

const URL = /^https?:\/\/\S+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

describe('vendor trust data', () => {
  it('cites a source URL and a date for every fact', () => {
    const facts = rawTrust.vendors.flatMap((vendor) =>
      vendor.facts.map((fact) => ({ vendor: vendor.vendor, ...fact })),
    );
    expect(facts.length).toBeGreaterThan(0);
    for (const fact of facts) {
      expect(fact.source, `${fact.vendor}: ${fact.text}`).toMatch(URL);
      expect(fact.date, `${fact.vendor}: ${fact.text}`).toMatch(DATE);
      expect(Number.isNaN(Date.parse(fact.date))).toBe(false);
    }
  });

  it('judges no vendor on an empty or thin record', () => {
    expect(judgeVendor({ line: 'tuya', vendor: 'Nobody', facts: [] }).level).toBe('unknown');
    const one = {
      aspect: 'local-only' as const,
      rating: 'poor' as const,
      text: 'x',
      source: 'https://example.org',
      date: '2026-01-01',
    };
    expect(judgeVendor({ line: 'tuya', vendor: 'Thin', facts: [one] }).level).toBe('unknown');
    for (const record of BUILT_IN_VENDOR_TRUST.vendors) {
      const trust = judgeVendor(record);
      if (trust.level !== 'unknown')
        expect(record.facts.length, record.vendor).toBeGreaterThanOrEqual(MIN_FACTS_TO_JUDGE);
    }
    expect(vendorTrustOf('no-such-line').level).toBe('unknown');
  });

  it('has a record for every product line in the family table', () => {
    for (const family of FAMILIES) expect(vendorTrustOf(family.line).facts.length, family.line).toBeGreaterThan(0);
  });

  it('rates mixed and poor records as such', () => {
    const fact = (rating: 'good' | 'poor') => ({
      aspect: 'time-to-fix' as const,
      rating,
      text: 't',
      source: 'https://e.org',
      date: '2026-01-01',
    });
    expect(judgeVendor({ line: 'tuya', vendor: 'A', facts: [fact('good'), fact('poor')] }).level).toBe('mixed');
    expect(judgeVendor({ line: 'tuya', vendor: 'B', facts: [fact('poor'), fact('poor'), fact('good')] }).level).toBe(
      'poor',
    );
    expect(judgeVendor({ line: 'tuya', vendor: 'C', facts: [fact('good'), fact('good')] }).level).toBe('good');
  });
});

describe('KEV data', () => {
  it("keeps the CISA feed's own format, so a newer feed can replace it", () => {
    expect(Object.keys(rawKev)).toEqual(
      expect.arrayContaining(['title', 'catalogVersion', 'dateReleased', 'count', 'vulnerabilities']),
    );
    expect(rawKev.count).toBe(rawKev.vulnerabilities.length);
    for (const entry of rawKev.vulnerabilities) {
      for (const field of [
        'cveID',
        'vendorProject',
        'product',
        'vulnerabilityName',
        'dateAdded',
        'shortDescription',
        'requiredAction',
        'dueDate',
      ]) {
        expect(entry, `${entry.cveID} lacks ${field}`).toHaveProperty(field);
      }
    }
  });

  it('cites a source and a date for every entry', () => {
    for (const entry of BUILT_IN_KEV.vulnerabilities) {
      expect(entry.dateAdded).toMatch(DATE);
      expect(entry.notes).toMatch(/https?:\/\//);
    }
    expect(rawKev.$comment).toMatch(/https:\/\/www\.cisa\.gov\//);
  });

  it('refuses a document whose count does not match', () => {
    expect(kevCatalogSchema.safeParse({ ...rawKev, count: 99 }).success).toBe(false);
  });

  it('looks CVE ids up case-insensitively', () => {
    const lookup = kevIndex();
    expect(lookup('cve-2023-1389')?.dateAdded).toBe('2023-05-01');
    expect(lookup('CVE-2020-6007')).toBeUndefined();
  });
});

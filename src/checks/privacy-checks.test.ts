import { describe, expect, it } from 'vitest';
import { device, evidence, host, shellyGen1 } from '../../test/support/hosts.ts';
import type { HostFacts } from '../families/facts.ts';
import { runChecks } from './catalogue.ts';
import { cloudDespiteDisabledCheck } from './privacy-cloud-despite-disabled.ts';
import type { DeviceDnsProfile, DomainActivity, DomainClassification, HostFactsWithDns } from './privacy-facts.ts';
import { newDestinationCheck } from './privacy-new-destination.ts';
import { phoneHomeCheck } from './privacy-phone-home.ts';
import { trackerContactCheck } from './privacy-tracker-contact.ts';

const DAY = 86_400_000;
const START = Date.UTC(2025, 0, 1);
const END = START + 7 * DAY;

const cls = (category: DomainClassification['category'], vendor?: string): DomainClassification => ({
  category,
  ...(vendor ? { vendor } : {}),
  source: { origin: 'built-in', label: `test entry ${category}`, reference: 'test' },
});

function domain(
  name: string,
  classification: DomainClassification,
  parts: Partial<DomainActivity> = {},
): DomainActivity {
  return {
    domain: name,
    queries: 100,
    blocked: 0,
    firstSeenMs: START,
    lastSeenMs: END,
    classification,
    isNew: false,
    ...parts,
  };
}

function profile(domains: DomainActivity[], parts: Partial<DeviceDnsProfile> = {}): DeviceDnsProfile {
  return {
    clients: ['127.77.200.1'],
    mappedBy: 'mac',
    windowStartMs: START,
    windowEndMs: END,
    queries: domains.reduce((s, d) => s + d.queries, 0),
    blocked: domains.reduce((s, d) => s + d.blocked, 0),
    domains,
    timeline: { startMs: START, bucketMs: 3_600_000, counts: [] },
    cloud: { needsInternet: 'no', cloudSetting: false, vendorCloudDomains: [], summary: '' },
    explanations: [],
    ...parts,
  };
}

const withDns = (base: HostFacts, dns: DeviceDnsProfile): HostFactsWithDns => ({ ...base, dns });
const ids = (result: { findings: Array<{ checkId: string }> }) => result.findings.map((f) => f.checkId);

describe('privacy.phone-home', () => {
  const second = { medianIntervalMs: 1000, spread: 0.01, regular: true, intervals: 86_000 };
  it('flags a 1 s timer to an unknown name, naming the odd setting and how to fix it', () => {
    const garage = withDns(
      host({ address: '127.77.1.10', device: shellyGen1() }),
      profile([domain('ntp.old-nas.example', cls('unknown'), { queries: 86_400, period: second })], {
        explanations: [
          {
            path: 'sntp.server',
            value: 'ntp.old-nas.example',
            peersValue: 'time.google.com',
            peersAgreeing: 2,
            peers: 2,
            hint: 'SNTP server: retried',
          },
        ],
      }),
    );
    const [finding] = phoneHomeCheck.run(garage).findings;
    expect(finding).toMatchObject({
      checkId: 'privacy.phone-home',
      severity: 'medium',
      subject: 'ntp.old-nas.example',
    });
    expect(finding?.detail).toContain('every 1.0 s');
    expect(finding?.detail).toContain(
      'sntp.server is ntp.old-nas.example where 2 of 2 devices of its model use time.google.com',
    );
    expect(finding?.remediation[0]).toBe(
      'Set the SNTP server back: GET http://127.77.1.10/settings?sntp_server=time.google.com',
    );
    expect(finding?.remediation.join(' ')).toContain('iotwarden diff --peers 127.77.1.10');
    expect(finding?.references).toContain('OWASP IoT 2018 I6 Insufficient Privacy Protection');
  });

  it('leaves slow timers, time servers, people and devices without DNS data alone', () => {
    const quiet = withDns(
      host({ device: shellyGen1() }),
      profile([
        domain('time.google.com', cls('time'), { period: second }),
        domain('n-devs.tplinkcloud.com', cls('vendor-cloud', 'TP-Link'), {
          period: { ...second, medianIntervalMs: 60_000 },
        }),
        domain('api.example.net', cls('unknown'), { period: { ...second, spread: 0.9, regular: false } }),
      ]),
    );
    expect(phoneHomeCheck.run(quiet).findings).toEqual([]);
    expect(phoneHomeCheck.run(host({ device: shellyGen1() })).findings).toEqual([]);
  });
});

describe('privacy.cloud-despite-disabled', () => {
  const kasa = (enabled: boolean) =>
    device('kasa-legacy', { model: 'HS110(EU)', cloud: { enabled, evidence: evidence('cnCloud') } });
  const calls = profile(
    [domain('n-devs.tplinkcloud.com', cls('vendor-cloud', 'TP-Link'), { queries: 1440, blocked: 40 })],
    {
      cloud: {
        needsInternet: 'setup',
        cloudSetting: false,
        vendorCloudDomains: ['n-devs.tplinkcloud.com'],
        summary: '',
      },
    },
  );

  it('flags vendor-cloud lookups of a device whose cloud is off, with the cloud setting as evidence', () => {
    const result = cloudDespiteDisabledCheck.run(withDns(host({ device: kasa(false) }), calls));
    expect(ids(result)).toEqual(['privacy.cloud-despite-disabled']);
    expect(result.findings[0]?.detail).toContain(
      'asked for n-devs.tplinkcloud.com 1440 times (40 blocked by the sinkhole)',
    );
    expect(result.findings[0]?.evidence[0]).toEqual(evidence('cnCloud'));
  });

  it('does not flag a device whose cloud is on, or one that never calls its cloud', () => {
    expect(cloudDespiteDisabledCheck.run(withDns(host({ device: kasa(true) }), calls)).findings).toEqual([]);
    const none = profile([domain('pool.ntp.org', cls('time'))]);
    expect(cloudDespiteDisabledCheck.run(withDns(host({ device: kasa(false) }), none)).findings).toEqual([]);
  });
});

describe('privacy.tracker-contact', () => {
  it('flags trackers, medium when lookups were answered and low when all were blocked', () => {
    const tv = profile([
      domain('log-config.samsungacr.com', cls('tracking', 'Samsung'), { queries: 50 }),
      domain('app-measurement.com', cls('tracking', 'Google'), { queries: 10, blocked: 10 }),
    ]);
    const [finding] = trackerContactCheck.run(withDns(host(), tv)).findings;
    expect(finding?.severity).toBe('medium');
    expect(finding?.detail).toContain('log-config.samsungacr.com and app-measurement.com');
    expect(finding?.remediation[0]).toContain('Viewing Information Services');
    const blocked = profile([domain('app-measurement.com', cls('tracking', 'Google'), { queries: 10, blocked: 10 })]);
    expect(trackerContactCheck.run(withDns(host(), blocked)).findings[0]?.severity).toBe('low');
  });

  it('does not flag a device without trackers', () => {
    expect(trackerContactCheck.run(withDns(host(), profile([domain('pool.ntp.org', cls('time'))]))).findings).toEqual(
      [],
    );
  });
});

describe('privacy.new-destination', () => {
  it('flags new names, info for time servers, and ignores local names and old ones', () => {
    const dns = profile([
      domain('c2.example.org', cls('unknown'), { isNew: true, firstSeenMs: END - DAY }),
      domain('time.cloudflare.com', cls('time'), { isNew: true, firstSeenMs: END - DAY }),
      domain('nas.home.arpa', cls('local'), { isNew: true }),
      domain('pool.ntp.org', cls('time')),
    ]);
    const findings = newDestinationCheck.run(withDns(host(), dns)).findings;
    expect(findings.map((f) => [f.subject, f.severity])).toEqual([
      ['c2.example.org', 'low'],
      ['time.cloudflare.com', 'info'],
    ]);
    expect(findings[0]?.detail).toContain('after 6 days without it');
  });

  it('does not flag a device whose destinations are all old', () => {
    expect(newDestinationCheck.run(withDns(host(), profile([domain('pool.ntp.org', cls('time'))]))).findings).toEqual(
      [],
    );
  });
});

describe('privacy checks in the catalogue', () => {
  it('run with every other check and stay silent on hosts without DNS data', () => {
    const result = runChecks(host({ device: shellyGen1() }));
    expect(result.findings.filter((f) => f.checkId.startsWith('privacy.'))).toEqual([]);
    expect(result.skipped.filter((s) => s.checkId.startsWith('privacy.'))).toEqual([]);
  });
});

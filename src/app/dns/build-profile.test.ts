import { describe, expect, it } from 'vitest';
import { device, evidence, host } from '../../../test/support/hosts.ts';
import { DNS_BUCKET_MS, gapHistBin } from '../../sources/types.ts';
import type { AnalysisPair } from '../../store/index.ts';
import { buildProfile, type ProfileInput } from './build-profile.ts';
import { domainClassifier } from './classify-domain.ts';

const HOUR = DNS_BUCKET_MS;
const START = Date.UTC(2025, 0, 1);

function pair(domain: string, parts: Partial<AnalysisPair> = {}): AnalysisPair {
  return {
    clientId: 1,
    domain,
    queries: 10,
    blocked: 0,
    firstMs: START,
    lastMs: START + 47 * HOUR,
    histJson: '[]',
    ...parts,
  };
}

function input(pairs: AnalysisPair[], hourly: number[], parts: Partial<ProfileInput> = {}): ProfileInput {
  return {
    host: host({ device: device('kasa-legacy', { cloud: { enabled: false, evidence: evidence('cloud') } }) }),
    clients: [{ ip: '127.77.200.9', mappedBy: 'mac' }],
    pairs,
    hourly: hourly.map((queries, index) => ({ bucketMs: START + index * HOUR, queries })),
    window: { startMs: START, endMs: START + (hourly.length - 1) * HOUR + 1_800_000 },
    classify: domainClassifier(),
    ...parts,
  };
}

describe('device DNS profile', () => {
  it('sees a rate jump against the device own median hour, and not a steady rate', () => {
    const steady = buildProfile(input([pair('pool.ntp.org')], new Array(48).fill(60)));
    expect(steady.rate).toMatchObject({ baselinePerHour: 60, recentPerHour: 60, anomaly: false });
    const jump = [...new Array(46).fill(60), 900, 400];
    expect(buildProfile(input([pair('pool.ntp.org')], jump)).rate).toMatchObject({
      baselinePerHour: 60,
      recentPerHour: 900,
      factor: 15,
      anomaly: true,
    });
    // Less than a day of history: no verdict.
    expect(buildProfile(input([pair('pool.ntp.org')], new Array(12).fill(60))).rate).toBeUndefined();
  });

  it('merges a domain seen through two sources and reads the period from their histograms', () => {
    const hist = JSON.stringify([[gapHistBin(1000), 50]]);
    const profile = buildProfile(
      input(
        [
          pair('ntp.odd.example', { queries: 51, histJson: hist }),
          pair('ntp.odd.example', { queries: 51, histJson: hist, firstMs: START - HOUR }),
        ],
        [1],
      ),
    );
    expect(profile.domains).toHaveLength(1);
    expect(profile.domains[0]).toMatchObject({
      queries: 102,
      firstSeenMs: START - HOUR,
      period: { intervals: 100, regular: true },
    });
  });

  it('marks a blocked name asked for again and again as a retry loop, and a rarely blocked one not', () => {
    const profile = buildProfile(
      input(
        [
          pair('app-measurement.com', { queries: 600, blocked: 600, lastMs: START + 60 * 60_000 }),
          pair('ads.example.com', { queries: 12, blocked: 12 }),
        ],
        [612],
      ),
    );
    expect(profile.domains.find((d) => d.domain === 'app-measurement.com')?.blockedRetry).toEqual({
      blocked: 600,
      perMinute: 10,
    });
    expect(profile.domains.find((d) => d.domain === 'ads.example.com')?.blockedRetry).toBeUndefined();
    expect(profile.blocked).toBe(612);
  });

  it('lays the hours out on one timeline from the window start, with empty hours as zero', () => {
    const profile = buildProfile(input([pair('pool.ntp.org')], [5, 0, 0, 7]));
    expect(profile.timeline).toEqual({ startMs: START, bucketMs: HOUR, counts: [5, 0, 0, 7] });
  });

  it('reports cloud dependence from vendor knowledge, the setting and what was seen', () => {
    const profile = buildProfile(input([pair('n-devs.tplinkcloud.com', { queries: 40 })], [40]));
    expect(profile.cloud).toMatchObject({
      needsInternet: 'setup',
      cloudSetting: false,
      vendorCloudDomains: ['n-devs.tplinkcloud.com'],
    });
    expect(profile.cloud.summary).toBe(
      'Needs the internet for setup (then works locally); cloud setting off; asked for n-devs.tplinkcloud.com (40 queries). It talks to its cloud although the cloud is switched off.',
    );
    expect(profile.cloud.needsInternetSource).toContain('python-kasa');
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseDns, attachDnsByIdentity, type DnsAnalysis, hostsWithDns } from '../../src/app/dns/analyse-dns.ts';
import { CHECK_CATALOGUE, runChecks } from '../../src/checks/catalogue.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { sharedFixturePath } from '../support/shared-fixtures.ts';
import { importInto, type SeedHomeDns, startSeedHomeWithDns } from './seed-home-dns.ts';

/**
 * The seed home's generated Pi-hole traffic (src/lab/dns-traffic) plus a second, hand-written Pi-hole database in
 * the old layout (built from ../shared/fixtures/pihole/pihole-FTL.db.sql) in which the christmas-tree plug calls
 * the TP-Link cloud although its cloud is off and the kids' nightlight starts asking for a new name.
 */
const EXPECTED_PRIVACY: Record<string, string[]> = {
  'garage-door': ['privacy.phone-home'],
  'christmas-tree': ['privacy.cloud-despite-disabled'],
  'kids-nightlight': ['privacy.new-destination'],
  'living-room-tv': ['privacy.tracker-contact'],
  // Amazon's device-metrics telemetry host is on the Smart-TV blocklist domains.json cites.
  'kitchen-echo': ['privacy.tracker-contact'],
  phone: ['privacy.tracker-contact'],
  laptop: ['privacy.tracker-contact'],
};
const QUIET = ['esphome-sensor', 'air-quality', 'bedroom-fan', 'old-hallway-relay', 'tasmota-plug', 'hue-bridge'];
const FIXTURE = sharedFixturePath('pihole/pihole-FTL.db.sql');
const HOUR = 3_600_000;

let home: SeedHomeDns;
let store: Store;
let analysis: DnsAnalysis;
let handWritten = 0;

/** An old-layout FTL database (plain `queries` table) with timed lookups from two seed-home plugs. */
function writeLegacyPiholeDb(file: string): number {
  const db = new BetterSqlite3(file);
  db.exec(readFileSync(FIXTURE, 'utf8'));
  const insert = db.prepare(
    'INSERT INTO queries (timestamp, type, status, domain, client, forward) VALUES (?, 1, 2, ?, ?, ?)',
  );
  let rows = 0;
  db.transaction(() => {
    for (let t = home.endMs - 25 * HOUR; t <= home.endMs; t += 10 * 60_000) {
      insert.run(Math.floor(t / 1000), 'n-devs.tplinkcloud.com', `${home.prefix}.31`, '9.9.9.9#53');
      rows += 1;
    }
    for (let t = home.endMs - 90 * 60_000; t <= home.endMs; t += 5 * 60_000) {
      insert.run(Math.floor(t / 1000), 'fw.new-vendor.example', `${home.prefix}.32`, '9.9.9.9#53');
      rows += 1;
    }
  })();
  db.close();
  return rows;
}

beforeAll(async () => {
  const started = Date.now();
  home = await startSeedHomeWithDns();
  const legacy = join(home.runtime, 'old-pihole-FTL.db');
  const rows = writeLegacyPiholeDb(legacy);
  handWritten = rows;
  const second = await importInto(home.db, legacy);
  expect(second.imported).toBe(rows);
  store = await openStore(home.db);
  analysis = await analyseDns(store);
  console.log(
    `seed home with DNS ready in ${Date.now() - started} ms: ${home.imported.imported} generated + ${rows} hand-written queries (fixture ${FIXTURE})`,
  );
}, 60_000);

afterAll(async () => {
  await store?.close();
  await home?.stop();
});

const report = (name: string) => analysis.devices.find((d) => d.label === name);

async function privacyFindings(): Promise<Record<string, string[]>> {
  const devices = await store.devices();
  const hosts = hostsWithDns(devices, analysis);
  const found: Record<string, string[]> = {};
  for (const [index, host] of hosts.entries()) {
    const ids = runChecks(host, { hosts })
      .findings.filter((f) => f.checkId.startsWith('privacy.'))
      .map((f) => f.checkId);
    if (ids.length > 0)
      found[analysis.devices.find((d) => d.deviceId === devices[index]!.deviceId)!.label] = [...new Set(ids)].sort();
  }
  return found;
}

describe('DNS analysis of the seed home', () => {
  it('maps every sinkhole client to a scanned device, by MAC, and records the mapping', () => {
    expect(analysis.totalQueries).toBe(home.imported.imported + handWritten);
    expect(analysis.unmapped).toEqual([]);
    const garage = report('garage-door')!;
    expect(garage.profile.mappedBy).toBe('mac');
    expect(garage.address).toBe(`${home.prefix}.10`);
    expect(garage.profile.clients).toEqual([`${home.prefix}.10`]);
    const db = new BetterSqlite3(home.db, { readonly: true });
    const mapped = db.prepare('SELECT count(*) AS n FROM dns_clients WHERE device_id IS NOT NULL').get() as {
      n: number;
    };
    const all = db.prepare('SELECT count(*) AS n FROM dns_clients').get() as { n: number };
    db.close();
    expect(mapped.n).toBe(all.n);
  });

  it('flags the garage door querying one name every 1.0 s and names the setting behind it', () => {
    const garage = report('garage-door')!.profile;
    const [top] = garage.domains;
    expect(top?.domain).toBe('ntp.old-nas.example');
    expect(top?.period?.regular).toBe(true);
    expect(top?.period?.medianIntervalMs).toBeGreaterThan(950);
    expect(top?.period?.medianIntervalMs).toBeLessThan(1050);
    // 26 hours at one lookup a second.
    expect(top?.queries).toBeGreaterThan(26 * 3600 * 0.97);
    expect(garage.explanations[0]).toMatchObject({
      path: 'sntp.server',
      value: 'ntp.old-nas.example',
      peersValue: 'time.google.com',
      peersAgreeing: 2,
      peers: 2,
    });
    expect(garage.cloud).toMatchObject({ needsInternet: 'no', cloudSetting: false, vendorCloudDomains: [] });
  });

  it('raises exactly the expected privacy findings; quiet devices stay clean', async () => {
    const found = await privacyFindings();
    expect(found).toEqual(EXPECTED_PRIVACY);
    for (const name of QUIET) expect(found[name], name).toBeUndefined();
    // Every privacy check fires on some device and stays silent on others.
    for (const check of CHECK_CATALOGUE.filter((c) => c.id.startsWith('privacy.'))) {
      const firing = Object.values(found).filter((ids) => ids.includes(check.id)).length;
      expect(firing, check.id).toBeGreaterThan(0);
      expect(firing, check.id).toBeLessThan(analysis.devices.length);
    }
  });

  it('says where every classification came from', () => {
    const coffee = report('coffee-maker')!.profile;
    const cloud = coffee.domains.find((d) => d.domain === 'n-devs.tplinkcloud.com')!;
    expect(cloud.classification).toMatchObject({
      category: 'vendor-cloud',
      vendor: 'TP-Link',
      matched: 'tplinkcloud.com',
    });
    expect(cloud.classification.source.reference).toContain('fixtures/kasa');
    const tv = report('living-room-tv')!.profile;
    expect(tv.domains.find((d) => d.domain === 'app-measurement.com')?.classification.source.label).toMatch(
      /^built-in data .*app-measurement\.com$/,
    );
    const garage = report('garage-door')!.profile.domains[0]!;
    expect(garage.classification.source).toEqual({ origin: 'none', label: 'no entry matched' });
    for (const device of analysis.devices) {
      for (const domain of device.profile.domains)
        expect(domain.classification.source.label, domain.domain).not.toBe('');
    }
  });

  it('sees the TV hammering a blocked tracker and cloud dependence per device', () => {
    const tv = report('living-room-tv')!.profile;
    const measurement = tv.domains.find((d) => d.domain === 'app-measurement.com')!;
    expect(measurement.blocked).toBe(measurement.queries);
    expect(measurement.blockedRetry?.perMinute).toBeGreaterThanOrEqual(5);
    expect(report('coffee-maker')!.profile.cloud).toMatchObject({
      cloudSetting: true,
      vendorCloudDomains: ['n-devs.tplinkcloud.com', 'n-deventry.tplinkcloud.com'],
    });
    expect(report('christmas-tree')!.profile.cloud.summary).toContain('although the cloud is switched off');
    expect(report('kitchen-speaker')!.profile.cloud.needsInternet).toBe('yes');
  });

  it('knows new names and keeps an hourly timeline', () => {
    const nightlight = report('kids-nightlight')!.profile;
    expect(nightlight.domains.filter((d) => d.isNew).map((d) => d.domain)).toEqual(['fw.new-vendor.example']);
    expect(analysis.devices.flatMap((d) => d.profile.domains.filter((x) => x.isNew)).length).toBe(1);
    const garage = report('garage-door')!.profile;
    expect(garage.timeline.counts.length).toBeGreaterThanOrEqual(26);
    const full = garage.timeline.counts.slice(1, -1);
    for (const count of full) expect(count).toBeGreaterThan(3400);
    expect(garage.rate?.anomaly).toBe(false);
  });

  it('attaches profiles to freshly scanned hosts by MAC, for the scan pipeline', async () => {
    const scanned = (await store.devices()).map((d) => d.facts);
    const attached = attachDnsByIdentity(scanned, analysis);
    const garage = attached.find((h) => h.address === `${home.prefix}.10`)!;
    expect(garage.dns?.domains[0]?.domain).toBe('ntp.old-nas.example');
    expect(attached.filter((h) => h.dns !== undefined)).toHaveLength(analysis.devices.length);
  });

  it('is repeatable: a second analysis gives the same profiles', async () => {
    const again = await analyseDns(store);
    expect(again.devices.map((d) => [d.label, d.profile.queries])).toEqual(
      analysis.devices.map((d) => [d.label, d.profile.queries]),
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { Finding } from '../../checks/finding.ts';
import { kevCatalogSchema, kevIndex } from '../../checks/kev.ts';
import { vendorTrustOf } from '../../checks/vendor-trust.ts';
import { FUNCTION_CATEGORIES } from '../../families/function-category.ts';
import { FAMILIES } from '../../families/index.ts';
import type { ReportDevice } from '../report/report-model.ts';
import { deviceContext } from './context.ts';
import { assessImpact } from './impact.ts';
import { assessLikelihood, type LikelihoodInputs } from './likelihood.ts';
import { cellLevel, reasonLine, riskLevel } from './matrix.ts';

function finding(checkId: string, subject?: string): Finding {
  return {
    checkId,
    severity: 'high',
    title: checkId,
    ...(subject ? { subject } : {}),
    detail: '',
    evidence: [],
    remediation: [],
    references: [],
  };
}

function device(overrides: Partial<ReportDevice> = {}): ReportDevice {
  return {
    id: 'dev_1',
    name: null,
    family: 'generic',
    addresses: ['127.0.0.9'],
    mac: null,
    vendor: null,
    model: null,
    hwVersion: null,
    firmware: { installed: null, latest: null },
    protocols: [],
    services: [],
    score: 100,
    deductions: [],
    findings: [],
    skipped: [],
    ...overrides,
  };
}

const noKev = kevIndex(
  kevCatalogSchema.parse({
    title: 't',
    catalogVersion: 'v',
    dateReleased: '2026-01-01T00:00:00Z',
    count: 0,
    vulnerabilities: [],
  }),
);
const inputs = (overrides: Partial<LikelihoodInputs> = {}): LikelihoodInputs => ({
  exposedBy: [],
  kev: noKev,
  trust: vendorTrustOf('shelly'),
  cloudOnly: false,
  ...overrides,
});

describe('the matrix', () => {
  it('bands impact × likelihood into four levels', () => {
    expect([1, 4, 5, 9, 10, 16, 20, 25].map(riskLevel)).toEqual([
      'low',
      'low',
      'medium',
      'medium',
      'high',
      'high',
      'critical',
      'critical',
    ]);
    expect(cellLevel(5, 4)).toBe('critical');
    expect(cellLevel(2, 3)).toBe('medium');
  });

  it('says who could do what and why, in one line', () => {
    const context = deviceContext(device({ name: 'garage-door', family: 'shelly-gen1', model: 'SHSW-1' }));
    const likelihood = assessLikelihood(device({ findings: [finding('auth.no-login')] }), inputs());
    expect(reasonLine(assessImpact(context), likelihood)).toBe(
      'Anyone on your Wi-Fi could open the garage door: it answers without a password.',
    );
  });
});

describe('likelihood', () => {
  it('starts at 1 with nothing known and caps at 5', () => {
    expect(assessLikelihood(device(), inputs()).level).toBe(1);
    const many = [
      'auth.default-credentials',
      'auth.no-login',
      'firmware.update-available',
      'transport.cleartext-admin',
    ];
    expect(assessLikelihood(device({ findings: many.map((id) => finding(id)) }), inputs()).level).toBe(5);
  });

  it('weights a CVE up when it is on the KEV list', () => {
    const vulnerable = device({ findings: [finding('firmware.known-vulnerable', 'CVE-2026-76784')] });
    const plain = assessLikelihood(vulnerable, inputs());
    const kev = kevIndex(
      kevCatalogSchema.parse({
        title: 't',
        catalogVersion: 'test',
        dateReleased: '2026-12-01T00:00:00Z',
        count: 1,
        vulnerabilities: [
          {
            cveID: 'CVE-2026-76784',
            vendorProject: 'TP-Link',
            product: 'Kasa',
            vulnerabilityName: 'test entry',
            dateAdded: '2026-11-30',
            shortDescription: 'test',
            requiredAction: 'update',
            dueDate: '2026-12-21',
            notes: 'https://example.org/test',
          },
        ],
      }),
    );
    const exploited = assessLikelihood(vulnerable, inputs({ kev }));
    expect(plain.factors[0]).toMatchObject({ id: 'known-vulnerable', points: 1 });
    expect(exploited.factors[0]).toMatchObject({ id: 'known-exploited', points: 3 });
    expect(exploited.factors[0]!.because).toContain("on CISA's KEV list since 2026-11-30");
    expect(exploited.level).toBeGreaterThan(plain.level);
  });

  it('adds a point when firmware has gone a year without a published update', () => {
    const behind = device({ findings: [finding('firmware.update-available')] });
    const recent = assessLikelihood(
      behind,
      inputs({ unpatched: { days: 30, version: '1.2', releaseDate: '2026-11-05' } }),
    );
    const old = assessLikelihood(
      behind,
      inputs({ unpatched: { days: 800, version: '1.2', releaseDate: '2024-09-26' } }),
    );
    expect(recent.factors[0]).toMatchObject({ id: 'unpatched', points: 1 });
    expect(old.factors[0]).toMatchObject({ id: 'unpatched', points: 2 });
    expect(old.factors[0]!.because).toBe('its firmware has gone 800 days without 1.2 (released 2024-09-26)');
    // Without a firmware finding the catalogue's date alone does not call the device behind.
    const current = assessLikelihood(
      device(),
      inputs({ unpatched: { days: 800, version: '1.2', releaseDate: '2024-09-26' } }),
    );
    expect(current.factors).toEqual([]);
  });

  it('counts internet exposure through UPnP and a cloud-only device', () => {
    const exposed = assessLikelihood(device(), inputs({ exposedBy: ['TCP 8554 → 127.0.0.9:554'] }));
    expect(exposed.factors[0]).toMatchObject({ id: 'internet-exposed', who: 'anyone on the internet' });
    expect(assessLikelihood(device(), inputs({ cloudOnly: true })).factors.map((f) => f.id)).toEqual(['cloud']);
  });
});

describe('impact', () => {
  const camera = (name: string) =>
    assessImpact(deviceContext(device({ name, services: [{ port: 554, transport: 'tcp', name: 'rtsp' }] })));

  it('weights privacy by room: nursery and bedroom highest, outside lowest', () => {
    expect(camera('nursery-camera')).toMatchObject({ level: 5, dimension: 'privacy' });
    expect(camera('bedroom-cam').level).toBe(5);
    expect(camera('kitchen-camera').level).toBe(3);
    expect(camera('garden-camera').level).toBe(2);
  });

  it('makes a plug on a heater a safety matter and a plug on a tree a property one', () => {
    const plug = (owner: { controls?: string }) =>
      assessImpact(deviceContext(device({ name: 'plug-7', family: 'kasa-legacy', model: 'HS100(UK)' }), owner));
    expect(plug({ controls: 'space heater' })).toMatchObject({ level: 4, dimension: 'safety' });
    expect(plug({ controls: 'christmas tree' })).toMatchObject({ level: 2, dimension: 'property' });
  });
});

describe('context', () => {
  it('gives every family in the table a category through its descriptor', () => {
    for (const family of FAMILIES) {
      expect(FUNCTION_CATEGORIES, family.id).toContain(family.risk.category(undefined));
      expect(family.risk.localApi.length, family.id).toBeGreaterThan(0);
    }
    const of = (family: ReportDevice['family'], model: string | null) =>
      deviceContext(device({ family, model })).category;
    expect(of('lifx', 'LIFX A19').value).toBe('light');
    expect(of('nanoleaf', 'NL29').value).toBe('light');
    expect(of('tuya', null).value).toBe('plug');
    expect(of('shelly-gen2', 'SNPL-00112EU')).toEqual({ value: 'plug', source: 'Shelly model SNPL-00112EU' });
    expect(of('hue', 'BSB002').value).toBe('hub');
  });

  it("places a device in its Home Assistant area, under the owner's word and over its name", () => {
    const inArea = (area: string | null, name = 'cam-2') =>
      device({
        name,
        services: [{ port: 554, transport: 'tcp', name: 'rtsp' }],
        context: { scanned: true, area, floor: null, homeAssistant: null, sources: ['home-assistant'] },
      });
    expect(deviceContext(inArea('Kids Bedroom')).room).toEqual({
      value: 'bedroom',
      source: 'Home Assistant area "Kids Bedroom"',
    });
    expect(deviceContext(inArea('Garden')).outside?.value).toBe(true);
    expect(deviceContext(inArea('Studio')).room?.value).toBe('studio');
    expect(deviceContext(inArea('Nursery', 'living-room-camera')).room?.value).toBe('nursery');
    expect(deviceContext(inArea('Nursery'), { room: 'office' }).room).toEqual({ value: 'office', source: 'owner' });
    // A camera HA puts in the nursery weighs as one in the nursery.
    expect(assessImpact(deviceContext(inArea('Nursery'))).level).toBeGreaterThan(
      assessImpact(deviceContext(inArea('Studio'))).level,
    );
  });

  it('takes a relay named for its load as that load, and lets the owner override everything', () => {
    const relay = device({ name: 'garage-door', family: 'shelly-gen1', model: 'SHSW-1' });
    expect(deviceContext(relay).category).toEqual({ value: 'garage-door', source: 'device name' });
    expect(deviceContext(relay, { category: 'light' }).category).toEqual({ value: 'light', source: 'owner' });
    // A plug named after the TV it powers stays a plug.
    expect(deviceContext(device({ name: 'tv-plug', family: 'kasa-legacy', model: 'HS100(UK)' })).category.value).toBe(
      'plug',
    );
  });
});

describe('unpatched firmware', () => {
  it('dates the first catalogue release newer than the installed firmware', async () => {
    const { bundledCatalogue } = await import('../firmware/catalogue-load.ts');
    const { firstNewerRelease, daysSince } = await import('./unpatched.ts');
    const island = device({
      family: 'shelly-gen1',
      vendor: 'Shelly',
      model: 'SHSW-25',
      firmware: { installed: '20221027-091427/v1.12.1-ga9117d3', latest: null },
    });
    expect(firstNewerRelease(island, bundledCatalogue())).toEqual({ version: 'v1.14.0', releaseDate: '2023-09-13' });
    const current = { ...island, firmware: { installed: '20230913-112003/v1.14.0-gcb84623', latest: null } };
    expect(firstNewerRelease(current, bundledCatalogue())).toBeUndefined();
    expect(daysSince('2026-01-01', Date.UTC(2026, 0, 31))).toBe(30);
  });
});

import { describe, expect, it } from 'vitest';
import { device, evidence, host, shellyGen1 } from '../../test/support/hosts.ts';
import { readSharedJson } from '../../test/support/shared-fixtures.ts';
import { ADVISORIES, matchAdvisories } from './advisories.ts';
import { belowMinimumCheck, MINIMUM_FIRMWARE } from './firmware-below-minimum.ts';
import { knownVulnerableCheck } from './firmware-known-vulnerable.ts';
import { autoUpdateOffCheck, updateAvailableCheck } from './firmware-update-checks.ts';

describe('firmware.update-available', () => {
  it('flags a Gen1 Shelly whose status reports a newer version, with the OTA steps', () => {
    const shelly = host({
      device: shellyGen1({
        firmware: {
          installed: '20230913-114427/v1.14.0-gcb84623',
          latest: '20231107-164540/v1.14.1-gcb84623',
          updateEvidence: evidence('status-update'),
        },
      }),
    });
    const [finding] = updateAvailableCheck.run(shelly).findings;
    expect(finding?.subject).toBe('20231107-164540/v1.14.1-gcb84623');
    expect(finding?.evidence).toEqual([evidence('status-update')]);
    expect(finding?.remediation.join(' ')).toContain('/ota?update=true');
    expect(finding?.remediation.join(' ')).toContain('iotwarden firmware apply --now --device');
  });

  it('passes when latest equals installed', () => {
    expect(updateAvailableCheck.run(host({ device: shellyGen1() }))).toEqual({ findings: [] });
  });

  it('knows a newer version from an advisory when the device reports none (Shelly Pro 4PM 1.0.3 → 1.6.0)', () => {
    const pro4 = host({
      device: device('shelly-gen2', {
        model: 'SPSW-004PE16EU',
        protocols: ['shelly-rpc'],
        firmware: { installed: '20230912-082358/1.0.3-g6176478' },
      }),
    });
    const [finding] = updateAvailableCheck.run(pro4).findings;
    expect(finding?.subject).toBe('1.6.0');
    expect(finding?.detail).toContain('fixes CVE-2025-11243');
  });

  it('skips Hue without an application key, with the adapter limitation', () => {
    const bridge = host({
      device: device('hue', {
        model: 'BSB002',
        firmware: { installed: '1967054020' },
        limitations: ['needs a Hue application key to read swupdate2'],
      }),
    });
    expect(updateAvailableCheck.run(bridge).skipped).toEqual([
      { checkId: 'firmware.update-available', reason: 'needs a Hue application key to read swupdate2' },
    ]);
  });
});

describe('firmware.auto-update-off', () => {
  it('flags a Hue bridge with autoinstall off and points at iotwarden fix auto-update', () => {
    const bridge = host({
      device: device('hue', {
        firmware: { installed: '1967054020', autoUpdate: false, autoUpdateEvidence: evidence('swupdate2') },
      }),
    });
    const [finding] = autoUpdateOffCheck.run(bridge).findings;
    expect(finding?.severity).toBe('low');
    expect(finding?.remediation.join(' ')).toContain(`iotwarden fix auto-update ${bridge.address}`);
  });

  it('passes when on, and skips Hue without a key and Tasmota (no switch) with reasons', () => {
    expect(
      autoUpdateOffCheck.run(host({ device: device('hue', { firmware: { autoUpdate: true } }) })).findings,
    ).toEqual([]);
    expect(autoUpdateOffCheck.run(host({ device: device('hue') })).skipped?.[0]?.reason).toBe(
      'needs a Hue application key to read swupdate2.autoinstall',
    );
    expect(autoUpdateOffCheck.run(host({ device: device('tasmota') })).skipped?.[0]?.reason).toContain(
      'no automatic update',
    );
  });
});

describe('firmware.known-vulnerable', () => {
  it('flags a Hue bridge on 1935144020 with CVE-2020-6007, but not one on 1935144040', () => {
    const old = host({ device: device('hue', { model: 'BSB002', firmware: { installed: '1935144020' } }) });
    const [finding] = knownVulnerableCheck.run(old).findings;
    expect(finding).toMatchObject({ subject: 'CVE-2020-6007', severity: 'high' });
    expect(finding?.references).toContain('CVE-2020-6007');
    expect(finding?.remediation[0]).toBe('Update to 1935144040 or later.');
    const fixed = host({ device: device('hue', { model: 'BSB002', firmware: { installed: '1935144040' } }) });
    expect(knownVulnerableCheck.run(fixed).findings).toEqual([]);
  });

  it('matches Kasa products by model without region and by hardware version', () => {
    const kp303 = host({
      device: device('kasa-legacy', {
        model: 'KP303(US)',
        hwVersion: '2.0',
        firmware: { installed: '1.0.9 Build 240131 Rel.141407' },
      }),
    });
    expect(knownVulnerableCheck.run(kp303).findings[0]?.subject).toBe('CVE-2026-76784');
    const kp303v1 = host({
      device: device('kasa-legacy', {
        model: 'KP303(UK)',
        hwVersion: '1.0',
        firmware: { installed: '1.0.3 Build 191105 Rel.113122' },
      }),
    });
    expect(knownVulnerableCheck.run(kp303v1).findings).toEqual([]);
  });

  it('says when no fix exists (Tasmota Scripter CVEs) and keeps the advisory severity', () => {
    const tasmota = host({ device: device('tasmota', { firmware: { installed: '14.2.0(tasmota)' } }) });
    const { findings } = knownVulnerableCheck.run(tasmota);
    expect(findings.map((finding) => finding.subject).sort()).toEqual(['CVE-2026-38422', 'CVE-2026-38426']);
    expect(findings[0]?.detail).toContain('No fixed version has been published yet.');
  });

  it('skips when the firmware string cannot be compared', () => {
    const odd = host({ device: device('hue', { model: 'BSB002', firmware: { installed: 'beta-xyz' } }) });
    expect(knownVulnerableCheck.run(odd).skipped?.[0]?.reason).toContain('cannot compare');
  });
});

describe('conformance: advisories against real Kasa captures', () => {
  const cases: Array<[string, string, boolean]> = [
    ['iot', 'KP303(US)_2.0_1.0.9.json', true],
    ['iot', 'HS300(US)_2.0_1.0.3.json', true],
    ['iot', 'HS300(US)_1.0_1.0.10.json', false],
    ['smart', 'EP40M(US)_1.0_1.1.0.json', false],
    ['smart', 'KS240(US)_1.0_1.0.4.json', true],
    ['smart', 'KS240(US)_1.0_1.0.7.json', false],
    ['smart', 'EP25(US)_2.6_1.0.2.json', true],
  ];

  it.each(cases)('%s/%s affected by CVE-2026-76784: %s', (folder, file, affected) => {
    // biome-ignore lint/suspicious/noExplicitAny: captures are untyped JSON.
    const capture = readSharedJson(`kasa/${folder}/${file}`) as any;
    const info = folder === 'iot' ? capture.system.get_sysinfo : capture.get_device_info;
    const facts = device('kasa-smart', {
      model: info.model,
      hwVersion: info.hw_ver,
      firmware: { installed: info.sw_ver ?? info.fw_ver },
    });
    const match = matchAdvisories(facts).find((candidate) => candidate.advisory.id === 'CVE-2026-76784');
    expect(match?.affected ?? false, `${file}: ${facts.firmware.installed}`).toBe(affected);
    console.log(`advisory conformance: kasa/${folder}/${file} ${facts.firmware.installed} affected=${affected}`);
  });
});

describe('firmware.below-minimum', () => {
  it('flags a 2019 Gen1 Shelly (before 1.9.0 / 20201124) and names aioshelly as the source', () => {
    const old = host({
      device: shellyGen1({ model: 'SHSW-1', firmware: { installed: '20191127-095418/v1.5.6@0a8e2b9f' } }),
    });
    const [finding] = belowMinimumCheck.run(old).findings;
    expect(finding?.detail).toContain('1.9.0');
    expect(finding?.references.some((reference) => reference.includes('aioshelly'))).toBe(true);
  });

  it('uses the stricter light-model minimum (SHDM-2 needs 20210710) and passes current firmware', () => {
    const dimmer = host({
      device: shellyGen1({ model: 'SHDM-2', firmware: { installed: '20210115-102904/v1.9.5@a3b2a5ff' } }),
    });
    expect(belowMinimumCheck.run(dimmer).findings[0]?.detail).toContain('1.11.0');
    expect(belowMinimumCheck.run(host({ device: shellyGen1() })).findings).toEqual([]);
  });

  it('compares Gen2 by build date (Pro 4PM fixture 20230912 is after 20230803)', () => {
    const pro4 = host({
      device: device('shelly-gen2', {
        model: 'SPSW-004PE16EU',
        protocols: ['shelly-rpc'],
        firmware: { installed: '20230912-082358/1.0.3-g6176478' },
      }),
    });
    expect(belowMinimumCheck.run(pro4).findings).toEqual([]);
    const early = host({
      device: device('shelly-gen2', {
        model: 'SNSW-001X16EU',
        protocols: ['shelly-rpc'],
        firmware: { installed: '0.14.1' },
      }),
    });
    expect(belowMinimumCheck.run(early).findings).toHaveLength(1);
  });

  it('passes families without a documented minimum and skips when the version is unknown', () => {
    expect(
      belowMinimumCheck.run(host({ device: device('kasa-legacy', { firmware: { installed: '1.0.3' } }) })).findings,
    ).toEqual([]);
    expect(belowMinimumCheck.run(host({ device: shellyGen1({ firmware: {} }) })).skipped?.[0]?.reason).toContain(
      'unknown',
    );
  });
});

describe('shipped data', () => {
  it('validates and cites a source for every entry', () => {
    expect(ADVISORIES.length).toBeGreaterThanOrEqual(8);
    for (const advisory of ADVISORIES) expect(advisory.sources[0]).toMatch(/^https:\/\//);
    expect(MINIMUM_FIRMWARE.map((entry) => entry.minBuildDate)).toContain(20201124);
    expect(MINIMUM_FIRMWARE.map((entry) => entry.minBuildDate)).toContain(20230803);
  });
});

describe('skip reasons prefer the most relevant adapter limitation', () => {
  it('explains a missing Tasmota update state with the release sentence, not the password one', () => {
    const tasmota = host({
      device: device('tasmota', {
        firmware: { installed: '13.4.0(tasmota)' },
        limitations: [
          'web password set and no credentials configured for this device',
          'Tasmota does not report whether a newer release exists; compare with the catalogue',
        ],
      }),
    });
    expect(updateAvailableCheck.run(tasmota).skipped?.[0]?.reason).toContain('newer release');
  });
});

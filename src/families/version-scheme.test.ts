import { describe, expect, it } from 'vitest';
import { listSharedFixtures, readSharedJson } from '../../test/support/shared-fixtures.ts';
import { hueScheme, parseHue } from './hue/version.ts';
import { parseShelly, shellyBuildDate, shellyScheme } from './shelly/version.ts';
import { parseTasmota, tasmotaScheme } from './tasmota/version.ts';
import { kasaScheme, parseKasa } from './tplink/version.ts';
import { compareVersions, semverScheme } from './version-scheme.ts';

describe('Shelly build strings', () => {
  it('parses Gen1, old Gen1, Gen2 and Wall Display strings (as in the fixtures)', () => {
    expect(parseShelly('20230913-114427/v1.14.0-gcb84623')).toEqual({ numbers: [1, 14, 0], build: [20230913, 114427] });
    expect(parseShelly('20191127-095418/v1.5.6@0a8e2b9f')).toEqual({ numbers: [1, 5, 6], build: [20191127, 95418] });
    expect(parseShelly('1.1.0-g34b5d4f')).toEqual({ numbers: [1, 1, 0], build: [] });
    expect(parseShelly('20240115-105444/1.2.8-59063a9a')?.numbers).toEqual([1, 2, 8]);
    expect(parseShelly('20231107-164540/v1.14.1-rc1-g0617c15')).toMatchObject({ numbers: [1, 14, 1], pre: 'rc1' });
  });

  it('orders versions, betas and builds', () => {
    expect(compareVersions(shellyScheme, '20191127-095418/v1.5.6@0a8e2b9f', '20230913-114427/v1.14.0-gcb84623')).toBe(
      -1,
    );
    expect(
      compareVersions(shellyScheme, '20230913-114427/v1.14.0-gcb84623', '20231107-164540/v1.14.1-rc1-g0617c15'),
    ).toBe(-1);
    expect(compareVersions(shellyScheme, '1.14.1-rc1', '1.14.1')).toBe(-1);
    expect(compareVersions(shellyScheme, '1.2.0-beta1', '1.1.0-g34b5d4f')).toBe(1);
    expect(compareVersions(shellyScheme, '20231219-133956/1.1.0-g34b5d4f', '1.1.0')).toBe(0);
    expect(compareVersions(shellyScheme, '20230912-082358/1.0.3-g6176478', '1.6.0')).toBe(-1);
    expect(compareVersions(shellyScheme, 'not a version', '1.0.0')).toBeUndefined();
  });

  it('reads the build date', () => {
    expect(shellyBuildDate('20201124-092159/v1.9.0@57ac4ad8')).toBe(20201124);
    expect(shellyBuildDate('1.1.0-g34b5d4f')).toBeUndefined();
  });
});

describe('Kasa, Hue and Tasmota strings', () => {
  it('orders Kasa versions by number, then build date, then release', () => {
    expect(parseKasa('1.2.5 Build 171213 Rel.101523')).toEqual({ numbers: [1, 2, 5], build: [20171213, 101523] });
    expect(parseKasa('1.3.7 Build 20230711 Rel. 61904')).toEqual({ numbers: [1, 3, 7], build: [20230711, 61904] });
    expect(parseKasa('1.3.11 Build 231121 Rel.39429n(4555)')?.build).toEqual([20231121, 39429]);
    expect(compareVersions(kasaScheme, '1.0.10 Build 190103 Rel.163517', '1.0.9 Build 240131 Rel.141407')).toBe(1);
    expect(compareVersions(kasaScheme, '1.1.0 Build 240415 Rel.171219', '1.1.0 Build 240415 Rel.171219')).toBe(0);
    expect(compareVersions(kasaScheme, '1.0.7 Build 240607 Rel.205559', '1.0.6 Build 240122 Rel.160100')).toBe(1);
    expect(compareVersions(kasaScheme, '1.1.0 Build 240411 Rel.144632', '1.1.1 Build 240724 Rel.105920')).toBe(-1);
  });

  it('compares Hue v1 swversion with the CLIP v2 bridge software_version', () => {
    expect(parseHue('1.78.2071401010')).toEqual({ numbers: [2071401010], build: [] });
    expect(compareVersions(hueScheme, '1935144020', '1935144040')).toBe(-1);
    expect(compareVersions(hueScheme, '1.78.2071401010', '1935144040')).toBe(1);
    expect(compareVersions(hueScheme, '1.163.1', '1.163.2')).toBe(-1);
  });

  it('reads Tasmota versions with the build name and four-part development builds', () => {
    expect(parseTasmota('13.4.0(tasmota)')).toEqual({ numbers: [13, 4, 0], build: [] });
    expect(compareVersions(tasmotaScheme, '15.3.0.3', '15.3.0')).toBe(1);
    expect(compareVersions(tasmotaScheme, '13.4.0(tasmota)', '15.3.0.3')).toBe(-1);
  });

  it('compares ESPHome calendar versions as semver', () => {
    expect(compareVersions(semverScheme, '2025.12.6', '2025.12.7')).toBe(-1);
    expect(compareVersions(semverScheme, '2025.9.0', '2025.8.1')).toBe(1);
  });
});

describe('conformance: every firmware string in ../shared/fixtures parses and matches its file name', () => {
  it('kasa iot, smart and smartcam captures', () => {
    const checked: string[] = [];
    for (const folder of ['iot', 'smart', 'smartcam']) {
      const dir = `kasa/${folder}`;
      const files = listSharedFixtures(dir).filter((name) => name.endsWith('.json'));
      expect(files.length, `no captures in ${dir}`).toBeGreaterThan(0);
      for (const file of files) {
        const expected = /_([\d.]+)\.json$/.exec(file)?.[1];
        const versions = findStrings(readSharedJson(`${dir}/${file}`), /^(sw_ver|fw_ver|sw_version)$/);
        const parsed = versions.map((text) => parseKasa(text)?.numbers.join('.'));
        expect(parsed, `${folder}/${file}: ${versions.join(' | ')}`).toContain(expected);
        checked.push(`${folder}/${file}`);
      }
    }
    console.log(`version-compare conformance: ${checked.length} Kasa captures checked`);
    expect(checked.length).toBeGreaterThanOrEqual(100);
  });

  it('shelly whole-device dumps', () => {
    const dir = 'shelly';
    const files = listSharedFixtures(dir).filter((name) => /^gen[12]_.*\.json$/.test(name));
    expect(files.length, `no Shelly dumps in ${dir}`).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const dump = readSharedJson(`${dir}/${file}`) as { shelly: Record<string, unknown> };
      const firmware = String(dump.shelly.fw ?? dump.shelly.fw_id);
      const key = parseShelly(firmware);
      const [date = '', version = ''] = /_(\d{8})-\d{6}-v?([\d.]+)-/.exec(file)?.slice(1) ?? [];
      expect(key?.numbers.join('.'), file).toBe(version);
      expect(shellyBuildDate(firmware), file).toBe(Number(date));
    }
    console.log(`version-compare conformance: ${files.length} Shelly dumps checked: ${files.join(', ')}`);
  });
});

function findStrings(value: unknown, key: RegExp, found: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const item of value) findStrings(item, key, found);
  } else if (value && typeof value === 'object') {
    for (const [name, child] of Object.entries(value)) {
      if (key.test(name) && typeof child === 'string') found.push(child);
      else findStrings(child, key, found);
    }
  }
  return found;
}

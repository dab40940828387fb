import { describe, expect, it } from 'vitest';
import { type DeviceFacts, emptyDeviceFacts } from '../../families/facts.ts';
import { FirmwareCatalogue } from './catalogue.ts';
import { catalogueDocumentSchema } from './catalogue-schema.ts';
import { buildDateOf, firmwareStateOf } from './firmware-state.ts';

const catalogue = new FirmwareCatalogue(
  catalogueDocumentSchema.parse({
    format: 'iotwarden-firmware-catalogue',
    formatVersion: 1,
    serial: 7,
    published: '2026-11-01',
    models: [
      {
        family: 'shelly',
        vendor: 'Shelly',
        models: ['SHSW-25'],
        name: 'Shelly 2.5',
        releases: [
          { version: 'v1.9.0', releaseDate: '2020-11-24' },
          { version: 'v1.14.0', releaseDate: '2023-09-13' },
        ],
      },
      {
        family: 'shelly',
        vendor: 'Shelly',
        models: ['SPSW-004PE16EU'],
        name: 'Shelly Pro 4PM',
        releases: [{ version: '1.7.4', releaseDate: '2026-01-27' }],
      },
      {
        family: 'kasa',
        vendor: 'TP-Link',
        models: ['HS100(UK)'],
        hardware: ['4.1'],
        name: 'HS100 UK 4.1',
        releases: [{ version: '1.1.0 Build 201016 Rel.175121' }],
        breakages: [
          {
            id: 'kasa-hs100uk-4.1-klap',
            version: '1.1.0',
            effects: { closesPorts: [9999], protocolChange: 'kasa-xor→klap', affects: ['home-assistant-tplink'] },
            summary: 'Closes port 9999.',
            options: [],
            sources: ['https://github.com/softScheck/tplink-smartplug/issues/81'],
          },
        ],
      },
    ],
  }),
  { kind: 'bundled', keyId: 'ed25519:test', sha256: '0'.repeat(64), source: 'test' },
);

function facts(
  family: DeviceFacts['family'],
  model: string,
  firmware: DeviceFacts['firmware'],
  hw?: string,
): DeviceFacts {
  const device = emptyDeviceFacts(family, family === 'kasa-legacy' ? 'TP-Link' : 'Shelly');
  device.model = model;
  device.firmware = firmware;
  if (hw) device.hwVersion = hw;
  return device;
}

describe('firmware state: inventory facts merged with the catalogue', () => {
  it('prefers the device when it offers the newest version, and compares Shelly builds with bare versions', () => {
    const state = firmwareStateOf(
      'dev_a',
      facts('shelly-gen1', 'SHSW-25', {
        installed: '20221027-091427/v1.12.1-ga9117d3',
        latest: '20230913-112003/v1.14.0-gcb84623',
        latestSource: 'device',
      }),
      catalogue,
    );
    expect(state).toMatchObject({
      latest: '20230913-112003/v1.14.0-gcb84623',
      latestSource: 'device',
      deviceLatest: '20230913-112003/v1.14.0-gcb84623',
      catalogueLatest: 'v1.14.0',
      updateAvailable: true,
      // The catalogue's date for v1.14.0 applies to every build of it.
      releaseDate: '2023-09-13',
      installedReleaseDate: '2022-10-27',
      catalogueSerial: 7,
    });
    expect(state.limitations).toEqual([]);
  });

  it('takes the catalogue when it knows a newer version than the device offers, and says so', () => {
    const state = firmwareStateOf(
      'dev_b',
      facts('shelly-gen2', 'SPSW-004PE16EU', { installed: '1.4.4', latest: '1.4.4', latestSource: 'device' }),
      catalogue,
    );
    expect(state).toMatchObject({
      latest: '1.7.4',
      latestSource: 'catalogue',
      deviceLatest: '1.4.4',
      updateAvailable: true,
    });
    expect(state.limitations[0]).toContain('offers nothing newer');
    // CVE-2025-11243 (src/checks/data/advisories.json) affects the Pro 4PM before 1.6.0: 1.7.4 fixes it.
    expect(state.cvesFixed.map((cve) => [cve.id, cve.severity])).toEqual([['CVE-2025-11243', 'high']]);
  });

  it('counts advisory fixed versions as releases, so the catalogue does not repeat them', () => {
    const state = firmwareStateOf(
      'dev_c',
      facts('kasa-legacy', 'KP115(EU)', { installed: '1.0.16 Build 210205 Rel.163735' }, '1.0'),
      catalogue,
    );
    expect(state).toMatchObject({
      latest: '1.1.1 Build 250908 Rel.112945',
      latestSource: 'catalogue',
      releaseDate: '2025-09-08',
    });
    expect(state.cvesFixed.map((cve) => cve.id)).toEqual(['CVE-2026-76784']);
  });

  it('lists breakages between installed and latest, honouring hardware', () => {
    const uk = facts('kasa-legacy', 'HS100(UK)', { installed: '1.0.12 Build 190528 Rel.154535' }, '4.1');
    expect(firmwareStateOf('dev_d', uk, catalogue).breakages.map((b) => b.id)).toEqual(['kasa-hs100uk-4.1-klap']);
    const already = facts('kasa-legacy', 'HS100(UK)', { installed: '1.1.0 Build 201016 Rel.175121' }, '4.1');
    expect(firmwareStateOf('dev_d', already, catalogue)).toMatchObject({ updateAvailable: false, breakages: [] });
    const otherHardware = facts('kasa-legacy', 'HS100(UK)', { installed: '1.0.12 Build 190528 Rel.154535' }, '2.0');
    expect(firmwareStateOf('dev_e', otherHardware, catalogue)).toMatchObject({ latest: undefined, breakages: [] });
  });

  it('flags firmware below the oldest supported version (Shelly build dates)', () => {
    const old = firmwareStateOf(
      'dev_f',
      facts('shelly-gen1', 'SHSW-25', {
        installed: '20191127-095418/v1.5.6@0a8e2b9f',
        latest: '20191127-095418/v1.5.6@0a8e2b9f',
        latestSource: 'device',
      }),
      catalogue,
    );
    expect(old.belowMinimum?.minimum).toBe('1.9.0');
    expect(old.belowMinimum?.reason).toContain('Home Assistant');
    expect(old).toMatchObject({ latest: 'v1.14.0', latestSource: 'catalogue', updateAvailable: true });
  });

  it('says what it could not establish', () => {
    const unknown = firmwareStateOf(
      'dev_g',
      facts('kasa-legacy', 'HS110(EU)', { installed: '1.2.5 Build 171213 Rel.101523' }, '1.0'),
      catalogue,
    );
    expect(unknown).toMatchObject({ latest: undefined, updateAvailable: undefined, latestSource: undefined });
    expect(unknown.limitations[0]).toContain('no newer version known');
    const blind = facts('kasa-smart', 'P110(UK)', {});
    blind.limitations.push('needs TP-Link cloud credentials to read firmware');
    expect(firmwareStateOf('dev_h', blind, catalogue).limitations).toEqual([
      'needs TP-Link cloud credentials to read firmware',
    ]);
  });

  it('reads build dates from Shelly and Kasa version strings', () => {
    expect(buildDateOf('20230913-112003/v1.14.0-gcb84623', 'shelly-gen1')).toBe('2023-09-13');
    expect(buildDateOf('1.3.7 Build 20230711 Rel. 61904', 'kasa-legacy')).toBe('2023-07-11');
    expect(buildDateOf('1.1.0 Build 201016 Rel.175121', 'kasa-legacy')).toBe('2020-10-16');
    expect(buildDateOf('1.4.4', 'shelly-gen2')).toBeUndefined();
  });
});

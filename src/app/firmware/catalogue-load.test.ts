import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emptyDeviceFacts } from '../../families/facts.ts';
import { FAMILY_IDS, type FamilyId } from '../../families/index.ts';
import bundledSource from '../../firmware-catalogue/catalogue.json' with { type: 'json' };
import { seedHomeScenario } from '../../lab/scenario/seed-home.ts';
import { CATALOGUE_ERROR_CODES } from './catalogue-errors.ts';
import { BUNDLED_TRUSTED_KEYS, bundledCatalogue } from './catalogue-load.ts';
import { catalogueDocumentSchema } from './catalogue-schema.ts';
import { trustedKeyFromPem } from './catalogue-signature.ts';

const FAMILY_OF_KIND: Record<string, FamilyId> = Object.fromEntries(FAMILY_IDS.map((id) => [id, id]));

/** Hardware versions the lab's Kasa profiles report for the seed plugs (src/families/kasa-legacy/simulator/profiles.ts). */
const LAB_HARDWARE: Record<string, string> = {
  'HS103(US)': '5.0',
  'KP115(EU)': '1.0',
  'HS110(EU)': '1.0',
  'HS100(UK)': '4.1',
};

/** Seed-home models the catalogue honestly knows nothing newer for, and why. */
const NOT_COVERED: Record<string, string> = {
  'HS110(EU)': 'no sourced release newer than the 1.2.5 the lab serves for hardware 1.0',
  P110: 'a Tapo (SMART protocol) plug: its firmware is only readable with the owner’s TP-Link account',
};

/**
 * Families the signed catalogue has no entries for yet: it was signed offline before they were added (issue 15), and
 * a catalogue can only grow with a new signature. Their firmware is still read and shown; "update available" then
 * comes from the device itself where it says so (Sonos CheckForUpdate), never from a guess.
 */
const FAMILIES_NOT_IN_CATALOGUE = new Set<string>(['lifx', 'nanoleaf', 'tuya', 'matter', 'sonos', 'cast']);

describe('the bundled catalogue', () => {
  it('verifies against the bundled trusted key and matches catalogue.json (no drift)', () => {
    const catalogue = bundledCatalogue();
    expect(catalogue.origin).toMatchObject({ kind: 'bundled', keyId: BUNDLED_TRUSTED_KEYS[0]?.keyId });
    expect(catalogue.document).toEqual(catalogueDocumentSchema.parse(bundledSource));
  });

  it('is refused when its key is not trusted', () => {
    const other = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(() => bundledCatalogue([trustedKeyFromPem(other)])).toThrow(
      expect.objectContaining({ code: CATALOGUE_ERROR_CODES.unknownKey }),
    );
  });

  it('covers every firmware model of the seed home', () => {
    const catalogue = bundledCatalogue();
    const devices = (seedHomeScenario().devices as Array<Record<string, unknown>>).filter(
      (device) =>
        FAMILY_OF_KIND[device.kind as string] !== undefined && !FAMILIES_NOT_IN_CATALOGUE.has(device.kind as string),
    );
    const checked: string[] = [];
    for (const device of devices) {
      const model = device.model as string;
      const facts = emptyDeviceFacts(FAMILY_OF_KIND[device.kind as string]!, 'seed');
      facts.model = model;
      const hw = typeof device.hwVersion === 'string' ? device.hwVersion : LAB_HARDWARE[model];
      if (hw) facts.hwVersion = hw;
      checked.push(model);
      if (NOT_COVERED[model]) {
        expect(catalogue.latestFor(facts), model).toBeUndefined();
        continue;
      }
      expect(catalogue.latestFor(facts), `${device.name as string} (${model})`).toBeDefined();
    }
    expect(new Set(checked).size).toBeGreaterThanOrEqual(12);
    // The TP-Link breakage the issue names is there, in machine-readable form.
    const hs100 = emptyDeviceFacts('kasa-legacy', 'TP-Link');
    hs100.model = 'HS100(UK)';
    hs100.hwVersion = '4.1';
    expect(
      catalogue.breakagesBetween(hs100, '1.0.12 Build 190528 Rel.154535', '1.1.0 Build 201016 Rel.175121'),
    ).toEqual([
      expect.objectContaining({
        id: 'kasa-hs100uk-4.1-klap',
        effects: expect.objectContaining({
          closesPorts: [9999],
          protocolChange: 'kasa-xor→klap',
          affects: ['home-assistant-tplink', 'local-api'],
        }),
      }),
    ]);
  });
});

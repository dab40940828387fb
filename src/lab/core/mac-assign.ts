import { createHash } from 'node:crypto';

/**
 * MAC addresses for lab devices. Real homes never repeat a MAC, but the shared captures are masked
 * (`AABBCCDDEEFF`, tails of `00:00:00`), so the lab keeps a capture's vendor prefix and gives each device its own tail.
 */

/** Registered OUIs of the vendors the lab simulates (IEEE MA-L registry), used when neither scenario nor fixture gives a MAC. */
export const KIND_OUI: Record<string, string> = {
  'shelly-gen1': 'E8:DB:84', // Espressif Inc. (Gen1 Shellys are ESP8266 based)
  'shelly-gen2': 'A8:03:2A', // Espressif Inc. (Plus/Pro are ESP32 based)
  'kasa-iot': '50:C7:BF', // TP-LINK TECHNOLOGIES CO.,LTD.
  'kasa-smart': '5C:62:8B', // TP-LINK TECHNOLOGIES CO.,LTD.
  'hue-bridge': 'EC:B5:FA', // Philips Lighting BV
  tasmota: '24:0A:C4', // Espressif Inc.
  esphome: '24:6F:28', // Espressif Inc.
  'ip-camera': '00:12:12', // PLUS Corporation (registered OUI; stands in for a no-name camera OEM)
  nas: '00:11:32', // Synology Incorporated
  router: '94:83:C4', // GL Technologies (Hong Kong) Limited (GL.iNet, an OpenWrt router maker)
  'cloud-device': 'F4:F5:D8', // Google, Inc.
  'trusted-device': 'F0:18:98', // Apple, Inc.
  hostile: '02:00:00', // locally administered: a device that lies
  pihole: 'B8:27:EB', // Raspberry Pi Foundation
  adguard: 'DC:A6:32', // Raspberry Pi Trading Ltd
};

const MASKED_FULL = new Set(['AABBCCDDEEFF', '000000000000', 'FFFFFFFFFFFF']);

export function normalizeMac(mac: string): string | undefined {
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  if (hex.length !== 12) return undefined;
  return hex.match(/../g)?.join(':');
}

/** True for the placeholder MACs that the captures use instead of the owner's real one. */
export function isMaskedMac(mac: string): boolean {
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return MASKED_FULL.has(hex) || hex.endsWith('000000');
}

/** A stable tail for a device, derived from its name and address so a scenario always gets the same MACs. */
export function deriveTail(seed: string, salt = 0): string {
  const digest = createHash('sha256').update(`${seed}#${salt}`).digest();
  return [digest[0], digest[1], digest[2]].map((b) => (b ?? 0).toString(16).padStart(2, '0').toUpperCase()).join(':');
}

/**
 * Picks a MAC: the scenario's, else the fixture's when it is real and unused, else the fixture's (or the kind's)
 * vendor prefix with a derived tail that no other device in this lab has.
 */
export function assignMac(options: {
  explicit: string | undefined;
  fromFixture: string | undefined;
  kind: string;
  seed: string;
  taken: Set<string>;
}): string {
  const explicit = options.explicit ? normalizeMac(options.explicit) : undefined;
  if (explicit) return explicit;
  const fixture = options.fromFixture ? normalizeMac(options.fromFixture) : undefined;
  if (fixture && !isMaskedMac(fixture) && !options.taken.has(fixture)) return fixture;
  const prefix =
    fixture && !MASKED_FULL.has(fixture.replace(/:/g, ''))
      ? fixture.slice(0, 8)
      : (KIND_OUI[options.kind] ?? '02:00:00');
  for (let salt = 0; ; salt++) {
    const candidate = `${prefix}:${deriveTail(options.seed, salt)}`;
    if (!options.taken.has(candidate) && !isMaskedMac(candidate)) return candidate;
  }
}

import { createHash } from 'node:crypto';
import { familyByKind } from '../../families/index.ts';
import { isMaskedMac, isPlaceholderMac, macHex, normalizeMac } from '../../net/mac.ts';
import type { LabKind } from './simulator.ts';

/**
 * MAC addresses for lab devices. Real homes never repeat a MAC, but the shared captures are masked
 * (`AABBCCDDEEFF`, tails of `00:00:00`), so the lab keeps a capture's vendor prefix and gives each device its own tail.
 */

/** The lab's own kinds' vendor prefixes (IEEE MA-L); families name theirs in their descriptor (`ouis`). */
const LAB_KIND_OUI: Record<LabKind, string> = {
  'ip-camera': '00:12:12', // PLUS Corporation (registered OUI; stands in for a no-name camera OEM)
  nas: '00:11:32', // Synology Incorporated
  router: '94:83:C4', // GL Technologies (Hong Kong) Limited (GL.iNet, an OpenWrt router maker)
  'cloud-device': 'F4:F5:D8', // Google, Inc.
  'trusted-device': 'F0:18:98', // Apple, Inc.
  hostile: '02:00:00', // locally administered: a device that lies
  pihole: 'B8:27:EB', // Raspberry Pi Foundation
  adguard: 'DC:A6:32', // Raspberry Pi Trading Ltd
};

/** The vendor prefix the lab gives a kind's devices when neither scenario nor fixture names a MAC. */
export function ouiOfKind(kind: string): string {
  const family = familyByKind(kind);
  return family?.ouis[0] ?? LAB_KIND_OUI[kind as LabKind] ?? '02:00:00';
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
    fixture && !isPlaceholderMac(fixture) && macHex(fixture) !== 'AABBCCDDEEFF'
      ? fixture.slice(0, 8)
      : ouiOfKind(options.kind);
  for (let salt = 0; ; salt++) {
    const candidate = `${prefix}:${deriveTail(options.seed, salt)}`;
    if (!options.taken.has(candidate) && !isMaskedMac(candidate)) return candidate;
  }
}

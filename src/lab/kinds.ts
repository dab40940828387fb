/**
 * Which simulator serves which scenario kind. Device families bring their own simulator: the lab loads
 * `src/families/<id>/simulator/index.ts` for every family in the table, so adding a family adds its lab kind. The
 * lab's own kinds (devices iotwarden identifies by their services, DNS sinkholes, a hostile device) are listed here.
 */
import { FAMILIES, familyByKind } from '../families/index.ts';
import { hipcamKind } from '../services/hipcam/simulator/kind.ts';
import { adguardKind } from '../sources/adguard/simulator/adguard-kind.ts';
import { piholeKind } from '../sources/pihole/simulator/pihole-kind.ts';
import type { CaptureList } from './core/captures.ts';
import { LAB_KINDS, type LabKind, type SimulatorKind } from './core/simulator.ts';
import type { UpdateOffer } from './core/update-offer.ts';
import { cloudDeviceKind } from './kinds/cloud-device/cloud-device-kind.ts';
import { hostileKind } from './kinds/hostile/hostile-kind.ts';
import { nasKind } from './kinds/nas/nas-kind.ts';
import { routerKind } from './kinds/router/router-kind.ts';
import { trustedDeviceKind } from './kinds/trusted-device/trusted-device-kind.ts';

const LAB_SIMULATORS: Record<LabKind, SimulatorKind> = {
  'ip-camera': hipcamKind as SimulatorKind,
  nas: nasKind as SimulatorKind,
  router: routerKind as SimulatorKind,
  'cloud-device': cloudDeviceKind as SimulatorKind,
  'trusted-device': trustedDeviceKind as SimulatorKind,
  hostile: hostileKind as SimulatorKind,
  pihole: piholeKind as SimulatorKind,
  adguard: adguardKind as SimulatorKind,
};

/** What every family's `simulator/index.ts` exports. */
interface FamilySimulatorModule {
  simulator: SimulatorKind;
  captures: CaptureList;
  /** Present where the family installs firmware (descriptor `firmware.installers`). */
  updateOffer?: UpdateOffer;
}

// Loaded once at start-up. A template import keeps the family list in one place; esbuild bundles every match.
const FAMILY_MODULES = new Map<string, FamilySimulatorModule>(
  await Promise.all(
    FAMILIES.map(async (family): Promise<[string, FamilySimulatorModule]> => {
      const module = (await import(`../families/${family.id}/simulator/index.ts`)) as FamilySimulatorModule;
      return [family.id, module];
    }),
  ),
);
const FAMILY_SIMULATORS = new Map<string, SimulatorKind>(
  [...FAMILY_MODULES].map(([id, module]) => [id, module.simulator]),
);

/** A simulator setting with a firmware update on offer, where the family installs firmware. */
export function familyUpdateOffer(familyId: string): UpdateOffer | undefined {
  return FAMILY_MODULES.get(familyId)?.updateOffer;
}

/** The shared captures a family's simulator replays (its `simulator/index.ts` `captures`); none for other kinds. */
export function familyCaptures(familyId: string): CaptureList {
  return FAMILY_MODULES.get(familyId)?.captures ?? (() => []);
}

/** Every kind a scenario may name, canonical names first, then the accepted aliases. */
export const SCENARIO_KINDS: readonly string[] = [
  ...FAMILIES.map((family) => family.id),
  ...LAB_KINDS,
  ...FAMILIES.flatMap((family) => family.lab.kindAliases),
];

/** The canonical name of a kind (an alias resolves to its family). */
export function canonicalKind(kind: string): string {
  return familyByKind(kind)?.id ?? kind;
}

export function simulatorKind(kind: string): SimulatorKind | undefined {
  const name = canonicalKind(kind);
  return FAMILY_SIMULATORS.get(name) ?? LAB_SIMULATORS[name as LabKind];
}

export function simulatedKinds(): string[] {
  return [...FAMILY_SIMULATORS.keys(), ...LAB_KINDS];
}

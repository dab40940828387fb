/**
 * Which simulator serves which scenario kind. Device families bring their own simulator: the lab loads
 * `src/families/<id>/simulator/index.ts` for every family in the table, so adding a family adds its lab kind. The
 * lab's own kinds (devices iotwarden identifies by their services, DNS sinkholes, a hostile device) are listed here.
 */
import { FAMILIES, familyByKind } from '../families/index.ts';
import { hipcamKind } from '../services/hipcam/simulator/kind.ts';
import { adguardKind } from '../sources/adguard/simulator/adguard-kind.ts';
import { piholeKind } from '../sources/pihole/simulator/pihole-kind.ts';
import { LAB_KINDS, type LabKind, type SimulatorKind } from './core/simulator.ts';
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

// Loaded once at start-up. A template import keeps the family list in one place; esbuild bundles every match.
const FAMILY_SIMULATORS = new Map<string, SimulatorKind>(
  await Promise.all(
    FAMILIES.map(async (family): Promise<[string, SimulatorKind]> => {
      const module = (await import(`../families/${family.id}/simulator/index.ts`)) as { simulator: SimulatorKind };
      return [family.id, module.simulator];
    }),
  ),
);

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

import type { DeviceKind, SimulatorKind } from '../core/simulator.ts';

/**
 * Which simulator serves which scenario kind. Device support is data: adding a kind is one line here.
 */
const KINDS: Partial<Record<DeviceKind, SimulatorKind>> = {};

export function simulatorKind(kind: DeviceKind): SimulatorKind | undefined {
  return KINDS[kind];
}

export function simulatedKinds(): DeviceKind[] {
  return Object.keys(KINDS) as DeviceKind[];
}

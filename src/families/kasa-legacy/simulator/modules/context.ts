import type { Clock } from '../../../../util/clock.ts';
import type { SimulatedIotApi } from '../api.ts';
import type { IotDeviceClock } from '../device-clock.ts';
import type { IotModulePlan } from '../module-plan.ts';
import type { IotPowerState } from '../power-state.ts';

/** What a module of a simulated legacy device works with; each module file installs its methods on `api`. */
export interface IotDeviceContext {
  api: SimulatedIotApi;
  plan: IotModulePlan;
  power: IotPowerState;
  deviceClock: IotDeviceClock;
  clock: Clock;
  /** Aborted when the device stops: timers (countdown rules) end with it. */
  signal: AbortSignal;
}

/** A whole number parameter, or undefined. */
export function intParam(params: Record<string, unknown>, name: string): number | undefined {
  const value = params[name];
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** A 0/1 switch parameter (the protocol's booleans), or undefined. */
export function flagParam(params: Record<string, unknown>, name: string): 0 | 1 | undefined {
  const value = params[name];
  return value === 0 || value === 1 ? value : undefined;
}

import type { HueBridgeModel } from './bridge-model.ts';
import type { HueBridgeState, HueBridgeUpdateState } from './bridge-state.ts';
import type { HueResource } from './resources.ts';

/**
 * Software update states in both APIs. v1 (config API, `swupdate2`): per device `noupdates`, `transferring`,
 * `readytoinstall`, `installing` (lights also `notupdatable`); the bridge-wide `state` is one of `unknown`,
 * `noupdates`, `transferring`, `anyreadytoinstall`, `allreadytoinstall`, `installing` (node-hue-api 4.0.11's
 * BridgeConfiguration lists the same set). CLIP v2 `device_software_update.state`: `no_update`, `update_pending`,
 * `ready_to_install`, `installing` (aiohue's DeviceSoftwareUpdateState).
 */
const V2_OF_BRIDGE: Record<HueBridgeUpdateState, string> = {
  noupdates: 'no_update',
  readytoinstall: 'ready_to_install',
  installing: 'installing',
};

const V1_OF_V2: Record<string, string> = {
  no_update: 'noupdates',
  update_pending: 'transferring',
  ready_to_install: 'readytoinstall',
  installing: 'installing',
};

/** The bridge's own device_software_update state, as CLIP v2 shows it. */
export function v2BridgeUpdateState(state: HueBridgeState): string {
  return V2_OF_BRIDGE[state.bridgeUpdate];
}

function updateRecordOf(model: HueBridgeModel, device: HueResource | undefined): HueResource | undefined {
  return model.servicesOf(device, 'device_software_update')[0];
}

/** A light's or sensor's v1 `swupdate`; devices a capture shows without an update record have nothing pending. */
export function v1DeviceUpdateState(
  model: HueBridgeModel,
  device: HueResource | undefined,
): { state: string; lastinstall: string | null } {
  const record = updateRecordOf(model, device);
  const v2 = typeof record?.state === 'string' ? record.state : 'no_update';
  return { state: V1_OF_V2[v2] ?? 'noupdates', lastinstall: null };
}

/** The bridge-wide v1 state from every device's state: one installing wins, then "all"/"any" ready. */
export function overallState(states: string[]): string {
  if (states.includes('installing')) return 'installing';
  const pending = states.filter((s) => s !== 'noupdates' && s !== 'notupdatable');
  if (pending.length === 0) return 'noupdates';
  if (pending.every((s) => s === 'readytoinstall')) return 'allreadytoinstall';
  if (pending.includes('readytoinstall')) return 'anyreadytoinstall';
  return 'transferring';
}

/**
 * `swupdate2` of GET /api/<key>/config: the bridge's own state and last install, the bridge-wide state over the
 * bridge and every other device with an update record, and the autoinstall switch and time.
 */
export function swupdate2Of(state: HueBridgeState, model: HueBridgeModel, bridgeDeviceId: string | undefined) {
  const others = model
    .ofType('device_software_update')
    .filter((r) => (r.owner as { rid?: string } | undefined)?.rid !== bridgeDeviceId)
    .map((r) => V1_OF_V2[String(r.state)] ?? 'noupdates');
  return {
    checkforupdate: false,
    lastchange: state.lastchange,
    bridge: { state: state.bridgeUpdate, lastinstall: state.lastinstall },
    state: overallState([state.bridgeUpdate, ...others]),
    autoinstall: { updatetime: state.updatetime, on: state.autoinstallOn },
  };
}

/**
 * The legacy `swupdate` object bridges still send beside `swupdate2` (seen in /api/<key>/config answers of 1.38 and
 * 1.53 bridges): `updatestate` 0 = nothing, 2 = ready to install, 3 = installing.
 */
export function legacySwupdateOf(state: HueBridgeState): Record<string, unknown> {
  const updatestate = { noupdates: 0, readytoinstall: 2, installing: 3 }[state.bridgeUpdate];
  return {
    updatestate,
    checkforupdate: false,
    devicetypes: { bridge: state.bridgeUpdate !== 'noupdates', lights: [], sensors: [] },
    url: '',
    text: '',
    notify: true,
  };
}

import type { HueBridgeModel } from './bridge-model.ts';
import { bridgeTime, type HueBridgeState } from './bridge-state.ts';
import { bridgeRecords } from './resources.ts';
import { legacySwupdateOf, swupdate2Of } from './swupdate.ts';
import { invalidValue, parameterNotAvailable, type V1Item, v1Success } from './v1-errors.ts';
import type { HueWhitelist } from './whitelist.ts';

/**
 * The v1 `config` resource. `publicConfig` is what a bridge gives anyone (GET /api/config, and GET
 * /api/<unknown key>/config); `fullConfig` is what a whitelisted key sees, including `swupdate2` and the
 * whitelist itself, which names every application key the bridge accepts.
 */
export function publicConfig(state: HueBridgeState): Record<string, unknown> {
  return {
    name: state.name,
    datastoreversion: '163',
    swversion: state.swversion,
    apiversion: state.apiversion,
    mac: state.ids.mac.toLowerCase(),
    bridgeid: state.ids.bridgeId,
    factorynew: false,
    replacesbridgeid: null,
    modelid: state.model,
    starterkitid: '',
  };
}

/** What the full config is read with: the bridge's datastore, its whitelist and where it sits. */
export interface ConfigContext {
  state: HueBridgeState;
  model: HueBridgeModel;
  whitelist: HueWhitelist;
  address: string;
  nowMs: number;
}

export function fullConfig(context: ConfigContext): Record<string, unknown> {
  const { state, model, whitelist } = context;
  const gateway = context.address.replace(/\.\d+$/, '.1');
  const now = bridgeTime(context.nowMs);
  return {
    name: state.name,
    zigbeechannel: 25,
    bridgeid: state.ids.bridgeId,
    mac: state.ids.mac.toLowerCase(),
    dhcp: true,
    ipaddress: context.address,
    netmask: '255.255.255.0',
    gateway,
    proxyaddress: 'none',
    proxyport: 0,
    UTC: now,
    localtime: now,
    timezone: timeZoneOf(model),
    modelid: state.model,
    datastoreversion: '163',
    swversion: state.swversion,
    apiversion: state.apiversion,
    swupdate: legacySwupdateOf(state),
    swupdate2: swupdate2Of(state, model, bridgeRecords([...model.list()]).device?.id),
    linkbutton: whitelist.linkButton,
    portalservices: true,
    analyticsconsent: false,
    portalconnection: 'connected',
    portalstate: { signedon: true, incoming: false, outgoing: true, communication: 'disconnected' },
    internetservices: { internet: 'connected', remoteaccess: 'connected', time: 'connected', swupdate: 'connected' },
    factorynew: false,
    replacesbridgeid: null,
    starterkitid: '',
    backup: { status: 'idle', errorcode: 0 },
    whitelist: whitelist.toV1(),
  };
}

/** The bridge's time zone as CLIP v2 `bridge.time_zone` records it. */
export function timeZoneOf(model: HueBridgeModel): string {
  const zone = (model.ofType('bridge')[0]?.time_zone as { time_zone?: unknown } | undefined)?.time_zone;
  return typeof zone === 'string' ? zone : 'Europe/Amsterdam';
}

/**
 * Applies a PUT /api/<key>/config body and returns the v1 result list: one `success` per changed attribute,
 * keyed by its path, or an `error` for what the bridge refuses. The caller has checked that the body is an object.
 */
export function applyConfigPut(state: HueBridgeState, body: Record<string, unknown>): V1Item[] {
  const results: V1Item[] = [];
  for (const [key, value] of Object.entries(body)) {
    const path = `/config/${key}`;
    if (key === 'name' && typeof value === 'string' && value.length >= 4 && value.length <= 16) {
      state.name = value;
      results.push(v1Success(path, value));
    } else if (key === 'swupdate2' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      results.push(...applySwupdate2(state, value as Record<string, unknown>));
    } else if (key === 'name' || key === 'swupdate2') {
      results.push(invalidValue(path, key, value));
    } else {
      results.push(parameterNotAvailable(path, key));
    }
  }
  return results;
}

function applySwupdate2(state: HueBridgeState, update: Record<string, unknown>): V1Item[] {
  const results: V1Item[] = [];
  for (const [key, value] of Object.entries(update)) {
    const path = `/config/swupdate2/${key}`;
    if (key === 'install' && typeof value === 'boolean') {
      // "Setting this flag to true starts installation of all ready to install updates" (swupdate2.install).
      if (value) state.install();
      results.push(v1Success(path, value));
    } else if (key === 'checkforupdate' && typeof value === 'boolean') {
      // The lab bridge has already downloaded whatever update it has, so a check finds nothing new.
      results.push(v1Success(path, value));
    } else if (key === 'autoinstall' && value !== null && typeof value === 'object' && 'on' in value) {
      const on = (value as { on: unknown }).on;
      if (typeof on !== 'boolean') {
        results.push(invalidValue(`${path}/on`, 'on', on));
        continue;
      }
      state.setAutoInstall(on);
      results.push(v1Success(`${path}/on`, on));
    } else {
      results.push(parameterNotAvailable(path, key));
    }
  }
  return results;
}

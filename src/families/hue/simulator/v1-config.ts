import { bridgeTime, type HueBridgeState } from './bridge-state.ts';
import { resourceUuid } from './ids.ts';

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

export function fullConfig(
  state: HueBridgeState,
  options: { address: string; apiKey: string; nowMs: number },
): Record<string, unknown> {
  const gateway = options.address.replace(/\.\d+$/, '.1');
  const lastUse = bridgeTime(options.nowMs);
  // A second app on the whitelist, as every bridge paired with the Hue app has: its key is as secret as ours.
  const otherKey = resourceUuid(`${state.ids.bridgeId}#hue-app`).replace(/-/g, '').slice(0, 40);
  return {
    name: state.name,
    zigbeechannel: 25,
    bridgeid: state.ids.bridgeId,
    mac: state.ids.mac.toLowerCase(),
    dhcp: true,
    ipaddress: options.address,
    netmask: '255.255.255.0',
    gateway,
    proxyaddress: 'none',
    proxyport: 0,
    UTC: lastUse,
    localtime: lastUse,
    timezone: 'Europe/Amsterdam',
    modelid: state.model,
    datastoreversion: '163',
    swversion: state.swversion,
    apiversion: state.apiversion,
    swupdate2: state.swupdate2(),
    linkbutton: false,
    portalservices: true,
    analyticsconsent: false,
    portalconnection: 'connected',
    portalstate: { signedon: true, incoming: false, outgoing: true, communication: 'disconnected' },
    internetservices: { internet: 'connected', remoteaccess: 'connected', time: 'connected', swupdate: 'connected' },
    factorynew: false,
    replacesbridgeid: null,
    starterkitid: '',
    backup: { status: 'idle', errorcode: 0 },
    whitelist: {
      [options.apiKey]: { 'last use date': lastUse, 'create date': '2024-03-02T16:46:04', name: 'iotwarden#lab' },
      [otherKey]: { 'last use date': lastUse, 'create date': '2023-11-12T09:12:40', name: 'Hue 4#Pixel 7' },
    },
  };
}

/** One v1 error object (type 1 unauthorized user, 2 invalid JSON, 3 resource not available, 6/7 bad parameter). */
export function v1Error(type: number, address: string, description: string): { error: Record<string, unknown> } {
  return { error: { type, address, description } };
}

/**
 * Applies a PUT /api/<key>/config body and returns the v1 result list: one `success` per changed attribute,
 * keyed by its path, or an `error` for what the bridge refuses.
 */
export function applyConfigPut(state: HueBridgeState, body: unknown): unknown[] {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return [v1Error(2, '/config', 'body contains invalid json')];
  }
  const results: unknown[] = [];
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === 'name' && typeof value === 'string' && value.length >= 4 && value.length <= 16) {
      state.name = value;
      results.push({ success: { '/config/name': value } });
    } else if (key === 'swupdate2' && value !== null && typeof value === 'object') {
      results.push(...applySwupdate2(state, value as Record<string, unknown>));
    } else if (key === 'name' || key === 'swupdate2') {
      results.push(v1Error(7, `/config/${key}`, `invalid value, ${JSON.stringify(value)}, for parameter, ${key}`));
    } else {
      results.push(v1Error(6, `/config/${key}`, `parameter, ${key}, not available`));
    }
  }
  return results;
}

function applySwupdate2(state: HueBridgeState, update: Record<string, unknown>): unknown[] {
  const results: unknown[] = [];
  for (const [key, value] of Object.entries(update)) {
    const path = `/config/swupdate2/${key}`;
    if (key === 'install' && typeof value === 'boolean') {
      if (value) state.install();
      results.push({ success: { [path]: value } });
    } else if (key === 'checkforupdate' && typeof value === 'boolean') {
      // The lab bridge has already downloaded whatever update its scenario gives it, so a check finds nothing new.
      results.push({ success: { [path]: value } });
    } else if (key === 'autoinstall' && value !== null && typeof value === 'object' && 'on' in value) {
      const on = (value as { on: unknown }).on;
      if (typeof on !== 'boolean') {
        results.push(v1Error(7, `${path}/on`, `invalid value, ${JSON.stringify(on)}, for parameter, on`));
        continue;
      }
      state.setAutoInstall(on);
      results.push({ success: { [`${path}/on`]: on } });
    } else {
      results.push(v1Error(6, path, `parameter, ${key}, not available`));
    }
  }
  return results;
}

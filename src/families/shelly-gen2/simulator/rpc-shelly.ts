import { isRecord, type JsonRecord } from '../../shelly/simulator/json-tools.ts';
import { componentKeys, invalidArgument, isDynamic, missingArgument } from './components.ts';
import { fail, ok, type RpcHandler } from './rpc-types.ts';

/** Shelly.GetComponents pages (a device answers in pages and says `total`; aioshelly asks again with `offset`). */
const COMPONENTS_PAGE = 20;

const getComponents: RpcHandler = (device, params) => {
  const p = isRecord(params) ? params : {};
  const offset = p.offset === undefined ? 0 : p.offset;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) return fail(invalidArgument('offset'));
  const include = p.include === undefined ? ['status', 'config'] : p.include;
  if (!Array.isArray(include) || include.some((item) => item !== 'status' && item !== 'config')) {
    return fail(invalidArgument('include'));
  }
  if (p.keys !== undefined && (!Array.isArray(p.keys) || p.keys.some((key) => typeof key !== 'string'))) {
    return fail(invalidArgument('keys'));
  }
  const status = device.status();
  const config = device.config();
  const wanted = p.keys as string[] | undefined;
  const keys = componentKeys(device.dump)
    .filter((key) => key in status || key in config)
    .filter((key) => p.dynamic_only !== true || isDynamic(key))
    .filter((key) => wanted === undefined || wanted.includes(key));
  const components = keys.slice(offset, offset + COMPONENTS_PAGE).map((key) => {
    const entry: JsonRecord = { key };
    if (include.includes('status') && key in status) entry.status = status[key];
    if (include.includes('config') && key in config) entry.config = config[key];
    return entry;
  });
  const cfgRev = isRecord(config.sys) ? config.sys.cfg_rev : undefined;
  return ok({ components, cfg_rev: cfgRev ?? 0, offset, total: keys.length });
};

/**
 * Shelly.SetAuth `{user: "admin", realm: <device id>, ha1: <sha256 hex> | null}`: sets or clears the password
 * (Gen2 API docs, Shelly.SetAuth and Authentication). Anything but user `admin` and the device's own realm is -103.
 */
const setAuth: RpcHandler = (device, params) => {
  const p = isRecord(params) ? params : {};
  if (p.user === undefined) return fail(missingArgument('user'));
  if (p.user !== 'admin') return fail(invalidArgument('user'));
  if (p.realm === undefined) return fail(missingArgument('realm'));
  if (p.realm !== device.id) return fail(invalidArgument('realm'));
  if (!('ha1' in p)) return fail(missingArgument('ha1'));
  if (p.ha1 !== null && (typeof p.ha1 !== 'string' || !/^[0-9a-f]{64}$/i.test(p.ha1)))
    return fail(invalidArgument('ha1'));
  device.setAuth(p.ha1 === null ? null : p.ha1.toLowerCase());
  device.configChanged('sys');
  return ok(null);
};

const update: RpcHandler = (device, params) => {
  const stage = isRecord(params) && params.stage !== undefined ? params.stage : 'stable';
  if (stage !== 'stable' && stage !== 'beta') return fail(invalidArgument('stage'));
  const accepted = stage === 'stable' ? device.beginUpdate() : undefined;
  // A device with nothing to install refuses: -114 "Resource unavailable" (Shelly Gen2 API docs, "Errors").
  if (!accepted) return fail({ code: -114, message: 'Resource unavailable: No update info!' });
  return { result: null, update: accepted };
};

const reboot: RpcHandler = (device) => {
  const accepted = device.reboot();
  if (!accepted) return fail({ code: -108, message: 'Unavailable: device is busy!' });
  return { result: null, update: accepted };
};

/** The `Shelly.*` methods the simulator serves, in the order Shelly.ListMethods names them. */
export const SHELLY_METHODS: Record<string, RpcHandler> = {
  ListMethods: () => ok(null),
  Reboot: reboot,
  SetAuth: setAuth,
  Update: update,
  CheckForUpdate: (device) => ok(device.checkForUpdate()),
  GetComponents: getComponents,
  GetStatus: (device) => ok(device.status()),
  GetConfig: (device) => ok(device.config()),
  GetDeviceInfo: (device) => ok(device.deviceInfo()),
};

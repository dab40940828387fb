import { isObject } from '../../tplink/discovery.ts';
import { formatMacLike, unmaskId } from '../../tplink/simulator/device-ids.ts';
import { normalizeUnsupported } from './module-plan.ts';
import { type IotModules, iotProfile } from './profiles.ts';

/**
 * Builds the module table a simulated legacy device answers from: the capture's when a fixture is given (minus
 * python-kasa's `discovery_result`), else a built-in profile. Then makes it this device's own: its name as alias,
 * its MAC in the capture's format, ids derived from the MAC where the capture masked them, and the scenario's
 * firmware and hardware versions.
 */
export interface IotModelOptions {
  fixture: unknown;
  name: string;
  mac: string;
  model?: string | undefined;
  firmware?: string | undefined;
  hwVersion?: string | undefined;
}

const ID_FIELDS = ['deviceId', 'hwId', 'oemId', 'fwId'] as const;

/** Python-kasa's `discovery_result` of an iot capture, when the capture has one (KLAP-era HS100(UK) 4.1). */
export function fixtureDiscovery(fixture: unknown): Record<string, unknown> | undefined {
  return isObject(fixture) && isObject(fixture.discovery_result) ? fixture.discovery_result : undefined;
}

/** The capture's `system.get_sysinfo`, when the fixture is an iot capture. */
export function fixtureSysinfo(fixture: unknown): Record<string, unknown> | undefined {
  const system = isObject(fixture) ? fixture.system : undefined;
  return isObject(system) && isObject(system.get_sysinfo) ? system.get_sysinfo : undefined;
}

/** The device's own module table (a deep copy: the fixture object is never changed). */
export function buildIotModules(options: IotModelOptions): IotModules {
  const modules = fromFixture(options.fixture) ?? fromProfile(options.model);
  normalizeUnsupported(modules);
  const sysinfo = (modules.system as { get_sysinfo: Record<string, unknown> }).get_sysinfo;
  sysinfo.alias = options.name;
  // Bulbs report `mic_mac` without separators, plugs `mac` with colons (see the iot captures).
  const macField = 'mic_mac' in sysinfo ? 'mic_mac' : 'mac';
  sysinfo[macField] = formatMacLike(typeof sysinfo[macField] === 'string' ? sysinfo[macField] : undefined, options.mac);
  for (const field of ID_FIELDS) {
    if (field in sysinfo) sysinfo[field] = unmaskId(sysinfo[field], options.mac, field);
  }
  if (options.firmware !== undefined) sysinfo.sw_ver = options.firmware;
  if (options.hwVersion !== undefined) sysinfo.hw_ver = options.hwVersion;
  unmaskChildren(sysinfo, options.name);
  return modules;
}

/** The name of the device's cloud module: bulbs use `smartlife.iot.common.cloud`, everything else `cnCloud`. */
export function cloudModuleName(modules: IotModules): string {
  if (modules.cnCloud) return 'cnCloud';
  if (modules['smartlife.iot.common.cloud']) return 'smartlife.iot.common.cloud';
  const sysinfo = (modules.system as { get_sysinfo: Record<string, unknown> }).get_sysinfo;
  const type = sysinfo.mic_type ?? sysinfo.type;
  return type === 'IOT.SMARTBULB' ? 'smartlife.iot.common.cloud' : 'cnCloud';
}

function fromFixture(fixture: unknown): IotModules | undefined {
  if (!fixtureSysinfo(fixture)) return undefined;
  const modules: IotModules = {};
  for (const [name, value] of Object.entries(fixture as Record<string, unknown>)) {
    if (name !== 'discovery_result' && isObject(value)) modules[name] = structuredClone(value);
  }
  return modules;
}

function fromProfile(model: string | undefined): IotModules {
  const profile = iotProfile(model);
  return { system: { get_sysinfo: profile.sysinfo }, ...profile.modules };
}

/** Strip sockets: child ids are the parent's deviceId plus a two-digit index (python-kasa `iotstrip.py`). */
function unmaskChildren(sysinfo: Record<string, unknown>, name: string): void {
  if (!Array.isArray(sysinfo.children)) return;
  sysinfo.children.forEach((child: unknown, index: number) => {
    if (!isObject(child)) return;
    if (typeof child.id !== 'string' || !/^[0-9A-F]{42}$/.test(child.id)) {
      child.id = `${sysinfo.deviceId as string}${String(index).padStart(2, '0')}`;
    }
    if (typeof child.alias === 'string' && child.alias.includes('#MASKED_NAME#')) child.alias = `${name} ${index + 1}`;
  });
}

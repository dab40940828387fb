/**
 * The settings iotwarden changes on a Gen2+ Shelly through its JSON-RPC API (Shelly Gen2 API docs):
 * `Shelly.SetAuth` for the login, `Cloud.SetConfig` for the cloud, `Sys.SetConfig` for the debug logs and SNTP.
 */
import { createHash } from 'node:crypto';
import { DeviceAuthError } from '../../errors/index.ts';
import { httpEvidence } from '../common/redact.ts';
import type { Evidence } from '../facts.ts';
import type { InstallContext, InstallDevice } from '../installer.ts';
import type { SettingFix, SettingReading } from '../setting-fix.ts';
import { onOff } from '../setting-fix.ts';
import {
  configuredSntp,
  isRecord,
  SHELLY_CLOUD_EFFECTS,
  SHELLY_DEFAULT_SNTP,
  SHELLY_LOGIN_EFFECTS,
  shellyWriteOptions,
} from '../shelly/fix-tools.ts';
import { installEndpoint } from '../shelly/installer.ts';
import { callShellyRpc, type ShellyRpcAuth } from '../shelly/transport.ts';
import { writeRefused } from '../shelly/writes.ts';

/**
 * Gen2+ take a password only, for user `admin` (Gen2 API docs, Authentication), answered only for the realm that is
 * the device's own id: without a known id no digest answer is ever sent.
 */
function passwordFor(device: InstallDevice, context: InstallContext): string | undefined {
  const { credential } = shellyWriteOptions(device, context);
  return credential?.password ?? credential?.apiKey;
}

function authFor(device: InstallDevice, context: InstallContext): ShellyRpcAuth | undefined {
  const password = passwordFor(device, context);
  const realm = device.facts.deviceId;
  return password !== undefined && realm !== undefined ? { password, realm } : undefined;
}

/** One RPC call with the credential the engine chose; a refused login names the method. */
async function rpc(device: InstallDevice, context: InstallContext, method: string, params?: Record<string, unknown>) {
  const endpoint = installEndpoint(device);
  const auth = authFor(device, context);
  try {
    return await callShellyRpc(endpoint, method, params, shellyWriteOptions(device, context), auth);
  } catch (error) {
    if (error instanceof DeviceAuthError) throw writeRefused(endpoint, method, auth !== undefined);
    throw error;
  }
}

async function rpcEvidence(device: InstallDevice, context: InstallContext, method: string, params: object) {
  const answer = await rpc(device, context, method, params as Record<string, unknown>);
  return httpEvidence(answer.sent, answer.response);
}

async function readRpc(
  device: InstallDevice,
  context: InstallContext,
  method: string,
  pick: (result: Record<string, unknown>) => string,
): Promise<SettingReading> {
  const answer = await rpc(device, context, method);
  const value = pick(isRecord(answer.result) ? answer.result : {});
  return { value, evidence: httpEvidence(answer.sent, answer.response, { value }) };
}

/**
 * The login is read from `Shelly.GetDeviceInfo` (`auth_en`, open without auth); when it is on, a `Sys.GetConfig`
 * with the engine's credential proves that credential logs in (a refused one throws DeviceAuthError).
 */
async function readLogin(device: InstallDevice, context: InstallContext): Promise<SettingReading> {
  const reading = await readRpc(device, context, 'Shelly.GetDeviceInfo', (info) => onOff(info.auth_en === true));
  if (reading.value === 'on') await rpc(device, context, 'Sys.GetConfig');
  return reading;
}

/** `ha1 = SHA-256("admin:<realm>:<password>")`, the realm being the device id (Gen2 API docs, Shelly.SetAuth). */
export function shellyHa1(realm: string, password: string): string {
  return createHash('sha256').update(`admin:${realm}:${password}`).digest('hex');
}

async function setAuth(device: InstallDevice, context: InstallContext, password: string | null): Promise<Evidence> {
  const realm = device.facts.deviceId;
  if (realm === undefined) throw new DeviceAuthError({ host: device.address, port: 80 }, 'the device id is unknown');
  const ha1 = password === null ? null : shellyHa1(realm, password);
  // The new password is set without authenticating (the device has no login yet); the evidence shows no ha1.
  const answer = await callShellyRpc(
    installEndpoint(device),
    'Shelly.SetAuth',
    { user: 'admin', realm, ha1 },
    shellyWriteOptions(device, context),
    password === null ? authFor(device, context) : undefined,
  );
  return httpEvidence(answer.sent, answer.response);
}

const gen2LoginFix: SettingFix = {
  id: 'shelly-gen2.login',
  checkId: 'auth.no-login',
  plan: () => ({
    setting: 'login',
    before: 'off',
    after: 'on',
    sideEffects: SHELLY_LOGIN_EFFECTS,
    undoable: true,
    newPassword: { username: 'admin' },
  }),
  read: readLogin,
  write: (device, context) => setAuth(device, context, passwordFor(device, context) ?? ''),
  revert: (device, context) => setAuth(device, context, null),
};

const gen2CloudFix: SettingFix = {
  id: 'shelly-gen2.cloud-off',
  checkId: 'cloud.enabled',
  plan: (host) =>
    host.device?.cloud?.enabled
      ? { setting: 'vendor cloud', before: 'on', after: 'off', sideEffects: SHELLY_CLOUD_EFFECTS, undoable: true }
      : undefined,
  read: (device, context) => readRpc(device, context, 'Cloud.GetConfig', (config) => onOff(config.enable === true)),
  write: (device, context) => rpcEvidence(device, context, 'Cloud.SetConfig', { config: { enable: false } }),
  revert: (device, context) => rpcEvidence(device, context, 'Cloud.SetConfig', { config: { enable: true } }),
};

/** `websocket mqtt udp:10.0.0.9:514`, or `off`: the debug logs `Sys.GetConfig` shows switched on. */
function debugValue(config: Record<string, unknown>): string {
  const debug = isRecord(config.debug) ? config.debug : {};
  const on = (name: string) => isRecord(debug[name]) && (debug[name] as Record<string, unknown>).enable === true;
  const udp = isRecord(debug.udp) && typeof debug.udp.addr === 'string' && debug.udp.addr ? debug.udp.addr : undefined;
  const parts = [...(on('websocket') ? ['websocket'] : []), ...(on('mqtt') ? ['mqtt'] : [])];
  if (udp) parts.push(`udp:${udp}`);
  return parts.length === 0 ? 'off' : parts.join(' ');
}

/** The `Sys.SetConfig` debug patch that gives the logs named in a reading (`off` switches all three off). */
function debugPatch(value: string) {
  const parts = value.split(' ');
  const udp = parts.find((part) => part.startsWith('udp:'))?.slice(4) ?? null;
  return {
    config: {
      debug: {
        websocket: { enable: parts.includes('websocket') },
        mqtt: { enable: parts.includes('mqtt') },
        udp: { addr: udp },
      },
    },
  };
}

const gen2DebugFix: SettingFix = {
  id: 'shelly-gen2.debug-off',
  checkId: 'service.debug-interface',
  plan: (host) => {
    const config = host.device?.config;
    const sys = isRecord(config) && isRecord(config.sys) ? config.sys : undefined;
    if (!host.device?.debugInterfaces.length || !sys) return undefined;
    return { setting: 'debug logs', before: debugValue(sys), after: 'off', sideEffects: [], undoable: true };
  },
  read: (device, context) => readRpc(device, context, 'Sys.GetConfig', debugValue),
  write: (device, context) => rpcEvidence(device, context, 'Sys.SetConfig', debugPatch('off')),
  revert: (device, context, change) => rpcEvidence(device, context, 'Sys.SetConfig', debugPatch(change.before)),
};

const sntpPatch = (server: string) => ({ config: { sntp: { server } } });

const gen2SntpFix: SettingFix = {
  id: 'shelly-gen2.sntp',
  checkId: 'privacy.phone-home',
  plan(host, finding) {
    const server = configuredSntp(host);
    if (server === undefined || server === SHELLY_DEFAULT_SNTP || finding.subject !== server) return undefined;
    return {
      setting: 'SNTP server',
      before: server,
      after: SHELLY_DEFAULT_SNTP,
      sideEffects: ['the device takes its time from the Shelly default server; schedules keep working'],
      undoable: true,
    };
  },
  read: (device, context) =>
    readRpc(device, context, 'Sys.GetConfig', (sys) =>
      isRecord(sys.sntp) && typeof sys.sntp.server === 'string' ? sys.sntp.server : '',
    ),
  write: (device, context, change) => rpcEvidence(device, context, 'Sys.SetConfig', sntpPatch(change.after)),
  revert: (device, context, change) => rpcEvidence(device, context, 'Sys.SetConfig', sntpPatch(change.before)),
};

/** Every Gen2+ setting fix, in the order a plan applies them (the login last: it changes the credential). */
export const SHELLY_GEN2_FIXES = {
  settings: [gen2CloudFix, gen2SntpFix, gen2DebugFix, gen2LoginFix],
  manual: [],
} as const;

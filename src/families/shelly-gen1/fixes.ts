/**
 * The settings iotwarden changes on a Gen1 Shelly through its own HTTP API (Shelly Gen1 API docs, Common HTTP API):
 * the restricted login (`/settings/login`), the cloud (`/settings/cloud`), the SNTP server and the debug log
 * (`/settings?sntp_server=`, `debug_enable`).
 */
import { ProtocolError } from '../../errors/index.ts';
import { httpEvidence } from '../common/redact.ts';
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
import { gen1Get, jsonObject, requestLine } from '../shelly/transport.ts';
import { writeRefused } from '../shelly/writes.ts';
import { gen1Write, setGen1Cloud } from './writes.ts';

/** One authenticated GET of a settings object; the reading is `pick` of it. */
async function readGen1(
  device: InstallDevice,
  context: InstallContext,
  path: string,
  pick: (body: Record<string, unknown>) => string,
): Promise<SettingReading> {
  const endpoint = installEndpoint(device);
  const options = shellyWriteOptions(device, context);
  const response = await gen1Get(endpoint, path, options, options.credential);
  if (response.status === 401) throw writeRefused(endpoint, path, options.credential !== undefined);
  if (response.status !== 200) {
    throw new ProtocolError({ host: endpoint.host, port: endpoint.port }, `${path} answered HTTP ${response.status}`);
  }
  const value = pick(jsonObject(endpoint, path, response));
  return { value, evidence: httpEvidence(requestLine(endpoint, path), response, { value }) };
}

const gen1LoginFix: SettingFix = {
  id: 'shelly-gen1.login',
  checkId: 'auth.no-login',
  plan: () => ({
    setting: 'login',
    before: 'off',
    after: 'on',
    sideEffects: SHELLY_LOGIN_EFFECTS,
    undoable: true,
    newPassword: { username: 'admin' },
  }),
  read: (device, context) => readGen1(device, context, '/settings/login', (body) => onOff(body.enabled === true)),
  async write(device, context) {
    const options = shellyWriteOptions(device, context);
    const { username = 'admin', password = '' } = options.credential ?? {};
    const query = `enabled=1&username=${encodeURIComponent(username)}`;
    const path = `/settings/login?${query}&password=${encodeURIComponent(password)}`;
    return (await gen1Write(installEndpoint(device), path, options, `/settings/login?${query}&password=***`)).evidence;
  },
  async revert(device, context) {
    const path = '/settings/login?enabled=0';
    return (await gen1Write(installEndpoint(device), path, shellyWriteOptions(device, context))).evidence;
  },
};

const gen1CloudFix: SettingFix = {
  id: 'shelly-gen1.cloud-off',
  checkId: 'cloud.enabled',
  plan: (host) =>
    host.device?.cloud?.enabled
      ? { setting: 'vendor cloud', before: 'on', after: 'off', sideEffects: SHELLY_CLOUD_EFFECTS, undoable: true }
      : undefined,
  read: (device, context) => readGen1(device, context, '/settings/cloud', (body) => onOff(body.enabled === true)),
  write: async (device, context) =>
    (await setGen1Cloud(installEndpoint(device), false, shellyWriteOptions(device, context))).evidence,
  revert: async (device, context) =>
    (await setGen1Cloud(installEndpoint(device), true, shellyWriteOptions(device, context))).evidence,
};

const sntpOf = (body: Record<string, unknown>) =>
  isRecord(body.sntp) && typeof body.sntp.server === 'string' ? body.sntp.server : '';

async function setGen1Sntp(device: InstallDevice, context: InstallContext, server: string) {
  const path = `/settings?sntp_server=${encodeURIComponent(server)}`;
  return (await gen1Write(installEndpoint(device), path, shellyWriteOptions(device, context))).evidence;
}

/** An SNTP server that never answers makes the firmware look its name up again every second (seed home, garage door). */
const gen1SntpFix: SettingFix = {
  id: 'shelly-gen1.sntp',
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
  read: (device, context) => readGen1(device, context, '/settings', sntpOf),
  write: (device, context, change) => setGen1Sntp(device, context, change.after),
  revert: (device, context, change) => setGen1Sntp(device, context, change.before),
};

async function setGen1Debug(device: InstallDevice, context: InstallContext, on: boolean) {
  const path = `/settings?debug_enable=${on}`;
  return (await gen1Write(installEndpoint(device), path, shellyWriteOptions(device, context))).evidence;
}

const gen1DebugFix: SettingFix = {
  id: 'shelly-gen1.debug-off',
  checkId: 'service.debug-interface',
  plan: (host) =>
    host.device?.debugInterfaces.length
      ? { setting: 'debug log', before: 'on', after: 'off', sideEffects: [], undoable: true }
      : undefined,
  read: (device, context) => readGen1(device, context, '/settings', (body) => onOff(body.debug_enable === true)),
  write: (device, context) => setGen1Debug(device, context, false),
  revert: (device, context) => setGen1Debug(device, context, true),
};

/** Every Gen1 setting fix, in the order a plan applies them (the login last: it changes the credential). */
export const SHELLY_GEN1_FIXES = {
  settings: [gen1CloudFix, gen1SntpFix, gen1DebugFix, gen1LoginFix],
  manual: [],
} as const;

import { DeviceAuthError, type Endpoint, ProtocolError } from '../../errors/index.ts';
import { jsonPreview } from '../../util/bounded-json.ts';
import type { ControlCapability, ControlChannel, ControlState } from '../descriptor.ts';
import { isObject } from '../tplink/discovery.ts';
import { legacyChannels } from '../tplink/iot-channels.ts';
import { SYSINFO_REQUEST, sysinfoOf } from '../tplink/iot-sysinfo.ts';
import { KASA_SMART_PORT, type OwnerSession, openOwnerSession } from './control-session.ts';
import type { JsonRequester } from './read.ts';

type JsonRecord = Record<string, unknown>;

/** python-kasa SmartErrorCode: the method is unknown to this model (a plug asked for its children). */
const UNKNOWN_METHOD_ERROR = -1002;
/** python-kasa SmartErrorCode LOGIN_ERROR: the session's login no longer holds. */
const LOGIN_ERROR = -1501;
/** A hub pairs at most 64 sub-devices (Tapo H100 spec); more pages than this is a device that never stops. */
const MAX_CHILD_PAGES = 8;

/**
 * The channels of one SMART `get_device_info` (python-kasa smart/modules devicemodule, brightness; the captures
 * under fixtures/kasa/smart): `device_on`, plus `brightness` on bulbs, light strips and dimmers. Bulbs
 * (`SMART.TAPOBULB`) are a light, everything else a relay, as the legacy reader names a dimmer.
 */
export function smartDeviceChannel(info: JsonRecord): ControlChannel | undefined {
  if (typeof info.device_on !== 'boolean') return undefined;
  const bulb = typeof info.type === 'string' && info.type.endsWith('BULB');
  const channel: ControlChannel = bulb
    ? { id: 'light:0', kind: 'light', on: info.device_on }
    : { id: 'relay:0', kind: 'relay', on: info.device_on };
  if (typeof info.brightness === 'number') channel.brightness = info.brightness;
  return channel;
}

/**
 * The outlets of a strip (P300, P306, TP25, EP40M) or the parts of a multi-switch (KS240), from
 * `get_child_device_list`: `relay:<n>` in outlet order (`position`, 1-based, where the device gives it; the P300
 * capture lists outlet 3 first), counting only children with `device_on`. A hub's sensors and thermostats have no
 * `device_on` and give no channel.
 */
export function smartChildChannels(children: readonly unknown[]): ControlChannel[] {
  const switchable = children
    .filter(isObject)
    .filter((child) => typeof child.device_on === 'boolean')
    .map((child, listed) => ({ child, order: typeof child.position === 'number' ? child.position : listed + 1 }))
    .sort((a, b) => a.order - b.order);
  return switchable.map(({ child }, n) => {
    const channel: ControlChannel = { id: `relay:${n}`, kind: 'relay', on: child.device_on as boolean };
    if (typeof child.brightness === 'number') channel.brightness = child.brightness;
    return channel;
  });
}

/** The `result` of one SMART answer; a refused session is a DeviceAuthError, any other error a ProtocolError. */
async function smartCall(
  request: JsonRequester,
  endpoint: Endpoint,
  call: JsonRecord,
): Promise<{ result: JsonRecord } | { errorCode: number }> {
  const answer = await request(call);
  if (!isObject(answer) || typeof answer.error_code !== 'number') {
    throw new ProtocolError(endpoint, `${String(call.method)} answered without an error_code`);
  }
  if (answer.error_code === LOGIN_ERROR) {
    throw new DeviceAuthError(endpoint, `${String(call.method)} refused the session (${LOGIN_ERROR})`);
  }
  if (answer.error_code !== 0) return { errorCode: answer.error_code };
  if (!isObject(answer.result)) throw new ProtocolError(endpoint, `${String(call.method)} answered no result`);
  return { result: answer.result };
}

/**
 * Every child, page by page: the device answers `{child_device_list, start_index, sum}` and a client asks again
 * from where the list ended until it has `sum` (python-kasa smartprotocol `_handle_response_lists`). Undefined when
 * the model knows no children (-1002).
 */
async function childList(request: JsonRequester, endpoint: Endpoint): Promise<unknown[] | undefined> {
  const children: unknown[] = [];
  for (let page = 0; page < MAX_CHILD_PAGES; page++) {
    const call = { method: 'get_child_device_list', params: { start_index: children.length } };
    const answer = await smartCall(request, endpoint, call);
    if ('errorCode' in answer) {
      if (answer.errorCode === UNKNOWN_METHOD_ERROR && page === 0) return undefined;
      throw new ProtocolError(endpoint, `get_child_device_list answered error ${answer.errorCode}`);
    }
    const list = answer.result.child_device_list;
    if (!Array.isArray(list)) throw new ProtocolError(endpoint, 'get_child_device_list answered no list');
    children.push(...list);
    const sum = answer.result.sum;
    if (typeof sum !== 'number' || children.length >= sum || list.length === 0) return children;
  }
  throw new ProtocolError(endpoint, `get_child_device_list did not end after ${MAX_CHILD_PAGES} pages`);
}

async function readSmartChannels(session: OwnerSession, endpoint: Endpoint): Promise<ControlChannel[]> {
  const info = await smartCall(session.request, endpoint, { method: 'get_device_info' });
  if ('errorCode' in info) throw new ProtocolError(endpoint, `get_device_info answered error ${info.errorCode}`);
  const own = smartDeviceChannel(info.result);
  if (own) return [own];
  // Strips and hubs report no `device_on` of their own (every capture with children): their outlets are children.
  const children = await childList(session.request, endpoint);
  return children ? smartChildChannels(children) : [];
}

async function readLegacyChannels(session: OwnerSession, endpoint: Endpoint): Promise<ControlChannel[]> {
  const sysinfo = sysinfoOf(await session.request(SYSINFO_REQUEST));
  if (!sysinfo) throw new ProtocolError(endpoint, 'get_sysinfo over KLAP answered without a model');
  return legacyChannels(sysinfo);
}

/**
 * Kasa/Tapo control state over the device's own secure session (KLAP or AES, with the owner's TP-Link account):
 * `get_device_info` for a plug, bulb or switch, `get_child_device_list` for a strip's outlets; the legacy
 * `get_sysinfo` for a legacy model on KLAP. Read-only: nothing is switched.
 */
export const kasaSmartControl: ControlCapability = {
  async read(device, context): Promise<ControlState | undefined> {
    const endpoint = { host: device.address, port: device.connectPort(KASA_SMART_PORT) };
    const session = await openOwnerSession(device, context);
    const channels = session.legacyJson
      ? await readLegacyChannels(session, endpoint)
      : await readSmartChannels(session, endpoint);
    if (channels.length === 0) return undefined;
    const sent = session.legacyJson ? JSON.stringify(SYSINFO_REQUEST) : '{"method":"get_device_info"}';
    return {
      channels,
      evidence: {
        sent: `${session.via} POST http://${device.address}:${KASA_SMART_PORT}/app ${sent}`,
        received: jsonPreview({ channels }, 300),
      },
    };
  },
};

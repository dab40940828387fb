import { child, isRecord, type JsonRecord } from '../../shelly/simulator/json-tools.ts';
import { applyRules, bool, bool01, num, oneOf, type ParamRule, type RulesOutcome, text } from './settings-rules.ts';

/**
 * The setters of the Gen1 `/settings/*` endpoints, as tables of parameter → settings key (Shelly Gen1 API docs:
 * Common HTTP API `/settings`, `/settings/ap`, `/settings/sta`; Shelly1/1PM `/settings/relay/0`; Shelly2.5
 * `/settings/roller/{index}`; Shelly Dimmer `/settings/light/0`). Secrets that are written (`mqtt_pass`, WiFi
 * `key`) are kept where the device keeps them and never shown where the device does not show them.
 */

const COMMON: readonly ParamRule[] = [
  { param: 'name', key: 'name', kind: { type: 'text', maxLength: 64, nullWhenEmpty: true } },
  { param: 'discoverable', key: 'discoverable', kind: bool },
  { param: 'timezone', key: 'timezone', kind: text },
  { param: 'lat', key: 'lat', kind: num(-90, 90) },
  { param: 'lng', key: 'lng', kind: num(-180, 180) },
  { param: 'tzautodetect', key: 'tzautodetect', kind: bool },
  { param: 'tz_utc_offset', key: 'tz_utc_offset', kind: num(-50400, 50400) },
  { param: 'tz_dst', key: 'tz_dst', kind: bool },
  { param: 'tz_dst_auto', key: 'tz_dst_auto', kind: bool },
  { param: 'ap_roaming_enabled', key: 'ap_roaming.enabled', kind: bool },
  { param: 'ap_roaming_threshold', key: 'ap_roaming.threshold', kind: num(-100, 0) },
  { param: 'mqtt_enable', key: 'mqtt.enable', kind: bool },
  { param: 'mqtt_server', key: 'mqtt.server', kind: text },
  { param: 'mqtt_clean_session', key: 'mqtt.clean_session', kind: bool },
  { param: 'mqtt_retain', key: 'mqtt.retain', kind: bool },
  { param: 'mqtt_user', key: 'mqtt.user', kind: text },
  { param: 'mqtt_id', key: 'mqtt.id', kind: text },
  { param: 'mqtt_reconnect_timeout_max', key: 'mqtt.reconnect_timeout_max', kind: num(0) },
  { param: 'mqtt_reconnect_timeout_min', key: 'mqtt.reconnect_timeout_min', kind: num(0) },
  { param: 'mqtt_keep_alive', key: 'mqtt.keep_alive', kind: num(0, 65535) },
  { param: 'mqtt_update_period', key: 'mqtt.update_period', kind: num(0, 65535) },
  { param: 'mqtt_max_qos', key: 'mqtt.max_qos', kind: num(0, 2) },
  { param: 'coiot_enable', key: 'coiot.enabled', kind: bool },
  { param: 'coiot_update_period', key: 'coiot.update_period', kind: num(15, 65535) },
  { param: 'debug_enable', key: 'debug_enable', kind: bool },
  { param: 'allow_cross_origin', key: 'allow_cross_origin', kind: bool },
  { param: 'led_status_disable', key: 'led_status_disable', kind: bool, ifPresent: true },
  { param: 'wifirecovery_reboot_enabled', key: 'wifirecovery_reboot_enabled', kind: bool, ifPresent: true },
  { param: 'pon_wifi_reset', key: 'pon_wifi_reset', kind: bool, ifPresent: true },
  { param: 'eco_mode_enabled', key: 'eco_mode_enabled', kind: bool, ifPresent: true },
  { param: 'longpush_time', key: 'longpush_time', kind: num(1, 5000), ifPresent: true },
  { param: 'factory_reset_from_switch', key: 'factory_reset_from_switch', kind: bool, ifPresent: true },
  { param: 'max_power', key: 'max_power', kind: num(0), ifPresent: true },
];

const RELAY: readonly ParamRule[] = [
  { param: 'name', key: 'name', kind: { type: 'text', maxLength: 64, nullWhenEmpty: true } },
  { param: 'appliance_type', key: 'appliance_type', kind: text },
  { param: 'default_state', key: 'default_state', kind: oneOf('off', 'on', 'last', 'switch') },
  {
    param: 'btn_type',
    key: 'btn_type',
    kind: oneOf('momentary', 'toggle', 'edge', 'detached', 'action', 'cycle', 'momentary_on_release'),
  },
  { param: 'btn_reverse', key: 'btn_reverse', kind: bool01 },
  { param: 'auto_on', key: 'auto_on', kind: num(0, 86400) },
  { param: 'auto_off', key: 'auto_off', kind: num(0, 86400) },
  { param: 'schedule', key: 'schedule', kind: bool },
  { param: 'max_power', key: 'max_power', kind: num(0), ifPresent: true },
  { param: 'power', key: 'power', kind: num(0, 4000), ifPresent: true },
];

const ROLLER: readonly ParamRule[] = [
  { param: 'maxtime', key: 'maxtime', kind: num(0, 300) },
  { param: 'maxtime_open', key: 'maxtime_open', kind: num(0, 300) },
  { param: 'maxtime_close', key: 'maxtime_close', kind: num(0, 300) },
  { param: 'default_state', key: 'default_state', kind: oneOf('stop', 'open', 'close') },
  { param: 'swap', key: 'swap', kind: bool },
  { param: 'swap_inputs', key: 'swap_inputs', kind: bool },
  { param: 'input_mode', key: 'input_mode', kind: oneOf('openclose', 'onebutton') },
  { param: 'btn_type', key: 'button_type', kind: oneOf('momentary', 'toggle', 'detached', 'action') },
  { param: 'btn_reverse', key: 'btn_reverse', kind: bool01 },
  { param: 'schedule', key: 'schedule', kind: bool },
  {
    param: 'obstacle_mode',
    key: 'obstacle_mode',
    kind: oneOf('disabled', 'while_opening', 'while_closing', 'while_moving'),
  },
  { param: 'obstacle_action', key: 'obstacle_action', kind: oneOf('stop', 'reverse') },
  { param: 'obstacle_power', key: 'obstacle_power', kind: num(0) },
  { param: 'obstacle_delay', key: 'obstacle_delay', kind: num(0) },
  { param: 'ends_delay', key: 'ends_delay', kind: num(0, 10000) },
  { param: 'off_power', key: 'off_power', kind: num(0) },
  {
    param: 'safety_mode',
    key: 'safety_mode',
    kind: oneOf('disabled', 'while_opening', 'while_closing', 'while_moving'),
  },
  { param: 'safety_action', key: 'safety_action', kind: oneOf('stop', 'pause', 'reverse') },
  { param: 'safety_allowed_on_trigger', key: 'safety_allowed_on_trigger', kind: oneOf('none', 'open', 'close', 'all') },
];

const LIGHT: readonly ParamRule[] = [
  { param: 'name', key: 'name', kind: { type: 'text', maxLength: 64, nullWhenEmpty: true } },
  { param: 'default_state', key: 'default_state', kind: oneOf('off', 'on', 'last', 'switch') },
  { param: 'auto_on', key: 'auto_on', kind: num(0, 86400) },
  { param: 'auto_off', key: 'auto_off', kind: num(0, 86400) },
  {
    param: 'btn_type',
    key: 'btn_type',
    kind: oneOf('one_button', 'dual_button', 'toggle', 'edge', 'detached', 'action'),
  },
  { param: 'btn_debounce', key: 'btn_debounce', kind: num(0, 1000), ifPresent: true },
  { param: 'swap_inputs', key: 'swap_inputs', kind: bool01, ifPresent: true },
  { param: 'schedule', key: 'schedule', kind: bool },
];

const AP: readonly ParamRule[] = [
  { param: 'enabled', key: 'enabled', kind: bool },
  { param: 'key', key: 'key', kind: { type: 'text', maxLength: 63 } },
];

const STA: readonly ParamRule[] = [
  { param: 'enabled', key: 'enabled', kind: bool },
  { param: 'ssid', key: 'ssid', kind: { type: 'text', maxLength: 32 } },
  { param: 'ipv4_method', key: 'ipv4_method', kind: oneOf('dhcp', 'static') },
  { param: 'ip', key: 'ip', kind: { type: 'text', maxLength: 15, nullWhenEmpty: true } },
  { param: 'netmask', key: 'mask', kind: { type: 'text', maxLength: 15, nullWhenEmpty: true } },
  { param: 'gateway', key: 'gw', kind: { type: 'text', maxLength: 15, nullWhenEmpty: true } },
  { param: 'dns', key: 'dns', kind: { type: 'text', maxLength: 15, nullWhenEmpty: true } },
];

/** `coiot_peer`: `mcast` (stored as empty), or `ip[:port]` with 5683 as the default port (Gen1 API, `/settings`). */
function coiotPeer(raw: string): string | undefined {
  if (raw === '' || raw === 'mcast') return '';
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?$/.exec(raw);
  if (!match?.[1]) return undefined;
  const port = match[2] === undefined ? 5683 : Number(match[2]);
  if (port < 1 || port > 65535 || match[1].split('.').some((octet) => Number(octet) > 255)) return undefined;
  return `${match[1]}:${port}`;
}

/** GET /settings?…: the common parameters, plus `sntp_server`, `coiot_peer`, `mqtt_pass` and `mode`. */
export function applyDeviceSettings(
  settings: JsonRecord,
  params: URLSearchParams,
  setMode: (mode: 'relay' | 'roller') => boolean,
): RulesOutcome {
  const mode = params.get('mode');
  if (
    mode !== null &&
    !(mode === settings.mode || ((mode === 'relay' || mode === 'roller') && 'rollers' in settings))
  ) {
    return { error: 'Bad value for mode!' };
  }
  const peer = params.get('coiot_peer');
  const peerValue = peer === null ? undefined : coiotPeer(peer);
  if (peer !== null && peerValue === undefined) return { error: 'Bad value for coiot_peer!' };
  const outcome = applyRules(settings, COMMON, params);
  if ('error' in outcome) return outcome;
  let changed = outcome.changed;
  const sntp = params.get('sntp_server');
  if (sntp !== null) {
    // "An empty value disables timekeeping" (Gen1 API, /settings sntp_server).
    Object.assign(child(settings, 'sntp'), { server: sntp, enabled: sntp !== '' });
    changed = true;
  }
  if (peerValue !== undefined) {
    child(settings, 'coiot').peer = peerValue;
    changed = true;
  }
  const mqttPass = params.get('mqtt_pass');
  if (mqttPass !== null) changed = true;
  if ((mode === 'relay' || mode === 'roller') && setMode(mode)) changed = true;
  return { changed };
}

/** The one channel object `/settings/<kind>/N` reads and writes: settings.relays[N] and so on. */
export function channelSettings(settings: JsonRecord, array: string, index: number): JsonRecord | undefined {
  const list = settings[array];
  const item = Array.isArray(list) ? list[index] : undefined;
  return isRecord(item) ? item : undefined;
}

export const applyRelaySettings = (relay: JsonRecord, params: URLSearchParams) => applyRules(relay, RELAY, params);
export const applyRollerSettings = (roller: JsonRecord, params: URLSearchParams) => applyRules(roller, ROLLER, params);
export const applyLightSettings = (light: JsonRecord, params: URLSearchParams) => applyRules(light, LIGHT, params);

/** `/settings/ap`: setting `enabled=1` returns the device to AP mode, which switches STA off (Gen1 API). */
export function applyApSettings(settings: JsonRecord, params: URLSearchParams): RulesOutcome {
  const ap = child(settings, 'wifi_ap');
  const outcome = applyRules(ap, AP, params);
  if (!('error' in outcome) && ap.enabled === true && params.get('enabled') !== null) {
    child(settings, 'wifi_sta').enabled = false;
  }
  return outcome;
}

/**
 * `/settings/sta` and `/settings/sta1`. The WiFi `key` is accepted and never echoed: /settings shows no STA key.
 * `enabled=1` on STA switches AP mode off.
 */
export function applyStaSettings(settings: JsonRecord, which: 'wifi_sta' | 'wifi_sta1', params: URLSearchParams) {
  const sta = child(settings, which);
  const outcome = applyRules(sta, STA, params);
  if (!('error' in outcome) && sta.enabled === true && params.get('enabled') !== null && which === 'wifi_sta') {
    child(settings, 'wifi_ap').enabled = false;
  }
  if (!('error' in outcome) && params.get('key') !== null) return { changed: true };
  return outcome;
}

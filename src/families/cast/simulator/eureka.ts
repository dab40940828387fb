import type { CastSettings } from './settings.ts';

/** The device UUID: 32 hex digits in mDNS `id`, dashed in `ssdp_udn`. */
export function dashedUuid(id: string): string {
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
}

export interface CastIdentity {
  name: string;
  mac: string;
  /** 32 hex digits. */
  id: string;
  address: string;
}

/** The flat legacy `eureka_info` (version 12), field for field as the 1.56 Chromecast capture shows it. */
export function flatEurekaInfo(settings: CastSettings, device: CastIdentity): Record<string, unknown> {
  const build = settings.firmware.split('.')[2] ?? '0';
  return {
    bssid: '02:00:00:00:00:01',
    build_version: build,
    cast_build_revision: settings.firmware,
    closed_caption: {},
    connected: true,
    ethernet_connected: false,
    has_update: settings.hasUpdate,
    ip_address: device.address,
    locale: 'en-US',
    mac_address: device.mac,
    name: device.name,
    opt_in: { crash: false, opencast: false, stats: false },
    release_track: settings.releaseTrack,
    setup_state: 60,
    ssdp_udn: dashedUuid(device.id),
    ssid: 'iotwarden-lab',
    time_format: 2,
    timezone: 'Etc/UTC',
    tos_accepted: true,
    uptime: 29_600.2,
    version: 12,
    wpa_configured: true,
    wpa_state: 10,
  };
}

/**
 * A capture served as this device: its MAC, UUID and name become the lab's (flat or nested), the rest stays. A pasted
 * reply whose owner redacted values without quotes (`"public_key": ***REDACTED***`, fixtures/cast README) is read
 * with those values quoted.
 */
export function relabelEurekaCapture(fixture: unknown, device: CastIdentity): Record<string, unknown> | undefined {
  const parsed = typeof fixture === 'string' ? parseRedacted(fixture) : fixture;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const info = structuredClone(parsed) as Record<string, unknown>;
  if ('mac_address' in info) info.mac_address = device.mac;
  if ('ssdp_udn' in info) info.ssdp_udn = dashedUuid(device.id);
  if ('name' in info) info.name = device.name;
  const nested = info.device_info;
  if (typeof nested === 'object' && nested !== null) {
    const deviceInfo = nested as Record<string, unknown>;
    if ('mac_address' in deviceInfo) deviceInfo.mac_address = device.mac;
    if ('ssdp_udn' in deviceInfo) deviceInfo.ssdp_udn = dashedUuid(device.id);
  }
  return info;
}

function parseRedacted(text: string): unknown {
  try {
    return JSON.parse(text.replace(/:\s*(\*\*\*[A-Z]+\*\*\*)/g, ': "$1"'));
  } catch {
    return undefined;
  }
}

/** The model a capture names (`device_info.model_name`), where it names one; the flat shape does not. */
export function captureModel(fixture: unknown): string | undefined {
  const info = typeof fixture === 'string' ? parseRedacted(fixture) : fixture;
  const model = (info as { device_info?: { model_name?: unknown } } | undefined)?.device_info?.model_name;
  return typeof model === 'string' && model !== '' ? model : undefined;
}

/** The firmware a capture records: `build_info.cast_build_revision`, else the flat field. */
export function captureRevision(fixture: unknown): string | undefined {
  const info = (typeof fixture === 'string' ? parseRedacted(fixture) : fixture) as
    | { cast_build_revision?: unknown; build_info?: { cast_build_revision?: unknown } }
    | undefined;
  const revision = info?.build_info?.cast_build_revision ?? info?.cast_build_revision;
  return typeof revision === 'string' ? revision : undefined;
}

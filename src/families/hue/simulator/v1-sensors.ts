import type { HueBridgeModel } from './bridge-model.ts';
import { v1Number } from './group-members.ts';
import type { HueResource } from './resources.ts';
import { v1DeviceUpdateState } from './swupdate.ts';

/**
 * v1 sensors derived from CLIP v2 sensor services (Hue API v1 "Sensors API"): motion → ZLLPresence, temperature →
 * ZLLTemperature (hundredths of a degree), light_level → ZLLLightlevel, button → ZLLSwitch, relative_rotary →
 * ZLLRelativeRotary; the battery comes from the device's device_power. Every bridge also has the CLIP Daylight
 * sensor 1, which CLIP v2 does not show.
 */
const SENSOR_TYPES: Record<string, { type: string; cluster: string }> = {
  motion: { type: 'ZLLPresence', cluster: '02-0406' },
  temperature: { type: 'ZLLTemperature', cluster: '02-0402' },
  light_level: { type: 'ZLLLightlevel', cluster: '02-0400' },
  button: { type: 'ZLLSwitch', cluster: '01-fc00' },
  relative_rotary: { type: 'ZLLRelativeRotary', cluster: '01-fc00' },
};

/** A v1 button event number: the button (control id) times 1000 plus the event (Hue API v1, ZLLSwitch). */
const BUTTON_EVENTS: Record<string, number> = {
  initial_press: 0,
  repeat: 1,
  short_release: 2,
  long_release: 3,
  long_press: 4,
};

const time = (iso: unknown): string => (typeof iso === 'string' ? iso.slice(0, 19) : 'none');

function sensorState(resource: HueResource): Record<string, unknown> {
  switch (resource.type) {
    case 'motion': {
      const m = resource.motion as { motion?: boolean; motion_report?: { changed?: string } };
      return { presence: m?.motion === true, lastupdated: time(m?.motion_report?.changed) };
    }
    case 'temperature': {
      const t = resource.temperature as { temperature?: number; temperature_report?: { changed?: string } };
      return {
        temperature: Math.round((t?.temperature ?? 0) * 100),
        lastupdated: time(t?.temperature_report?.changed),
      };
    }
    case 'light_level': {
      const l = resource.light as { light_level?: number; light_level_report?: { changed?: string } };
      const level = l?.light_level ?? 0;
      return {
        lightlevel: level,
        dark: level < 16_000,
        daylight: level >= 23_000,
        lastupdated: time(l?.light_level_report?.changed),
      };
    }
    case 'button': {
      const b = resource.button as { last_event?: string; button_report?: { event?: string; updated?: string } };
      const control = (resource.metadata as { control_id?: number } | undefined)?.control_id ?? 1;
      const event = b?.button_report?.event ?? b?.last_event ?? 'short_release';
      return {
        buttonevent: control * 1000 + (BUTTON_EVENTS[event] ?? 2),
        lastupdated: time(b?.button_report?.updated),
      };
    }
    default: {
      const r = resource.relative_rotary as { rotary_report?: { updated?: string } } | undefined;
      return {
        rotaryevent: 1,
        expectedrotation: 0,
        expectedeventduration: 400,
        lastupdated: time(r?.rotary_report?.updated),
      };
    }
  }
}

/** The v1 sensors: one per sensor `id_v1` (a dimmer's four buttons share one; the first stands for them). */
export function v1SensorEntries(model: HueBridgeModel): Map<number, HueResource> {
  const entries = new Map<number, HueResource>();
  for (const resource of model.list()) {
    if (!SENSOR_TYPES[resource.type]) continue;
    const number = v1Number(resource.id_v1, 'sensors');
    if (number !== undefined && !entries.has(number)) entries.set(number, resource);
  }
  return entries;
}

export function v1Sensor(model: HueBridgeModel, resource: HueResource): Record<string, unknown> {
  const kind = SENSOR_TYPES[resource.type] ?? { type: 'ZLLSwitch', cluster: '01-fc00' };
  const device = model.ownerOf(resource);
  const product = (device?.product_data ?? {}) as Record<string, unknown>;
  const power = model.servicesOf(device, 'device_power')[0]?.power_state as { battery_level?: number } | undefined;
  const zigbee = model.servicesOf(device, 'zigbee_connectivity')[0];
  const mac = typeof zigbee?.mac_address === 'string' ? zigbee.mac_address.split('-')[0] : '00:17:88:01:00:00:00:00';
  const config: Record<string, unknown> = { on: resource.enabled !== false };
  if (power?.battery_level !== undefined) config.battery = power.battery_level;
  config.reachable = zigbee === undefined || zigbee.status === 'connected';
  config.alert = 'none';
  if (resource.type === 'motion') {
    const s = resource.sensitivity as { sensitivity?: number; sensitivity_max?: number } | undefined;
    config.sensitivity = s?.sensitivity ?? 2;
    config.sensitivitymax = s?.sensitivity_max ?? 2;
  }
  if (resource.type === 'light_level') Object.assign(config, { tholddark: 16_000, tholdoffset: 7000 });
  return {
    state: sensorState(resource),
    swupdate: v1DeviceUpdateState(model, device),
    config,
    name: (device?.metadata as { name?: string } | undefined)?.name ?? kind.type,
    type: kind.type,
    modelid: product.model_id ?? '',
    manufacturername: product.manufacturer_name ?? 'Signify Netherlands B.V.',
    productname: product.product_name ?? '',
    swversion: product.software_version ?? '',
    uniqueid: `${mac}-${kind.cluster}`,
    capabilities: { certified: true, primary: resource.type === 'motion' || resource.type === 'button' },
  };
}

/** Sensor 1, the CLIP Daylight sensor every bridge has (node-hue-api's test data shows its shape). */
export function daylightSensor(): Record<string, unknown> {
  return {
    state: { daylight: null, lastupdated: 'none' },
    config: { on: true, configured: false, sunriseoffset: 30, sunsetoffset: -30 },
    name: 'Daylight',
    type: 'Daylight',
    modelid: 'PHDL00',
    manufacturername: 'Signify Netherlands B.V.',
    swversion: '1.0',
  };
}

/** GET /api/<key>/sensors, keyed by number. */
export function v1SensorList(model: HueBridgeModel): Record<string, unknown> {
  const entries = v1SensorEntries(model);
  const out: Record<string, unknown> = {};
  if (!entries.has(1)) out['1'] = daylightSensor();
  for (const [number, resource] of [...entries].sort((a, b) => a[0] - b[0]))
    out[String(number)] = v1Sensor(model, resource);
  return out;
}

import { type Ref, SIGNIFY, zigbee } from './builtin-lights.ts';
import type { HueIds } from './ids.ts';
import type { HueResource } from './resources.ts';

const SERVICES = [
  'motion',
  'light_level',
  'temperature',
  'device_power',
  'zigbee_connectivity',
  'device_software_update',
];

/** The device record of the built-in Hue motion sensor (SML001). */
function sensorDevice(id: (w: string) => string): HueResource {
  return {
    id: id('device/sensor'),
    id_v1: '/sensors/2',
    identify: {},
    metadata: { archetype: 'unknown_archetype', name: 'Hallway sensor' },
    product_data: {
      certified: true,
      manufacturer_name: SIGNIFY,
      model_id: 'SML001',
      product_archetype: 'unknown_archetype',
      product_name: 'Hue motion sensor',
      software_version: '1.1.27575',
    },
    services: SERVICES.map((rtype) => ({ rid: id(`${rtype}/sensor`), rtype })),
    type: 'device',
  };
}

/** A Hue motion sensor (SML001): presence, light level and temperature, v1 sensors 2, 3 and 4. */
export function motionSensor(id: (w: string) => string, ids: HueIds): { device: Ref; resources: HueResource[] } {
  const device = { rid: id('device/sensor'), rtype: 'device' };
  const owner = device;
  const changed = '2026-01-01T00:00:00.000Z';
  const service = (type: string, idV1: string, extra: Record<string, unknown>): HueResource => ({
    id: id(`${type}/sensor`),
    id_v1: idV1,
    owner,
    type,
    ...extra,
  });
  const mac = `00:17:88:01:05:${ids.serial.slice(6, 8)}:${ids.serial.slice(8, 10)}:${ids.serial.slice(10, 12)}`;
  return {
    device,
    resources: [
      sensorDevice(id),
      service('motion', '/sensors/2', {
        enabled: true,
        motion: { motion: false, motion_report: { changed, motion: false }, motion_valid: true },
        sensitivity: { sensitivity: 2, sensitivity_max: 4, status: 'set' },
      }),
      service('light_level', '/sensors/3', {
        enabled: true,
        light: { light_level: 14_000, light_level_report: { changed, light_level: 14_000 }, light_level_valid: true },
      }),
      service('temperature', '/sensors/4', {
        enabled: true,
        temperature: { temperature: 20.5, temperature_report: { changed, temperature: 20.5 }, temperature_valid: true },
      }),
      service('device_power', '/sensors/2', { power_state: { battery_level: 87, battery_state: 'normal' } }),
      zigbee(id('zigbee_connectivity/sensor'), '/sensors/2', owner, mac),
      {
        id: id('device_software_update/sensor'),
        owner,
        problems: [],
        state: 'no_update',
        type: 'device_software_update',
      },
    ],
  };
}

import { type HueIds, resourceUuid } from './ids.ts';
import type { HueResource } from './resources.ts';

const SIGNIFY = 'Signify Netherlands B.V.';

/** Two colour bulbs, as a starter kit pairs them; model and firmware as Hue bulbs of that kind report. */
const LIGHTS = [
  { model: 'LCT015', product: 'Hue color lamp', archetype: 'sultan_bulb', firmware: '1.122.2' },
  { model: 'LCA001', product: 'Hue color lamp', archetype: 'sultan_bulb', firmware: '1.116.3' },
];

/**
 * A small CLIP v2 resource set for a bridge started without a capture: the bridge device and its `bridge`
 * record, and two bulbs with their light, Zigbee and software-update services. Ids are derived from the bridge
 * id so that every lab bridge has its own. The bridge device's model and firmware are patched in live
 * (see liveResources), so the values here are placeholders.
 */
export function builtinHueResources(ids: HueIds): HueResource[] {
  const id = (what: string) => resourceUuid(`${ids.bridgeId}/${what}`);
  const resources: HueResource[] = [
    {
      id: id('device/bridge'),
      type: 'device',
      identify: {},
      metadata: { name: 'Hue Bridge', archetype: 'bridge_v2' },
      product_data: {
        certified: true,
        manufacturer_name: SIGNIFY,
        model_id: 'BSB002',
        product_archetype: 'bridge_v2',
        product_name: 'Hue Bridge',
        software_version: '',
      },
      services: [{ rid: id('bridge'), rtype: 'bridge' }],
    },
    {
      id: id('bridge'),
      type: 'bridge',
      bridge_id: ids.bridgeId.toLowerCase(),
      owner: { rid: id('device/bridge'), rtype: 'device' },
      time_zone: { time_zone: 'Europe/Amsterdam' },
    },
  ];
  LIGHTS.forEach((light, index) => {
    const n = index + 1;
    const device = id(`device/light/${n}`);
    const owner = { rid: device, rtype: 'device' };
    resources.push(
      {
        id: device,
        id_v1: `/lights/${n}`,
        type: 'device',
        identify: {},
        metadata: { name: `${light.product} ${n}`, archetype: light.archetype },
        product_data: {
          certified: true,
          manufacturer_name: SIGNIFY,
          model_id: light.model,
          product_archetype: light.archetype,
          product_name: light.product,
          software_version: light.firmware,
        },
        services: [
          { rid: id(`light/${n}`), rtype: 'light' },
          { rid: id(`zigbee/${n}`), rtype: 'zigbee_connectivity' },
          { rid: id(`swupdate/${n}`), rtype: 'device_software_update' },
        ],
      },
      {
        id: id(`light/${n}`),
        id_v1: `/lights/${n}`,
        type: 'light',
        owner,
        metadata: { name: `${light.product} ${n}`, archetype: light.archetype },
        on: { on: false },
        dimming: { brightness: 100, min_dim_level: 0.2 },
        mode: 'normal',
      },
      {
        id: id(`zigbee/${n}`),
        id_v1: `/lights/${n}`,
        type: 'zigbee_connectivity',
        owner,
        mac_address: `00:17:88:01:0${n}:${ids.serial.slice(6, 8)}:${ids.serial.slice(8, 10)}:${ids.serial.slice(10, 12)}-0b`,
        status: 'connected',
      },
      { id: id(`swupdate/${n}`), type: 'device_software_update', owner, state: 'no_update', problems: [] },
    );
  });
  return resources;
}

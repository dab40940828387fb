import type { HueResource } from './resources.ts';

export const SIGNIFY = 'Signify Netherlands B.V.';

/** A CLIP v2 reference. */
export type Ref = { rid: string; rtype: string };

/** A Zigbee connectivity record (`mac_address` with the endpoint for lights). */
export function zigbee(id: string, idV1: string, owner: Ref, mac: string): HueResource {
  return { id, id_v1: idV1, mac_address: mac, owner, status: 'connected', type: 'zigbee_connectivity' };
}

/** Colour gamut C (the gamut the capture's colour lamps report; newer Hue colour bulbs). */
const GAMUT_C = { red: { x: 0.6915, y: 0.3083 }, green: { x: 0.17, y: 0.7 }, blue: { x: 0.1532, y: 0.0475 } };

/** A bulb of the built-in bridge: what it is and how it is when the lab starts. */
export interface BuiltinLight {
  model: string;
  product: string;
  archetype: string;
  firmware: string;
  name: string;
  /** Colour (gamut C) and white tuning, or white tuning only, or neither (dimmable). */
  kind: 'color' | 'ambiance' | 'white';
  minDim: number;
  mirekRange?: [number, number];
  on: boolean;
  brightness: number;
  xy?: { x: number; y: number };
  mirek?: number;
}

/**
 * A starter home's bulbs: two colour lamps, an ambiance lamp and a white lamp; model numbers, firmware and
 * ranges as Hue bulbs of those kinds report them (LTA009's from the shared capture).
 */
export const BUILTIN_LIGHTS: BuiltinLight[] = [
  {
    model: 'LCT015',
    product: 'Hue color lamp',
    archetype: 'sultan_bulb',
    firmware: '1.122.2',
    name: 'Sofa lamp',
    kind: 'color',
    minDim: 1,
    mirekRange: [153, 500],
    on: true,
    brightness: 80.31,
    xy: { x: 0.4575, y: 0.4101 },
  },
  {
    model: 'LCA001',
    product: 'Hue color lamp',
    archetype: 'sultan_bulb',
    firmware: '1.116.3',
    name: 'Reading lamp',
    kind: 'color',
    minDim: 0.2,
    mirekRange: [153, 500],
    on: false,
    brightness: 100,
    xy: { x: 0.3227, y: 0.329 },
  },
  {
    model: 'LTA009',
    product: 'Hue ambiance lamp',
    archetype: 'sultan_bulb',
    firmware: '1.163.1',
    name: 'Bedside',
    kind: 'ambiance',
    minDim: 0.2,
    mirekRange: [153, 454],
    on: true,
    brightness: 62.06,
    mirek: 369,
  },
  {
    model: 'LWA001',
    product: 'Hue white lamp',
    archetype: 'classic_bulb',
    firmware: '1.116.3',
    name: 'Wardrobe',
    kind: 'white',
    minDim: 0.5,
    on: false,
    brightness: 100,
  },
];

/** The CLIP v2 `light` service of a built-in bulb. */
export function builtinLightService(
  light: BuiltinLight,
  ids: { id: string; idV1: string; device: string },
): HueResource {
  const resource: HueResource = {
    alert: { action_values: ['breathe'] },
    dimming: { brightness: light.brightness, min_dim_level: light.minDim },
    dimming_delta: {},
    dynamics: { speed: 0, speed_valid: false, status: 'none', status_values: ['none'] },
    id: ids.id,
    id_v1: ids.idV1,
    identify: {},
    metadata: { archetype: light.archetype, function: 'mixed', name: light.name },
    mode: 'normal',
    on: { on: light.on },
    owner: { rid: ids.device, rtype: 'device' },
    powerup: { configured: true, on: { mode: 'on', on: { on: true } }, preset: 'safety' },
    type: 'light',
  };
  if (light.mirekRange) {
    const [min, max] = light.mirekRange;
    resource.color_temperature = {
      mirek: light.mirek ?? null,
      mirek_schema: { mirek_maximum: max, mirek_minimum: min },
      mirek_valid: light.mirek !== undefined,
    };
    resource.color_temperature_delta = {};
  }
  if (light.kind === 'color') {
    resource.color = { gamut: GAMUT_C, gamut_type: 'C', xy: light.xy ?? { x: 0.3127, y: 0.329 } };
  }
  return resource;
}

/** The CLIP v2 `device` record of a built-in bulb. */
export function builtinLightDevice(
  light: BuiltinLight,
  ids: { id: string; idV1: string; services: Array<{ rid: string; rtype: string }> },
): HueResource {
  return {
    id: ids.id,
    id_v1: ids.idV1,
    identify: {},
    metadata: { archetype: light.archetype, name: light.name },
    product_data: {
      certified: true,
      manufacturer_name: SIGNIFY,
      model_id: light.model,
      product_archetype: light.archetype,
      product_name: light.product,
      software_version: light.firmware,
    },
    services: ids.services,
    type: 'device',
  };
}

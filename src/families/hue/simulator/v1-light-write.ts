import type { HueBridgeModel } from './bridge-model.ts';
import { hueSatToXy, type Xy } from './color.ts';
import { type LightWrite, lightFeatures } from './light-control.ts';
import type { HueResource } from './resources.ts';
import { invalidValue, notModifiableWhileOff, parameterNotAvailable, type V1Item, v1Success } from './v1-errors.ts';
import { brightnessFromBri, v1LightState } from './v1-lights.ts';

/**
 * A validated v1 light state (PUT /lights/<id>/state) or group action (PUT /groups/<id>/action): the parameters
 * and ranges of Hue API v1 "1.6 Set light state" (node-hue-api 4.0.11's stateParameters agree).
 */
export interface V1StateIntent {
  on?: boolean;
  bri?: number;
  bri_inc?: number;
  hue?: number;
  hue_inc?: number;
  sat?: number;
  sat_inc?: number;
  xy?: [number, number];
  xy_inc?: [number, number];
  ct?: number;
  ct_inc?: number;
  alert?: string;
  effect?: string;
}

type Check = (value: unknown) => unknown;

const int =
  (min: number, max: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined;
const pair =
  (min: number, max: number): Check =>
  (v) =>
    Array.isArray(v) && v.length === 2 && v.every((n) => typeof n === 'number' && n >= min && n <= max) ? v : undefined;
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? v : undefined;

/** Each parameter's check; the value a check returns is the one applied (and echoed in the success item). */
const PARAMETERS: Record<string, Check> = {
  on: (v) => (typeof v === 'boolean' ? v : undefined),
  // The documented range is 1..254; bridges take 255 as 254 (Ars Technica's Hue review set {"bri":255}).
  bri: (v) => {
    const n = int(1, 255)(v);
    return n === undefined ? undefined : Math.min(254, n as number);
  },
  hue: int(0, 65_535),
  sat: int(0, 254),
  xy: pair(0, 1),
  ct: int(153, 500),
  alert: oneOf('none', 'select', 'lselect'),
  effect: oneOf('none', 'colorloop'),
  transitiontime: int(0, 65_535),
  bri_inc: int(-254, 254),
  sat_inc: int(-254, 254),
  hue_inc: int(-65_534, 65_534),
  ct_inc: int(-65_534, 65_534),
  xy_inc: pair(-0.5, 0.5),
};

/** Parameters that need a dimmable, colour or white-tunable light, and that a light which is off refuses. */
const NEEDS: Record<string, 'dimming' | 'color' | 'ct'> = {
  bri: 'dimming',
  bri_inc: 'dimming',
  hue: 'color',
  hue_inc: 'color',
  sat: 'color',
  sat_inc: 'color',
  xy: 'color',
  xy_inc: 'color',
  effect: 'color',
  ct: 'ct',
  ct_inc: 'ct',
};

/**
 * Validates a v1 state body parameter by parameter, in the body's order: a success item for each accepted one,
 * an error item for each refused one, as the bridge answers. For one light (`light` given) the light's features
 * and power count (type 6 for a parameter it lacks, 201 for colour or brightness while it is off); a group takes
 * everything and each member applies what it can.
 */
export function parseV1State(
  body: Record<string, unknown>,
  address: string,
  light?: HueResource,
): { results: V1Item[]; intent: V1StateIntent } {
  const results: V1Item[] = [];
  const intent: Record<string, unknown> = {};
  const features = light ? lightFeatures(light) : undefined;
  const offAfter = light ? body.on !== true && (light.on as { on?: boolean } | undefined)?.on !== true : false;
  for (const [name, raw] of Object.entries(body)) {
    const at = `${address}/${name}`;
    const check = PARAMETERS[name];
    if (name === 'scene' && !light) continue;
    const need = NEEDS[name];
    if (!check || (features && need && !hasFeature(features, need))) {
      results.push(parameterNotAvailable(at, name));
      continue;
    }
    const value = check(raw);
    if (value === undefined) {
      results.push(invalidValue(at, name, raw));
      continue;
    }
    if (offAfter && need) {
      results.push(notModifiableWhileOff(at, name));
      continue;
    }
    if (name !== 'transitiontime') intent[name] = value;
    results.push(v1Success(at, value));
  }
  return { results, intent: intent as V1StateIntent };
}

function hasFeature(f: ReturnType<typeof lightFeatures>, need: 'dimming' | 'color' | 'ct'): boolean {
  return need === 'dimming' ? f.dimming : need === 'color' ? f.color : f.ct !== undefined;
}

const clamp = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, v));

/**
 * What an intent does to one light, from its current state: increments add to it, and of several colour settings
 * the bridge uses xy first, then ct, then hue/sat (v1 "Set light state": "xy > ct > hs").
 */
export function writeForLight(model: HueBridgeModel, light: HueResource, intent: V1StateIntent): LightWrite {
  const now = v1LightState(model, light) as { bri?: number; hue?: number; sat?: number; ct?: number; xy?: number[] };
  const f = lightFeatures(light);
  const write: LightWrite = { extras: {} };
  if (intent.on !== undefined) write.on = intent.on;
  const bri =
    intent.bri ?? (intent.bri_inc !== undefined ? clamp((now.bri ?? 254) + intent.bri_inc, 1, 254) : undefined);
  if (bri !== undefined) write.brightness = brightnessFromBri(bri);
  const xy =
    intent.xy ??
    (intent.xy_inc && now.xy ? now.xy.map((v, i) => clamp(v + (intent.xy_inc?.[i] ?? 0), 0, 1)) : undefined);
  const ct = intent.ct ?? (intent.ct_inc !== undefined && now.ct !== undefined ? now.ct + intent.ct_inc : undefined);
  const hueSet = intent.hue !== undefined || intent.hue_inc !== undefined;
  const satSet = intent.sat !== undefined || intent.sat_inc !== undefined;
  if (xy && f.color) {
    write.xy = { x: xy[0] ?? 0, y: xy[1] ?? 0 } satisfies Xy;
    write.extras = { colormode: 'xy' };
  } else if (ct !== undefined && f.ct) {
    write.mirek = ct;
    write.extras = { colormode: 'ct' };
  } else if ((hueSet || satSet) && f.color) {
    const hue = intent.hue ?? ((((now.hue ?? 0) + (intent.hue_inc ?? 0)) % 65_536) + 65_536) % 65_536;
    const sat = intent.sat ?? clamp((now.sat ?? 0) + (intent.sat_inc ?? 0), 0, 254);
    write.xy = hueSatToXy({ hue, sat }, f.gamut);
    write.extras = { colormode: 'hs', hue, sat };
  }
  if (intent.alert !== undefined) write.extras = { ...write.extras, alert: intent.alert };
  if (intent.effect !== undefined && f.color) write.extras = { ...write.extras, effect: intent.effect };
  return write;
}

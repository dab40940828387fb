import type { HueBridgeModel, LightV1Extras, ResourceChange } from './bridge-model.ts';
import { clampToGamut, type Gamut, mirekToXy, type Xy } from './color.ts';
import { groupedLightsHolding, lightsOfGroup } from './group-members.ts';
import type { HueResource } from './resources.ts';

/** A change to one light in CLIP v2 terms; both APIs' writes come down to this. */
export interface LightWrite {
  on?: boolean;
  /** Percent, 0..100 (v2 `dimming.brightness`). */
  brightness?: number;
  xy?: Xy;
  mirek?: number;
  /** What v1 keeps beside it (colour mode, hue/sat, effect, alert); v2 colour writes reset the mode. */
  extras?: LightV1Extras;
}

/** What a light can do, read from its CLIP v2 features. */
export interface LightFeatures {
  dimming: boolean;
  /** Lowest brightness in percent (`dimming.min_dim_level`). */
  minDim: number;
  color: boolean;
  gamut: Gamut | undefined;
  gamutType: string | undefined;
  /** The mirek range (`color_temperature.mirek_schema`), when the light does colour temperature. */
  ct: { min: number; max: number } | undefined;
}

export function lightFeatures(light: HueResource): LightFeatures {
  const dimming = light.dimming as { min_dim_level?: number } | undefined;
  const color = light.color as { gamut?: Gamut; gamut_type?: string } | undefined;
  const ct = light.color_temperature as
    | { mirek_schema?: { mirek_minimum?: number; mirek_maximum?: number } }
    | undefined;
  const schema = ct?.mirek_schema;
  return {
    dimming: dimming !== undefined,
    minDim: typeof dimming?.min_dim_level === 'number' ? dimming.min_dim_level : 0,
    color: color !== undefined,
    gamut: color?.gamut,
    gamutType: color?.gamut_type,
    ct:
      schema && typeof schema.mirek_minimum === 'number' && typeof schema.mirek_maximum === 'number'
        ? { min: schema.mirek_minimum, max: schema.mirek_maximum }
        : undefined,
  };
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

/** The CLIP v2 properties a write sets on `light`; features the light lacks are left out. */
export function lightPatch(light: HueResource, write: LightWrite): Record<string, unknown> {
  const features = lightFeatures(light);
  const patch: Record<string, unknown> = {};
  if (write.on !== undefined) patch.on = { on: write.on };
  if (write.brightness !== undefined && features.dimming) {
    // v2 reference, light PUT: "value cannot be 0, writing 0 changes it to lowest possible brightness".
    patch.dimming = { brightness: round2(Math.min(100, Math.max(features.minDim, write.brightness))) };
  }
  if (write.mirek !== undefined && features.ct) {
    const mirek = Math.round(Math.min(features.ct.max, Math.max(features.ct.min, write.mirek)));
    patch.color_temperature = { mirek, mirek_valid: true };
    if (features.color) patch.color = { xy: gamutXy(mirekToXy(mirek), features.gamut) };
  }
  if (write.xy !== undefined && features.color) {
    // xy wins over a colour temperature sent with it, as v1 orders them (xy > ct > hs).
    patch.color = { xy: gamutXy(write.xy, features.gamut) };
    if (features.ct) patch.color_temperature = { mirek: null, mirek_valid: false };
  }
  return patch;
}

function gamutXy(point: Xy, gamut: Gamut | undefined): Xy {
  const inside = gamut ? clampToGamut(point, gamut) : point;
  return { x: Math.round(inside.x * 10_000) / 10_000, y: Math.round(inside.y * 10_000) / 10_000 };
}

/**
 * Applies light writes as one bridge transaction: each light's resource changes, every grouped_light over a
 * changed light follows (on = any member on; brightness = the mean of the lit members), and one batch of changes
 * goes to the event stream together with `extra` (a scene's new status, say).
 */
export function applyLightWrites(
  model: HueBridgeModel,
  writes: Array<{ light: HueResource; write: LightWrite }>,
  extra: Array<ResourceChange | undefined> = [],
): void {
  const changes: Array<ResourceChange | undefined> = [];
  const touched = new Set<string>();
  for (const { light, write } of writes) {
    if (write.extras) Object.assign(model.lightExtras(light.id), write.extras);
    changes.push(model.update(light.id, lightPatch(light, write)));
    touched.add(light.id);
  }
  for (const grouped of groupedLightsHolding(model, touched)) {
    changes.push(model.update(grouped.id, groupedLightState(model, grouped)));
  }
  model.publish([...changes, ...extra]);
}

/** A grouped_light's own state, from its lights. */
function groupedLightState(model: HueBridgeModel, grouped: HueResource): Record<string, unknown> {
  const lights = lightsOfGroup(model, grouped);
  const lit = lights.filter((l) => (l.on as { on?: boolean } | undefined)?.on === true);
  const patch: Record<string, unknown> = { on: { on: lit.length > 0 } };
  if (grouped.dimming !== undefined) {
    const levels = lit.map((l) => (l.dimming as { brightness?: number } | undefined)?.brightness ?? 0);
    patch.dimming = { brightness: levels.length ? round2(levels.reduce((a, b) => a + b, 0) / levels.length) : 0 };
  }
  return patch;
}

/**
 * A scene's light actions as writes (CLIP v2 scene `actions[]`: target light, action with on, dimming, color,
 * color_temperature), for recalling it over either API.
 */
export function sceneWrites(
  model: HueBridgeModel,
  scene: HueResource,
): Array<{ light: HueResource; write: LightWrite }> {
  const actions = Array.isArray(scene.actions) ? (scene.actions as Array<Record<string, unknown>>) : [];
  const writes: Array<{ light: HueResource; write: LightWrite }> = [];
  for (const entry of actions) {
    const light = model.resolve(entry.target);
    const action = entry.action as Record<string, Record<string, unknown>> | undefined;
    if (light?.type !== 'light' || !action) continue;
    const write: LightWrite = {};
    if (typeof action.on?.on === 'boolean') write.on = action.on.on;
    if (typeof action.dimming?.brightness === 'number') write.brightness = action.dimming.brightness;
    const xy = action.color?.xy as Xy | undefined;
    if (xy && typeof xy.x === 'number') write.xy = xy;
    if (typeof action.color_temperature?.mirek === 'number') write.mirek = action.color_temperature.mirek;
    if (write.xy) write.extras = { colormode: 'xy' };
    else if (write.mirek !== undefined) write.extras = { colormode: 'ct' };
    writes.push({ light, write });
  }
  return writes;
}

/**
 * A recalled scene becomes its group's active one (`status.active`, `status.last_recall`); the group's other
 * scenes turn inactive.
 */
export function sceneRecallChanges(
  model: HueBridgeModel,
  scene: HueResource,
  active: 'static' | 'dynamic_palette',
  nowMs: number,
): Array<ResourceChange | undefined> {
  const group = (scene.group as { rid?: string } | undefined)?.rid;
  const others = model
    .ofType('scene')
    .filter((s) => s !== scene && (s.group as { rid?: string } | undefined)?.rid === group)
    .filter((s) => (s.status as { active?: string } | undefined)?.active !== 'inactive');
  return [
    ...others.map((s) => model.update(s.id, { status: { active: 'inactive' } })),
    model.update(scene.id, { status: { active, last_recall: new Date(nowMs).toISOString() } }),
  ];
}

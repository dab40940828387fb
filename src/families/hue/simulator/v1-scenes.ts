import type { HueBridgeModel } from './bridge-model.ts';
import { v1Number } from './group-members.ts';
import type { HueResource } from './resources.ts';
import { briFromBrightness } from './v1-lights.ts';

/** A v1 scene id is the tail of the scene's `id_v1` (`/scenes/In96sy8VUrJyY83V`). */
function sceneIdOf(scene: HueResource): string | undefined {
  const match = typeof scene.id_v1 === 'string' ? /^\/scenes\/([^/]+)$/.exec(scene.id_v1) : null;
  return match?.[1];
}

export function v1SceneById(model: HueBridgeModel, id: string): HueResource | undefined {
  return model.ofType('scene').find((scene) => sceneIdOf(scene) === id);
}

function targets(scene: HueResource): Array<Record<string, unknown>> {
  return Array.isArray(scene.actions) ? (scene.actions as Array<Record<string, unknown>>) : [];
}

/**
 * The v1 scene object (Hue API v1 "Scenes API"): a GroupScene naming its group and lights. With `lightstates`
 * (GET /scenes/<id>) it also carries each light's stored state.
 */
export function v1Scene(model: HueBridgeModel, scene: HueResource, withStates: boolean): Record<string, unknown> {
  const group = model.resolve(scene.group);
  const metadata = (scene.metadata ?? {}) as { name?: string; image?: { rid?: string } };
  const lights: string[] = [];
  const lightstates: Record<string, unknown> = {};
  for (const entry of targets(scene)) {
    const number = v1Number(model.resolve(entry.target)?.id_v1, 'lights');
    if (number === undefined) continue;
    lights.push(String(number));
    lightstates[String(number)] = lightstateOf(entry.action as Record<string, Record<string, unknown>> | undefined);
  }
  const status = scene.status as { last_recall?: string } | undefined;
  return {
    name: metadata.name ?? '',
    type: 'GroupScene',
    group: String(v1Number(group?.id_v1, 'groups') ?? ''),
    lights,
    owner: '',
    recycle: false,
    locked: false,
    appdata: {},
    picture: '',
    ...(metadata.image?.rid ? { image: metadata.image.rid } : {}),
    lastupdated: status?.last_recall?.slice(0, 19) ?? null,
    version: 2,
    ...(withStates ? { lightstates } : {}),
  };
}

function lightstateOf(action: Record<string, Record<string, unknown>> | undefined): Record<string, unknown> {
  const state: Record<string, unknown> = { on: action?.on?.on === true };
  const brightness = action?.dimming?.brightness;
  if (typeof brightness === 'number') state.bri = briFromBrightness(brightness);
  const xy = action?.color?.xy as { x?: number; y?: number } | undefined;
  if (typeof xy?.x === 'number' && typeof xy.y === 'number') state.xy = [xy.x, xy.y];
  const mirek = action?.color_temperature?.mirek;
  if (typeof mirek === 'number') state.ct = mirek;
  return state;
}

/** GET /api/<key>/scenes: every scene with a v1 id. */
export function v1SceneList(model: HueBridgeModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const scene of model.ofType('scene')) {
    const id = sceneIdOf(scene);
    if (id) out[id] = v1Scene(model, scene, false);
  }
  return out;
}

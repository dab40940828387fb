import type { Clock } from '../../../util/clock.ts';
import type { HueBridgeModel, ResourceChange } from './bridge-model.ts';
import type { HueBridgeState } from './bridge-state.ts';
import { lightsOfGroup } from './group-members.ts';
import { applyLightWrites, sceneRecallChanges, sceneWrites } from './light-control.ts';
import type { HueResource } from './resources.ts';
import { v1Capabilities } from './v1-capabilities.ts';
import { applyConfigPut, fullConfig, timeZoneOf } from './v1-config.ts';
import {
  invalidJson,
  invalidValue,
  methodNotAvailable,
  missingParameters,
  parameterNotAvailable,
  resourceNotAvailable,
  type V1Item,
  v1Success,
} from './v1-errors.ts';
import { v1Group, v1GroupById, v1GroupList } from './v1-groups.ts';
import { parseV1State, writeForLight } from './v1-light-write.ts';
import { v1Light, v1LightById, v1LightEntries } from './v1-lights.ts';
import { v1Scene, v1SceneById, v1SceneList } from './v1-scenes.ts';
import { daylightSensor, v1Sensor, v1SensorEntries, v1SensorList } from './v1-sensors.ts';
import type { HueWhitelist } from './whitelist.ts';

/** Everything the v1 API reads and writes. */
export interface HueV1Context {
  state: HueBridgeState;
  model: HueBridgeModel;
  whitelist: HueWhitelist;
  address: string;
  clock: Clock;
}

/** A request to a whitelisted key's resources: `/api/<key>/<segments…>`. */
export interface V1Request {
  method: string;
  segments: string[];
  body: string;
}

/** A request body read as a JSON object, or the error item the bridge answers instead. */
export type BodyResult = { value: Record<string, unknown> } | { refusal: V1Item };

export function jsonObjectBody(text: string, address: string): BodyResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { refusal: invalidJson(address) };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length === 0) {
    return { refusal: missingParameters(address) };
  }
  return { value: value as Record<string, unknown> };
}

/** Routes one authorised request; every answer is a JSON value (HTTP 200, as the bridge answers even errors). */
export function routeV1(context: HueV1Context, request: V1Request): unknown {
  const [resource, ...rest] = request.segments;
  const address = `/${request.segments.join('/')}`;
  const refuse = (): unknown[] => [methodNotAvailable(request.method, address)];
  switch (resource) {
    case undefined:
      return request.method === 'GET' ? datastore(context) : refuse();
    case 'config':
      return rest.length > 0 ? [resourceNotAvailable(address)] : config(context, request, address);
    case 'capabilities':
      if (rest.length > 1 || (rest.length === 1 && rest[0] !== 'timezones')) return [resourceNotAvailable(address)];
      if (request.method !== 'GET') return refuse();
      return capabilities(context, rest.length === 1);
    case 'lights':
      return lights(context, request, rest, address);
    case 'groups':
      return groups(context, request, rest, address);
    case 'scenes':
      return scenes(context, request, rest, address);
    case 'sensors':
      return sensors(context, request, rest, address);
    case 'schedules':
    case 'rules':
    case 'resourcelinks':
      // The lab bridge keeps none of these.
      if (rest.length > 0) return [resourceNotAvailable(address)];
      return request.method === 'GET' ? {} : refuse();
    default:
      return [resourceNotAvailable(address)];
  }
}

function datastore(context: HueV1Context): Record<string, unknown> {
  return {
    lights: lightList(context.model),
    groups: v1GroupList(context.model),
    config: configOf(context),
    schedules: {},
    scenes: v1SceneList(context.model),
    rules: {},
    sensors: v1SensorList(context.model),
    resourcelinks: {},
  };
}

function configOf(context: HueV1Context): Record<string, unknown> {
  return fullConfig({ ...context, nowMs: context.clock.now() });
}

function config(context: HueV1Context, request: V1Request, address: string): unknown {
  if (request.method === 'GET') return configOf(context);
  if (request.method !== 'PUT') return [methodNotAvailable(request.method, address)];
  const body = jsonObjectBody(request.body, address);
  return 'refusal' in body ? [body.refusal] : applyConfigPut(context.state, body.value);
}

function capabilities(context: HueV1Context, timezonesOnly: boolean): unknown {
  const all = v1Capabilities(context.model, timeZoneOf(context.model));
  return timezonesOnly ? (all.timezones as { values: string[] }).values : all;
}

function lightList(model: HueBridgeModel): Record<string, unknown> {
  return Object.fromEntries(v1LightEntries(model).map(({ number, light }) => [String(number), v1Light(model, light)]));
}

function lights(context: HueV1Context, request: V1Request, rest: string[], address: string): unknown {
  const { model } = context;
  if (rest.length === 0)
    return request.method === 'GET' ? lightList(model) : [methodNotAvailable(request.method, address)];
  const light = v1LightById(model, rest[0] ?? '');
  if (!light || rest.length > 2 || (rest.length === 2 && rest[1] !== 'state')) return [resourceNotAvailable(address)];
  if (rest.length === 1) {
    if (request.method === 'GET') return v1Light(model, light);
    if (request.method !== 'PUT') return [methodNotAvailable(request.method, address)];
    return rename(context, request.body, address, light.id);
  }
  if (request.method !== 'PUT') return [methodNotAvailable(request.method, address)];
  const body = jsonObjectBody(request.body, address);
  if ('refusal' in body) return [body.refusal];
  const { results, intent } = parseV1State(body.value, address, light);
  if (Object.keys(intent).length > 0) applyLightWrites(model, [{ light, write: writeForLight(model, light, intent) }]);
  return results;
}

/** PUT /lights/<id> or /groups/<id> with a new `name` (v1: 0..32 characters); other attributes are not offered. */
function rename(context: HueV1Context, text: string, address: string, resourceId: string): V1Item[] {
  const body = jsonObjectBody(text, address);
  if ('refusal' in body) return [body.refusal];
  const results: V1Item[] = [];
  for (const [key, value] of Object.entries(body.value)) {
    if (key !== 'name') results.push(parameterNotAvailable(`${address}/${key}`, key));
    else if (typeof value !== 'string' || value.length > 32) results.push(invalidValue(`${address}/name`, key, value));
    else {
      context.model.publish([context.model.update(resourceId, { metadata: { name: value } })]);
      results.push(v1Success(`${address}/name`, value));
    }
  }
  return results;
}

function groups(context: HueV1Context, request: V1Request, rest: string[], address: string): unknown {
  const { model } = context;
  if (rest.length === 0)
    return request.method === 'GET' ? v1GroupList(model) : [methodNotAvailable(request.method, address)];
  const group = v1GroupById(model, rest[0] ?? '');
  if (!group || rest.length > 2 || (rest.length === 2 && rest[1] !== 'action')) return [resourceNotAvailable(address)];
  if (rest.length === 1) {
    if (request.method === 'GET') return v1Group(model, group);
    if (request.method !== 'PUT' || group.type === 'bridge_home') return [methodNotAvailable(request.method, address)];
    return rename(context, request.body, address, group.id);
  }
  if (request.method !== 'PUT') return [methodNotAvailable(request.method, address)];
  const body = jsonObjectBody(request.body, address);
  return 'refusal' in body ? [body.refusal] : groupAction(context, body.value, address, group);
}

/**
 * PUT /groups/<id>/action: the state goes to every light of the group that can take it, or `scene` recalls a
 * scene (Hue API v1 "Groups API", 2.5); the group remembers it as its `action`.
 */
function groupAction(
  context: HueV1Context,
  body: Record<string, unknown>,
  address: string,
  group: HueResource,
): V1Item[] {
  const { model } = context;
  const { results, intent } = parseV1State(body, address);
  const writes = lightsOfGroup(model, group).map((light) => ({ light, write: writeForLight(model, light, intent) }));
  const extra: Array<ResourceChange | undefined> = [];
  if ('scene' in body) {
    const scene = typeof body.scene === 'string' ? v1SceneById(model, body.scene) : undefined;
    if (!scene) results.push(invalidValue(`${address}/scene`, 'scene', body.scene));
    else {
      writes.unshift(...sceneWrites(model, scene));
      extra.push(...sceneRecallChanges(model, scene, 'static', context.clock.now()));
      results.push(v1Success(`${address}/scene`, body.scene));
    }
  }
  if (Object.keys(intent).length > 0) model.setGroupAction(String(group.id_v1), { ...intent });
  applyLightWrites(model, writes, extra);
  return results;
}

function scenes(context: HueV1Context, request: V1Request, rest: string[], address: string): unknown {
  const { model } = context;
  if (rest.length === 0)
    return request.method === 'GET' ? v1SceneList(model) : [methodNotAvailable(request.method, address)];
  const scene = v1SceneById(model, rest[0] ?? '');
  if (!scene || rest.length > 1) return [resourceNotAvailable(address)];
  return request.method === 'GET' ? v1Scene(model, scene, true) : [methodNotAvailable(request.method, address)];
}

function sensors(context: HueV1Context, request: V1Request, rest: string[], address: string): unknown {
  const { model } = context;
  if (rest.length === 0)
    return request.method === 'GET' ? v1SensorList(model) : [methodNotAvailable(request.method, address)];
  const number = /^\d+$/.test(rest[0] ?? '') ? Number(rest[0]) : undefined;
  const resource = number === undefined ? undefined : v1SensorEntries(model).get(number);
  const listed = resource ? v1Sensor(model, resource) : number === 1 ? daylightSensor() : undefined;
  if (!listed || rest.length > 2 || (rest.length === 2 && rest[1] !== 'config')) return [resourceNotAvailable(address)];
  if (rest.length === 1) return request.method === 'GET' ? listed : [methodNotAvailable(request.method, address)];
  if (request.method !== 'PUT' || !resource) return [methodNotAvailable(request.method, address)];
  const body = jsonObjectBody(request.body, address);
  if ('refusal' in body) return [body.refusal];
  const results: V1Item[] = [];
  for (const [key, value] of Object.entries(body.value)) {
    if (key !== 'on') results.push(parameterNotAvailable(`${address}/${key}`, key));
    else if (typeof value !== 'boolean') results.push(invalidValue(`${address}/on`, key, value));
    else {
      // v1 config.on is the CLIP v2 sensor's `enabled`.
      model.publish([model.update(resource.id, { enabled: value })]);
      results.push(v1Success(`${address}/on`, value));
    }
  }
  return results;
}

import type { HueBridgeModel, ResourceChange } from './bridge-model.ts';
import { PUT_SCHEMAS, validate } from './clip-v2-schema.ts';
import type { Xy } from './color.ts';
import { lightsOfGroup } from './group-members.ts';
import { applyLightWrites, type LightWrite, lightFeatures, sceneRecallChanges, sceneWrites } from './light-control.ts';
import type { HueResource } from './resources.ts';

/** A CLIP v2 answer: HTTP status and the `{errors, data}` body. */
export interface ClipReply {
  status: number;
  body: { errors: Array<{ description: string }>; data: unknown[] };
}

export const clipError = (status: number, description: string): ClipReply => ({
  status,
  body: { errors: [{ description }], data: [] },
});

type Body = Record<string, Record<string, unknown> | unknown>;

/**
 * PUT /clip/v2/resource/<type>/<id> (CLIP v2 reference): the body is checked against the type's schema, carried
 * out, and answered with `{"data":[{"rid":<id>,"rtype":<type>}],"errors":[]}`; every change shows on the event
 * stream and in the v1 API.
 */
export function putResource(model: HueBridgeModel, type: string, id: string, text: string, nowMs: number): ClipReply {
  const resource = model.get(id);
  if (!resource || resource.type !== type) return clipError(404, 'Not Found');
  const schema = PUT_SCHEMAS[type];
  if (!schema) return clipError(405, 'method not allowed');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return clipError(400, 'Body contains invalid JSON');
  }
  const problem = validate(body, schema);
  if (problem) return clipError(400, problem);
  const unsupported = unsupportedFeature(resource, body as Body);
  if (unsupported) return clipError(400, unsupported);
  apply(model, resource, body as Body, nowMs);
  return { status: 200, body: { data: [{ rid: id, rtype: type }], errors: [] } };
}

/** A light feature written to a light (or its group) that does not have it. */
function unsupportedFeature(resource: HueResource, body: Body): string | undefined {
  if (resource.type !== 'light') return undefined;
  for (const feature of ['dimming', 'dimming_delta', 'color', 'color_temperature', 'color_temperature_delta']) {
    const own = feature.replace(/_delta$/, '');
    if (body[feature] !== undefined && resource[own] === undefined) {
      return `device (light) does not support ${own}`;
    }
  }
  return undefined;
}

function apply(model: HueBridgeModel, resource: HueResource, body: Body, nowMs: number): void {
  switch (resource.type) {
    case 'light':
      applyLightWrites(
        model,
        [{ light: resource, write: lightWriteOf(resource, body) }],
        [metadataChange(model, resource, body)],
      );
      return;
    case 'grouped_light':
      applyLightWrites(
        model,
        lightsOfGroup(model, resource).map((light) => ({ light, write: lightWriteOf(light, body) })),
      );
      return;
    case 'scene':
      recallScene(model, resource, body, nowMs);
      return;
    default: {
      const { type: _type, identify: _identify, ...patch } = body;
      model.publish([model.update(resource.id, patch as Record<string, unknown>)]);
    }
  }
}

function metadataChange(model: HueBridgeModel, resource: HueResource, body: Body): ResourceChange | undefined {
  return body.metadata ? model.update(resource.id, { metadata: body.metadata as Record<string, unknown> }) : undefined;
}

/** A light or grouped_light body as a write to one light, deltas taken from that light's state. */
function lightWriteOf(light: HueResource, body: Body): LightWrite {
  const f = lightFeatures(light);
  const write: LightWrite = {};
  const on = body.on as { on?: boolean } | undefined;
  if (on?.on !== undefined) write.on = on.on;
  const dimming = body.dimming as { brightness?: number } | undefined;
  if (dimming?.brightness !== undefined) write.brightness = dimming.brightness;
  const dimDelta = body.dimming_delta as { action?: string; brightness_delta?: number } | undefined;
  if (dimDelta?.action && dimDelta.action !== 'stop' && f.dimming) {
    const now = (light.dimming as { brightness?: number }).brightness ?? 100;
    const step = (dimDelta.brightness_delta ?? 0) * (dimDelta.action === 'up' ? 1 : -1);
    write.brightness = Math.min(100, Math.max(0, now + step));
  }
  const mirek = (body.color_temperature as { mirek?: number } | undefined)?.mirek;
  if (mirek !== undefined) {
    write.mirek = mirek;
    write.extras = { colormode: 'ct' };
  }
  const ctDelta = body.color_temperature_delta as { action?: string; mirek_delta?: number } | undefined;
  const nowMirek = (light.color_temperature as { mirek?: number | null } | undefined)?.mirek;
  if (ctDelta?.action && ctDelta.action !== 'stop' && f.ct && typeof nowMirek === 'number') {
    write.mirek = nowMirek + (ctDelta.mirek_delta ?? 0) * (ctDelta.action === 'up' ? 1 : -1);
    write.extras = { colormode: 'ct' };
  }
  const xy = (body.color as { xy?: Xy } | undefined)?.xy;
  if (xy?.x !== undefined && xy.y !== undefined) {
    write.xy = xy;
    write.extras = { colormode: 'xy' };
  }
  return write;
}

/** `recall` applies the scene's actions (optionally at another brightness) and makes it the active scene. */
function recallScene(model: HueBridgeModel, scene: HueResource, body: Body, nowMs: number): void {
  const changes: Array<ResourceChange | undefined> = [metadataChange(model, scene, body)];
  const { speed, auto_dynamic: autoDynamic } = body as { speed?: number; auto_dynamic?: boolean };
  if (speed !== undefined || autoDynamic !== undefined) {
    changes.push(
      model.update(scene.id, {
        ...(speed !== undefined ? { speed } : {}),
        ...(autoDynamic !== undefined ? { auto_dynamic: autoDynamic } : {}),
      }),
    );
  }
  const recall = body.recall as { action?: string; dimming?: { brightness?: number } } | undefined;
  if (!recall?.action) {
    model.publish(changes);
    return;
  }
  const writes = sceneWrites(model, scene);
  const brightness = recall.dimming?.brightness;
  if (brightness !== undefined) for (const w of writes) w.write.brightness = brightness;
  const active = recall.action === 'dynamic_palette' ? 'dynamic_palette' : 'static';
  changes.push(...sceneRecallChanges(model, scene, active, nowMs));
  applyLightWrites(model, writes, changes);
}

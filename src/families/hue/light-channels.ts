import { z } from 'zod';
import type { ControlChannel } from '../descriptor.ts';

/**
 * Hue lights as control channels, from either API. Channel ids use the light's v1 number (`light:3`), which CLIP
 * v2 keeps as `id_v1: "/lights/3"` (Hue CLIP v2 light resource): the same lamp then has the same id whichever API
 * answered, so a bridge whose update brings CLIP v2 still compares channel by channel. A v2 light without a v1
 * number keeps its resource id. Brightness is a whole percentage in both: v2 `dimming.brightness` is a percentage
 * with decimals, v1 `bri` is 1..254 (Hue API v1 "Lights API"), and rounding makes the two readings of a lamp equal.
 */

/** One CLIP v2 `light` resource, as far as its state goes; other fields pass. */
const v2LightSchema = z.looseObject({
  id: z.string().min(1).max(64),
  id_v1: z.string().max(64).optional(),
  on: z.looseObject({ on: z.boolean() }).optional(),
  dimming: z.looseObject({ brightness: z.number().min(0).max(100) }).optional(),
});

/** GET /clip/v2/resource/light: `{errors, data}`. */
export const v2LightListSchema = z.looseObject({ data: z.array(z.unknown()).max(1000) });

/** One v1 light: `{"state":{"on":true,"bri":254,…},…}`. */
const v1LightSchema = z.looseObject({
  state: z.looseObject({ on: z.boolean().optional(), bri: z.number().min(0).max(254).optional() }),
});

/** GET /api/<key>/lights: an object keyed by light number. */
export const v1LightMapSchema = z.record(z.string().regex(/^\d{1,6}$/), z.unknown());

const V1_LIGHT_PATH = /^\/lights\/(\d{1,6})$/;

function byNumber(a: ControlChannel, b: ControlChannel): number {
  const number = (channel: ControlChannel) => Number(/^light:(\d+)$/.exec(channel.id)?.[1] ?? Number.POSITIVE_INFINITY);
  return number(a) - number(b) || a.id.localeCompare(b.id);
}

/** The channels of a v2 light list; lights without an `on` state, or malformed, are left out. */
export function v2LightChannels(data: readonly unknown[]): ControlChannel[] {
  const channels: ControlChannel[] = [];
  for (const item of data) {
    const light = v2LightSchema.safeParse(item);
    if (!light.success || !light.data.on) continue;
    const number = V1_LIGHT_PATH.exec(light.data.id_v1 ?? '')?.[1];
    const channel: ControlChannel = { id: `light:${number ?? light.data.id}`, kind: 'light', on: light.data.on.on };
    if (light.data.dimming) channel.brightness = Math.round(light.data.dimming.brightness);
    channels.push(channel);
  }
  return channels.sort(byNumber);
}

/** The channels of a v1 light map. */
export function v1LightChannels(lights: Readonly<Record<string, unknown>>): ControlChannel[] {
  const channels: ControlChannel[] = [];
  for (const [number, item] of Object.entries(lights)) {
    const light = v1LightSchema.safeParse(item);
    if (!light.success || light.data.state.on === undefined) continue;
    const channel: ControlChannel = { id: `light:${Number(number)}`, kind: 'light', on: light.data.state.on };
    if (light.data.state.bri !== undefined) channel.brightness = Math.round((light.data.state.bri / 254) * 100);
    channels.push(channel);
  }
  return channels.sort(byNumber);
}

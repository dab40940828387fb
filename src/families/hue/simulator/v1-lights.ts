import { createHash } from 'node:crypto';
import type { HueBridgeModel } from './bridge-model.ts';
import { type Xy, xyToHueSat, xyToMirek } from './color.ts';
import { v1Number } from './group-members.ts';
import { lightFeatures } from './light-control.ts';
import type { HueResource } from './resources.ts';
import { v1DeviceUpdateState } from './swupdate.ts';

/** v1 `bri` is 1..254; v2 `dimming.brightness` a percentage. */
export function briFromBrightness(brightness: number): number {
  return Math.min(254, Math.max(1, Math.round((brightness / 100) * 254)));
}

export function brightnessFromBri(bri: number): number {
  return Math.round((bri / 254) * 100 * 100) / 100;
}

/** The v1 light type the bridge names from what the light can do (Hue API v1, "Lights API"). */
export function v1LightType(light: HueResource): string {
  const f = lightFeatures(light);
  if (f.color && f.ct) return 'Extended color light';
  if (f.color) return 'Color light';
  if (f.ct) return 'Color temperature light';
  if (f.dimming) return 'Dimmable light';
  return 'On/Off plug-in unit';
}

/** The lights v1 lists: every light service with a `/lights/<n>` id, keyed by that number. */
export function v1LightEntries(model: HueBridgeModel): Array<{ number: number; light: HueResource }> {
  const entries: Array<{ number: number; light: HueResource }> = [];
  for (const light of model.ofType('light')) {
    const number = v1Number(light.id_v1, 'lights');
    if (number !== undefined) entries.push({ number, light });
  }
  return entries.sort((a, b) => a.number - b.number);
}

export function v1LightById(model: HueBridgeModel, id: string): HueResource | undefined {
  return /^\d+$/.test(id) ? model.byIdV1('light', `/lights/${Number(id)}`) : undefined;
}

/** The `state` object of a v1 light, keys in the bridge's order. */
export function v1LightState(model: HueBridgeModel, light: HueResource): Record<string, unknown> {
  const f = lightFeatures(light);
  const extras = model.lightExtras(light.id);
  const state: Record<string, unknown> = { on: (light.on as { on?: boolean } | undefined)?.on === true };
  if (f.dimming) state.bri = briFromBrightness((light.dimming as { brightness?: number }).brightness ?? 100);
  const xy = (light.color as { xy?: Xy } | undefined)?.xy;
  const ct = light.color_temperature as { mirek?: number | null; mirek_valid?: boolean } | undefined;
  if (f.color && xy) {
    const hs = extras.colormode === 'hs' && extras.hue !== undefined ? extras : xyToHueSat(xy);
    state.hue = hs.hue;
    state.sat = hs.sat;
    state.effect = extras.effect ?? 'none';
    state.xy = [xy.x, xy.y];
  }
  if (f.ct) {
    state.ct = typeof ct?.mirek === 'number' ? ct.mirek : xy && f.ct ? xyToMirek(xy, f.ct.min, f.ct.max) : f.ct.min;
  }
  state.alert = extras.alert ?? 'none';
  if (f.color || f.ct) state.colormode = extras.colormode ?? (ct?.mirek_valid === true || !f.color ? 'ct' : 'xy');
  state.mode = 'homeautomation';
  state.reachable = reachable(model, light);
  return state;
}

function reachable(model: HueBridgeModel, light: HueResource): boolean {
  const zigbee = model.servicesOf(model.ownerOf(light), 'zigbee_connectivity')[0];
  return zigbee === undefined || zigbee.status === 'connected';
}

/** A whole v1 light object (GET /api/<key>/lights/<id>), from its light service and its device. */
export function v1Light(model: HueBridgeModel, light: HueResource): Record<string, unknown> {
  const device = model.ownerOf(light);
  const product = (device?.product_data ?? {}) as Record<string, unknown>;
  const metadata = (light.metadata ?? {}) as { name?: string; archetype?: string; function?: string };
  return {
    state: v1LightState(model, light),
    swupdate: v1DeviceUpdateState(model, device),
    type: v1LightType(light),
    name: metadata.name ?? (device?.metadata as { name?: string } | undefined)?.name ?? 'Hue light',
    modelid: product.model_id ?? '',
    manufacturername: product.manufacturer_name ?? 'Signify Netherlands B.V.',
    productname: product.product_name ?? '',
    capabilities: capabilities(model, light),
    config: {
      archetype: (metadata.archetype ?? 'classic_bulb').replace(/_/g, ''),
      function: metadata.function ?? 'mixed',
      direction: 'omnidirectional',
      startup: { mode: startupMode(light), configured: true },
    },
    uniqueid: uniqueIdOf(model, light),
    swversion: product.software_version ?? '',
  };
}

function capabilities(model: HueBridgeModel, light: HueResource): Record<string, unknown> {
  const f = lightFeatures(light);
  const control: Record<string, unknown> = {};
  // v2 min_dim_level is a percentage; v1 mindimlevel counts thousandths of a percent (0.2 % ↔ 200).
  if (f.dimming) control.mindimlevel = Math.round(f.minDim * 1000);
  if (f.color && f.gamut) {
    control.colorgamuttype = f.gamutType ?? 'other';
    control.colorgamut = [f.gamut.red, f.gamut.green, f.gamut.blue].map((p) => [p.x, p.y]);
  }
  if (f.ct) control.ct = { min: f.ct.min, max: f.ct.max };
  const renderer = model
    .ofType('entertainment')
    .find((e) => (e.renderer_reference as { rid?: string } | undefined)?.rid === light.id);
  return {
    certified: true,
    control,
    streaming: { renderer: renderer?.renderer === true, proxy: renderer?.proxy === true },
  };
}

/** v2 `powerup.preset` to v1 `config.startup.mode`. */
function startupMode(light: HueResource): string {
  const preset = (light.powerup as { preset?: string } | undefined)?.preset;
  const modes: Record<string, string> = { safety: 'safety', powerfail: 'powerfail', last_on_state: 'lastonstate' };
  return (preset && modes[preset]) ?? (preset ? 'custom' : 'safety');
}

/**
 * v1 `uniqueid`: the Zigbee MAC with the endpoint (`00:17:88:01:02:03:04:05-0b`). Trimmed captures leave most
 * lights without a zigbee_connectivity record, so then a stable one is derived from the light's id.
 */
function uniqueIdOf(model: HueBridgeModel, light: HueResource): string {
  const zigbee = model.servicesOf(model.ownerOf(light), 'zigbee_connectivity')[0];
  if (typeof zigbee?.mac_address === 'string' && zigbee.mac_address.includes('-')) return zigbee.mac_address;
  const tail = createHash('sha256').update(light.id).digest('hex').slice(0, 8).match(/../g)?.join(':');
  const mac = typeof zigbee?.mac_address === 'string' ? zigbee.mac_address : `00:17:88:01:${tail}`;
  return `${mac}-0b`;
}

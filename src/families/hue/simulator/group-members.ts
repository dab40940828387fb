import type { HueBridgeModel, ResourceRef } from './bridge-model.ts';
import type { HueResource } from './resources.ts';

/** The CLIP v2 resource types that group lights and show up as v1 groups. */
export const GROUP_TYPES = ['bridge_home', 'room', 'zone', 'entertainment_configuration'] as const;

function refs(value: unknown): ResourceRef[] {
  return Array.isArray(value) ? (value as ResourceRef[]) : [];
}

/**
 * The light services a group holds (CLIP v2 reference, "room", "zone", "bridge_home"): a room lists devices and
 * holds their lights; a zone lists lights (or devices); the home holds every light on the bridge; an entertainment
 * configuration lists its `light_services`. A grouped_light stands for its owner's lights.
 */
export function lightsOfGroup(model: HueBridgeModel, group: HueResource): HueResource[] {
  switch (group.type) {
    case 'bridge_home':
      return model.ofType('light');
    case 'grouped_light': {
      const owner = model.ownerOf(group);
      return owner ? lightsOfGroup(model, owner) : [];
    }
    case 'entertainment_configuration':
      return unique(refs(group.light_services).map((ref) => model.resolve(ref)));
    default:
      return unique(
        refs(group.children).flatMap((ref) => {
          const child = model.resolve(ref);
          if (!child) return [];
          return child.type === 'light' ? [child] : model.servicesOf(child, 'light');
        }),
      );
  }
}

/** The grouped_light service of a room, zone or home, when it has one. */
export function groupedLightOf(model: HueBridgeModel, group: HueResource): HueResource | undefined {
  return model.servicesOf(group, 'grouped_light')[0];
}

/** Every grouped_light whose group holds one of `lightIds`. */
export function groupedLightsHolding(model: HueBridgeModel, lightIds: Set<string>): HueResource[] {
  return model
    .ofType('grouped_light')
    .filter((grouped) => lightsOfGroup(model, grouped).some((light) => lightIds.has(light.id)));
}

/** Rooms, zones, the home and entertainment areas, each with the number of its v1 id (`/groups/7` → 7). */
export function v1Groups(model: HueBridgeModel): Array<{ number: number; group: HueResource }> {
  const groups: Array<{ number: number; group: HueResource }> = [];
  for (const resource of model.list()) {
    if (!(GROUP_TYPES as readonly string[]).includes(resource.type)) continue;
    const number = v1Number(resource.id_v1, 'groups');
    if (number !== undefined) groups.push({ number, group: resource });
  }
  return groups.sort((a, b) => a.number - b.number);
}

/** The number in a v1 id of `collection` (`/lights/12` → 12), or undefined. */
export function v1Number(idV1: unknown, collection: string): number | undefined {
  if (typeof idV1 !== 'string') return undefined;
  const match = new RegExp(`^/${collection}/(\\d+)$`).exec(idV1);
  return match ? Number(match[1]) : undefined;
}

function unique(resources: Array<HueResource | undefined>): HueResource[] {
  const seen = new Set<string>();
  const out: HueResource[] = [];
  for (const r of resources) {
    if (r?.type !== 'light' || seen.has(r.id)) continue;
    seen.add(r.id);
    out.push(r);
  }
  return out;
}

import type { HueBridgeModel } from './bridge-model.ts';
import { lightsOfGroup, v1Groups, v1Number } from './group-members.ts';
import type { HueResource } from './resources.ts';
import { v1LightState } from './v1-lights.ts';

/** The room classes v1 knows (Hue API v1 "Groups API", as node-hue-api 4.0.11 lists them); others show as Other. */
const ROOM_CLASSES = new Set([
  'Living room',
  'Kitchen',
  'Dining',
  'Bedroom',
  'Kids bedroom',
  'Bathroom',
  'Nursery',
  'Recreation',
  'Office',
  'Gym',
  'Hallway',
  'Toilet',
  'Front door',
  'Garage',
  'Terrace',
  'Garden',
  'Driveway',
  'Carport',
  'Other',
  'Home',
  'Downstairs',
  'Upstairs',
  'Top floor',
  'Attic',
  'Guest room',
  'Staircase',
  'Lounge',
  'Man cave',
  'Computer',
  'Studio',
  'Music',
  'TV',
  'Reading',
  'Closet',
  'Storage',
  'Laundry room',
  'Balcony',
  'Porch',
  'Barbecue',
  'Pool',
]);

/** v2 archetype (`living_room`) to v1 class (`Living room`). */
export function roomClass(archetype: unknown): string {
  if (typeof archetype !== 'string' || archetype.length === 0) return 'Other';
  const words = archetype.replace(/_/g, ' ');
  const name = archetype === 'tv' ? 'TV' : `${words[0]?.toUpperCase()}${words.slice(1)}`;
  return ROOM_CLASSES.has(name) ? name : 'Other';
}

const V1_TYPE: Record<string, string> = {
  bridge_home: 'LightGroup',
  room: 'Room',
  zone: 'Zone',
  entertainment_configuration: 'Entertainment',
};

/** The v1 group behind `/groups/<id>` (0 is the home: every light). */
export function v1GroupById(model: HueBridgeModel, id: string): HueResource | undefined {
  if (!/^\d+$/.test(id)) return undefined;
  return v1Groups(model).find((g) => g.number === Number(id))?.group;
}

/** The numbers of a group's lights, as v1 lists them (strings). */
function lightIds(model: HueBridgeModel, group: HueResource): string[] {
  return lightsOfGroup(model, group)
    .map((light) => v1Number(light.id_v1, 'lights'))
    .filter((n): n is number => n !== undefined)
    .map(String);
}

/**
 * The v1 group object: lights, `state` (all_on, any_on), and `action`, the last state sent to the group, which a
 * bridge that has had none shows from its first light.
 */
export function v1Group(model: HueBridgeModel, group: HueResource): Record<string, unknown> {
  const lights = lightsOfGroup(model, group);
  const on = lights.map((l) => (l.on as { on?: boolean } | undefined)?.on === true);
  const first = lights[0];
  const derived = first ? actionFrom(v1LightState(model, first)) : { on: false, alert: 'none' };
  const action = { ...derived, ...model.groupAction(String(group.id_v1)) };
  const metadata = (group.metadata ?? {}) as { name?: string; archetype?: string };
  const base: Record<string, unknown> = {
    name: group.type === 'bridge_home' ? 'Group 0' : (metadata.name ?? String(group.name ?? '')),
    lights: lightIds(model, group),
    sensors: [],
    type: V1_TYPE[group.type] ?? 'LightGroup',
    state: { all_on: on.length > 0 && on.every(Boolean), any_on: on.some(Boolean) },
    recycle: false,
  };
  if (group.type === 'room' || group.type === 'zone') base.class = roomClass(metadata.archetype);
  if (group.type === 'entertainment_configuration') {
    base.class = group.configuration_type === 'screen' ? 'TV' : 'Other';
    base.stream = { proxymode: 'auto', proxynode: '/bridge', active: group.status === 'active', owner: null };
    base.locations = {};
  }
  base.action = action;
  return base;
}

/** A light state as a group `action` (without `mode` and `reachable`, which groups do not have). */
function actionFrom(state: Record<string, unknown>): Record<string, unknown> {
  const { mode: _mode, reachable: _reachable, ...action } = state;
  return action;
}

/** GET /api/<key>/groups: every group but 0, keyed by its number. */
export function v1GroupList(model: HueBridgeModel): Record<string, unknown> {
  return Object.fromEntries(
    v1Groups(model)
      .filter((g) => g.number !== 0)
      .map((g) => [String(g.number), v1Group(model, g.group)]),
  );
}

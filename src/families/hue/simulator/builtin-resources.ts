import { createHash } from 'node:crypto';
import {
  BUILTIN_LIGHTS,
  builtinLightDevice,
  builtinLightService,
  type Ref,
  SIGNIFY,
  zigbee,
} from './builtin-lights.ts';
import { motionSensor } from './builtin-sensor.ts';
import { type HueIds, resourceUuid } from './ids.ts';
import type { HueResource } from './resources.ts';

/** A v1 scene id: 16 characters of letters, digits and `-`, as bridges make them. */
function sceneId(seed: string): string {
  return createHash('sha256').update(seed).digest('base64url').replace(/_/g, '-').slice(0, 16);
}

/**
 * The lab's CLIP v2 resource set for a bridge started without a capture: the bridge device (with its `bridge`
 * record and software update record), four bulbs in two rooms and a zone, the home, a scene per room and a
 * motion sensor. Ids are derived from the bridge id so that every lab bridge has its own. The bridge device's
 * model and firmware are patched in live (see liveResources), so the values here are placeholders.
 */
export function builtinHueResources(ids: HueIds): HueResource[] {
  const id = (what: string) => resourceUuid(`${ids.bridgeId}/${what}`);
  const resources: HueResource[] = [...bridgeResources(id)];
  const lightRefs: Ref[] = [];
  const deviceRefs: Ref[] = [];
  BUILTIN_LIGHTS.forEach((light, index) => {
    const n = index + 1;
    const device = id(`device/light/${n}`);
    const idV1 = `/lights/${n}`;
    const owner = { rid: device, rtype: 'device' };
    const services = [
      { rid: id(`light/${n}`), rtype: 'light' },
      { rid: id(`zigbee/${n}`), rtype: 'zigbee_connectivity' },
      { rid: id(`swupdate/${n}`), rtype: 'device_software_update' },
    ];
    lightRefs.push({ rid: id(`light/${n}`), rtype: 'light' });
    deviceRefs.push({ rid: device, rtype: 'device' });
    resources.push(
      builtinLightDevice(light, { id: device, idV1, services }),
      builtinLightService(light, { id: id(`light/${n}`), idV1, device }),
      zigbee(
        id(`zigbee/${n}`),
        idV1,
        owner,
        `00:17:88:01:0${n}:${ids.serial.slice(6, 8)}:${ids.serial.slice(8, 10)}:${ids.serial.slice(10, 12)}-0b`,
      ),
      { id: id(`swupdate/${n}`), owner, problems: [], state: 'no_update', type: 'device_software_update' },
    );
  });
  const [sofa, reading, bedside, wardrobe] = lightRefs as [Ref, Ref, Ref, Ref];
  const [sofaDevice, readingDevice, bedsideDevice, wardrobeDevice] = deviceRefs as [Ref, Ref, Ref, Ref];
  const sensor = motionSensor(id, ids);
  resources.push(
    ...group(id, 'room', 1, 'Living room', 'living_room', [sofaDevice, readingDevice]),
    ...group(id, 'room', 2, 'Bedroom', 'bedroom', [bedsideDevice, wardrobeDevice]),
    ...group(id, 'zone', 3, 'Reading corner', 'reading', [reading, bedside]),
    ...sensor.resources,
    ...home(id, [{ rid: id('room/1'), rtype: 'room' }, { rid: id('room/2'), rtype: 'room' }, sensor.device]),
    scene(id, 'Bright', { rid: id('room/1'), rtype: 'room' }, [sofa, reading], { brightness: 100, mirek: 233 }),
    scene(id, 'Relax', { rid: id('room/1'), rtype: 'room' }, [sofa, reading], { brightness: 56.3, mirek: 447 }),
    scene(id, 'Nightlight', { rid: id('room/2'), rtype: 'room' }, [bedside, wardrobe], { brightness: 0.4, mirek: 454 }),
  );
  return withGroupedStates(resources);
}

function bridgeResources(id: (what: string) => string): HueResource[] {
  const owner = { rid: id('device/bridge'), rtype: 'device' };
  return [
    {
      id: id('device/bridge'),
      identify: {},
      metadata: { archetype: 'bridge_v2', name: 'Hue Bridge' },
      product_data: {
        certified: true,
        manufacturer_name: SIGNIFY,
        model_id: 'BSB002',
        product_archetype: 'bridge_v2',
        product_name: 'Hue Bridge',
        software_version: '',
      },
      services: [
        { rid: id('bridge'), rtype: 'bridge' },
        { rid: id('swupdate/bridge'), rtype: 'device_software_update' },
      ],
      type: 'device',
    },
    { bridge_id: '', id: id('bridge'), owner, time_zone: { time_zone: 'Europe/Amsterdam' }, type: 'bridge' },
    { id: id('swupdate/bridge'), owner, problems: [], state: 'no_update', type: 'device_software_update' },
  ];
}

/** A room or zone with its grouped_light (v1 `/groups/<n>` for both). */
function group(
  id: (w: string) => string,
  type: 'room' | 'zone',
  n: number,
  name: string,
  archetype: string,
  children: Ref[],
) {
  const own = id(`${type}/${n}`);
  return [
    {
      children,
      id: own,
      id_v1: `/groups/${n}`,
      metadata: { archetype, name },
      services: [{ rid: id(`grouped_light/${n}`), rtype: 'grouped_light' }],
      type,
    },
    groupedLight(id(`grouped_light/${n}`), `/groups/${n}`, { rid: own, rtype: type }),
  ];
}

function groupedLight(id: string, idV1: string, owner: Ref): HueResource {
  return {
    alert: { action_values: ['breathe'] },
    dimming: { brightness: 0 },
    id,
    id_v1: idV1,
    on: { on: false },
    owner,
    type: 'grouped_light',
  };
}

/** The home (v1 group 0): every room, and devices in no room. */
function home(id: (w: string) => string, children: Ref[]): HueResource[] {
  return [
    {
      children,
      id: id('bridge_home'),
      id_v1: '/groups/0',
      services: [{ rid: id('grouped_light/0'), rtype: 'grouped_light' }],
      type: 'bridge_home',
    },
    groupedLight(id('grouped_light/0'), '/groups/0', { rid: id('bridge_home'), rtype: 'bridge_home' }),
  ];
}

function scene(
  id: (w: string) => string,
  name: string,
  group: Ref,
  lights: Ref[],
  look: { brightness: number; mirek: number },
) {
  const actions = lights.map((target) => ({
    action: { color_temperature: { mirek: look.mirek }, dimming: { brightness: look.brightness }, on: { on: true } },
    target,
  }));
  return {
    actions,
    auto_dynamic: false,
    group,
    id: id(`scene/${group.rid}/${name}`),
    id_v1: `/scenes/${sceneId(`${group.rid}/${name}`)}`,
    metadata: { name },
    palette: { color: [], color_temperature: [], dimming: [], effects: [] },
    speed: 0.5,
    status: { active: 'inactive' },
    type: 'scene',
  };
}

/** Grouped lights start in step with their lights: on when any is on, at the mean brightness of those on. */
function withGroupedStates(resources: HueResource[]): HueResource[] {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const lightsOf = (group: HueResource | undefined): HueResource[] => {
    if (!group) return [];
    if (group.type === 'bridge_home') return resources.filter((r) => r.type === 'light');
    return (group.children as Ref[]).flatMap((ref) => {
      const child = byId.get(ref.rid);
      if (!child) return [];
      if (child.type === 'light') return [child];
      return (child.services as Ref[]).filter((s) => s.rtype === 'light').flatMap((s) => byId.get(s.rid) ?? []);
    });
  };
  for (const grouped of resources.filter((r) => r.type === 'grouped_light')) {
    const lit = lightsOf(byId.get((grouped.owner as Ref).rid)).filter((l) => (l.on as { on: boolean }).on);
    const levels = lit.map((l) => (l.dimming as { brightness: number }).brightness);
    grouped.on = { on: lit.length > 0 };
    grouped.dimming = {
      brightness: levels.length ? Math.round((levels.reduce((a, b) => a + b, 0) / levels.length) * 100) / 100 : 0,
    };
  }
  return resources;
}

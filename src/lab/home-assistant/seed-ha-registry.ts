/**
 * The seed home as its Home Assistant knows it: rooms on two floors, every device HA would integrate matched to the
 * lab device by MAC, with the integration a real HA would use for it (the family descriptor's `homeAssistant`, and
 * for the lab's own kinds the integration HA's discovery offers: ONVIF for the camera, Synology DSM for the NAS,
 * Google Cast for the speaker and TV, the companion app for the phone). The laptop and the router are not in HA.
 */
import { familyByKind } from '../../families/index.ts';
import {
  buildRegistry,
  type HaDeviceSpec,
  type SimulatedHaRegistry,
} from '../../sources/home-assistant/simulator/ha-registry.ts';

/** The long-lived token the lab's Home Assistant accepts (a lab secret, like the seed home's device passwords). */
export const SEED_HA_TOKEN = 'seed-home-long-lived-access-token-0000000000';

const FLOORS = [
  { id: 'ground_floor', name: 'Ground floor', level: 0 },
  { id: 'first_floor', name: 'First floor', level: 1 },
];

const AREAS = [
  { id: 'living_room', name: 'Living room', floorId: 'ground_floor' },
  { id: 'kitchen', name: 'Kitchen', floorId: 'ground_floor' },
  { id: 'garage', name: 'Garage', floorId: 'ground_floor' },
  { id: 'hallway', name: 'Hallway', floorId: 'ground_floor' },
  { id: 'garden', name: 'Garden', floorId: null },
  { id: 'bedroom', name: 'Bedroom', floorId: 'first_floor' },
  { id: 'nursery', name: 'Nursery', floorId: 'first_floor' },
  { id: 'bathroom', name: 'Bathroom', floorId: 'first_floor' },
  { id: 'office', name: 'Office', floorId: 'first_floor' },
];

/** Room of each seed-home device, by its lab name. */
const ROOM: Record<string, string> = {
  'garage-door': 'garage',
  'workshop-plug': 'garage',
  'driveway-gate': 'garage',
  'fireplace-lights': 'living_room',
  'living-room-dimmer': 'living_room',
  'tv-plug': 'living_room',
  'living-room-canvas': 'living_room',
  'living-room-tv': 'living_room',
  'hue-bridge': 'living_room',
  'christmas-tree': 'living_room',
  'aquarium-plug': 'living_room',
  'kitchen-island': 'kitchen',
  'coffee-maker': 'kitchen',
  'kitchen-pendant': 'kitchen',
  'kitchen-speaker': 'kitchen',
  'tasmota-plug': 'kitchen',
  'bedroom-fan': 'bedroom',
  'tapo-heater-plug': 'bedroom',
  'kids-nightlight': 'nursery',
  'nursery-camera': 'nursery',
  'bathroom-heater': 'bathroom',
  'dehumidifier-plug': 'bathroom',
  'office-lamp': 'office',
  nas: 'office',
  'esphome-sensor': 'office',
  'air-quality': 'office',
  'porch-light': 'garden',
  'pool-pump': 'garden',
  'garden-hue-bridge': 'garden',
  'old-hallway-relay': 'hallway',
  'stairs-light': 'hallway',
  phone: 'bedroom',
};

/** Names the owner gave in HA, where they differ from the device's own. */
const NAME_BY_USER: Record<string, string> = {
  'nursery-camera': 'Baby monitor',
  'coffee-maker': 'Coffee machine',
};

/** Integrations of the lab's own kinds (families bring theirs in their descriptor). */
function integrationOf(device: { kind: string; name: string }): { integration: string; component: string } | undefined {
  const family = familyByKind(device.kind);
  if (family) return { integration: family.homeAssistant.integration, component: 'switch' };
  if (device.kind === 'ip-camera') return { integration: 'onvif', component: 'camera' };
  if (device.kind === 'nas') return { integration: 'synology_dsm', component: 'sensor' };
  if (device.kind === 'cloud-device') return { integration: 'cast', component: 'media_player' };
  if (device.kind === 'trusted-device' && device.name === 'phone') {
    return { integration: 'mobile_app', component: 'device_tracker' };
  }
  return undefined;
}

/** The registry of the seed home's HA, for the running lab's devices (their MACs). */
export function seedHomeHaRegistry(
  devices: ReadonlyArray<{ name: string; kind: string; mac: string }>,
): SimulatedHaRegistry {
  const specs: HaDeviceSpec[] = devices.flatMap((device) => {
    const integration = integrationOf(device);
    if (!integration) return [];
    return [
      {
        name: device.name,
        mac: device.mac,
        integration: integration.integration,
        component: integration.component,
        areaId: ROOM[device.name],
        ...(NAME_BY_USER[device.name] ? { nameByUser: NAME_BY_USER[device.name] } : {}),
      },
    ];
  });
  return buildRegistry(specs, AREAS, FLOORS);
}

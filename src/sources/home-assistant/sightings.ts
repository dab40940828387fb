/**
 * Home Assistant's device registry as inventory sightings: the MAC from `connections` (HA's `CONNECTION_NETWORK_MAC`
 * is `"mac"`), the room from the device's area and that area's floor, the owner's name (`name_by_user`), and the
 * integration that controls it (the domain of its primary config entry). HA's own service entries (`entry_type:
 * service`, e.g. the Sun or Met.no) are not devices on the network and are left out.
 */
import { usableMac } from '../../net/mac.ts';
import type { SourceSighting } from '../sighting.ts';
import type { HaSnapshot } from './client.ts';
import type { HaDevice } from './schema.ts';

/** Sightings of every network device in the snapshot; `location` is the HA URL, `seenMs` the time of the read. */
export function haSightings(snapshot: HaSnapshot, location: string, seenMs: number): SourceSighting[] {
  const areas = new Map(snapshot.areas.map((a) => [a.area_id, a]));
  const floors = new Map(snapshot.floors.map((f) => [f.floor_id, f]));
  const entries = new Map(snapshot.configEntries.map((e) => [e.entry_id, e]));
  const sightings: SourceSighting[] = [];
  for (const device of snapshot.devices) {
    if (device.entry_type === 'service') continue;
    const mac = macOf(device);
    const area = device.area_id ? areas.get(device.area_id) : undefined;
    const floor = area?.floor_id ? floors.get(area.floor_id) : undefined;
    const entryId = device.primary_config_entry ?? device.config_entries[0];
    const entry = entryId ? entries.get(entryId) : undefined;
    const name = device.name_by_user ?? device.name ?? undefined;
    sightings.push({
      source: 'home-assistant',
      location,
      key: device.id,
      ...(mac ? { mac } : {}),
      ...(name ? { name } : {}),
      seenMs,
      facts: {
        haDeviceId: device.id,
        ...(area ? { area: area.name } : {}),
        ...(floor ? { floor: floor.name } : {}),
        ...(entry ? { integration: entry.domain, integrationTitle: entry.title } : {}),
        ...(device.name_by_user ? { nameByUser: device.name_by_user } : {}),
        ...(device.manufacturer ? { vendor: device.manufacturer } : {}),
        ...(device.model ? { model: device.model } : {}),
      },
    });
  }
  return sightings;
}

function macOf(device: HaDevice): string | undefined {
  for (const [type, value] of device.connections) {
    const mac = type === 'mac' ? usableMac(value) : undefined;
    if (mac) return mac;
  }
  return undefined;
}

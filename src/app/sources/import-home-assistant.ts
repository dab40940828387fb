/**
 * Home Assistant import (issue 12): reads HA's registries and records them in the inventory. Areas and floors become
 * each device's room, `name_by_user` its display name, and the controlling integration is kept per device (the
 * firmware guardrail names it when an update would break it). A failure changes nothing in the inventory.
 */

import { type HomeAssistantOptions, withHomeAssistant } from '../../sources/home-assistant/client.ts';
import { haSightings } from '../../sources/home-assistant/sightings.ts';
import type { RecordSightingsResult, Store } from '../../store/index.ts';

export interface HaImportResult extends RecordSightingsResult {
  haVersion: string;
  /** Devices in HA's registry that are on the network (service entries left out). */
  devices: number;
  areas: number;
  floors: number;
  configEntries: number;
}

export async function importHomeAssistant(
  store: Store,
  options: HomeAssistantOptions,
  nowMs: () => number = Date.now,
): Promise<HaImportResult> {
  const snapshot = await withHomeAssistant(options, (ha) => ha.snapshot());
  const sightings = haSightings(snapshot, options.url, nowMs());
  const recorded = await store.recordSightings(sightings);
  return {
    ...recorded,
    haVersion: snapshot.haVersion,
    devices: sightings.length,
    areas: snapshot.areas.length,
    floors: snapshot.floors.length,
    configEntries: snapshot.configEntries.length,
  };
}

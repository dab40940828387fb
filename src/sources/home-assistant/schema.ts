/**
 * What iotwarden reads from Home Assistant's WebSocket API, as zod schemas (HA's answers are untrusted input).
 * Field names are HA's own, from its registries' `as_partial_dict` / `json_repr` and the config entries' `as_json_fragment`
 * (homeassistant/helpers/device_registry.py, area_registry.py, floor_registry.py, entity_registry.py,
 * config_entries.py). Only the fields used are required; the rest pass through, so a newer HA still validates.
 */
import { z } from 'zod';

const text = z.string().max(1_000);
const optionalText = text.nullable().optional();

/** `config/device_registry/list`: one entry per device. */
export const haDeviceSchema = z
  .object({
    id: text,
    area_id: optionalText,
    config_entries: z.array(text).max(100).default([]),
    primary_config_entry: optionalText,
    /** `[["mac", "aa:bb:cc:dd:ee:ff"], ["zigbee", …]]`. */
    connections: z
      .array(z.tuple([text, text]))
      .max(100)
      .default([]),
    identifiers: z
      .array(z.tuple([text, text]))
      .max(100)
      .default([]),
    manufacturer: optionalText,
    model: optionalText,
    name: optionalText,
    name_by_user: optionalText,
    sw_version: optionalText,
    hw_version: optionalText,
    via_device_id: optionalText,
    disabled_by: optionalText,
    entry_type: optionalText,
  })
  .passthrough();
export type HaDevice = z.infer<typeof haDeviceSchema>;

/** `config/area_registry/list`. */
export const haAreaSchema = z.object({ area_id: text, name: text, floor_id: optionalText }).passthrough();
export type HaArea = z.infer<typeof haAreaSchema>;

/** `config/floor_registry/list`. */
export const haFloorSchema = z
  .object({ floor_id: text, name: text, level: z.number().int().nullable().optional() })
  .passthrough();
export type HaFloor = z.infer<typeof haFloorSchema>;

/** `config/entity_registry/list`: only what ties an entity to a device and a platform. */
export const haEntitySchema = z
  .object({ entity_id: text, device_id: optionalText, platform: text, area_id: optionalText })
  .passthrough();
export type HaEntity = z.infer<typeof haEntitySchema>;

/** `config_entries/get`: the integration (`domain`) behind each config entry. */
export const haConfigEntrySchema = z
  .object({ entry_id: text, domain: text, title: text, state: optionalText, disabled_by: optionalText })
  .passthrough();
export type HaConfigEntry = z.infer<typeof haConfigEntrySchema>;

/** A list answer: at most this many rows is accepted (a large home has a few thousand entities). */
export const MAX_REGISTRY_ROWS = 50_000;

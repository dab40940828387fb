/**
 * What a simulated Home Assistant holds: its registries, config entries and states, in the shapes HA's WebSocket API
 * answers with (homeassistant/helpers/device_registry.py `as_partial_dict`, area_registry.py, floor_registry.py,
 * entity_registry.py `as_partial_dict`, config_entries.py `as_json_fragment`; facts only, the code is ours).
 */

export interface SimulatedHaDevice {
  id: string;
  area_id: string | null;
  config_entries: string[];
  config_entries_subentries: Record<string, Array<string | null>>;
  configuration_url: string | null;
  connections: Array<[string, string]>;
  created_at: number;
  disabled_by: string | null;
  entry_type: string | null;
  hw_version: string | null;
  identifiers: Array<[string, string]>;
  labels: string[];
  manufacturer: string | null;
  model: string | null;
  model_id: string | null;
  modified_at: number;
  name_by_user: string | null;
  name: string | null;
  primary_config_entry: string | null;
  serial_number: string | null;
  sw_version: string | null;
  via_device_id: string | null;
}

export interface SimulatedHaRegistry {
  haVersion: string;
  devices: SimulatedHaDevice[];
  areas: Array<{
    aliases: string[];
    area_id: string;
    floor_id: string | null;
    humidity_entity_id: string | null;
    icon: string | null;
    labels: string[];
    name: string;
    picture: string | null;
    temperature_entity_id: string | null;
    created_at: number;
    modified_at: number;
  }>;
  floors: Array<{
    aliases: string[];
    created_at: number;
    floor_id: string;
    icon: string | null;
    level: number | null;
    modified_at: number;
    name: string;
  }>;
  entities: Array<{
    area_id: string | null;
    categories: Record<string, string>;
    config_entry_id: string | null;
    config_subentry_id: string | null;
    created_at: number;
    device_id: string | null;
    disabled_by: string | null;
    entity_category: string | null;
    entity_id: string;
    has_entity_name: boolean;
    hidden_by: string | null;
    icon: string | null;
    id: string;
    labels: string[];
    modified_at: number;
    name: string | null;
    options: Record<string, unknown>;
    original_name: string | null;
    platform: string;
    translation_key: string | null;
    unique_id: string;
  }>;
  configEntries: Array<{
    created_at: number;
    entry_id: string;
    domain: string;
    modified_at: number;
    title: string;
    source: string;
    state: string;
    supports_options: boolean;
    supports_remove_device: boolean;
    supports_unload: boolean;
    supports_reconfigure: boolean;
    supported_subentry_types: Record<string, unknown>;
    pref_disable_new_entities: boolean;
    pref_disable_polling: boolean;
    disabled_by: string | null;
    reason: string | null;
    error_reason_translation_key: string | null;
    error_reason_translation_placeholders: Record<string, string> | null;
    num_subentries: number;
  }>;
  states: Array<{
    entity_id: string;
    state: string;
    attributes: Record<string, unknown>;
    last_changed: string;
    last_reported: string;
    last_updated: string;
    context: { id: string; parent_id: string | null; user_id: string | null };
  }>;
}

/** One device the simulator should know: what the seed home (or a test) says about it. */
export interface HaDeviceSpec {
  name: string;
  mac: string;
  /** The integration domain that controls it (`tplink`, `shelly`, `hue`, …). */
  integration: string;
  areaId: string | undefined;
  manufacturer?: string;
  model?: string;
  nameByUser?: string;
  /** The entity's platform component (`switch`, `light`, `sensor`, `camera`). */
  component?: string;
}

/** Builds a registry from device specs, areas and floors, with one config entry and one entity per device. */
export function buildRegistry(
  specs: readonly HaDeviceSpec[],
  areas: ReadonlyArray<{ id: string; name: string; floorId: string | null }>,
  floors: ReadonlyArray<{ id: string; name: string; level: number }>,
  options: { haVersion?: string; nowSeconds?: number } = {},
): SimulatedHaRegistry {
  const created = options.nowSeconds ?? 1_735_689_600;
  const registry: SimulatedHaRegistry = {
    haVersion: options.haVersion ?? '2025.1.4',
    devices: [],
    areas: areas.map((area) => ({
      aliases: [],
      area_id: area.id,
      floor_id: area.floorId,
      humidity_entity_id: null,
      icon: null,
      labels: [],
      name: area.name,
      picture: null,
      temperature_entity_id: null,
      created_at: created,
      modified_at: created,
    })),
    floors: floors.map((floor) => ({
      aliases: [],
      created_at: created,
      floor_id: floor.id,
      icon: null,
      level: floor.level,
      modified_at: created,
      name: floor.name,
    })),
    entities: [],
    configEntries: [],
    states: [],
  };
  for (const [index, spec] of specs.entries()) addDevice(registry, spec, index, created);
  return registry;
}

function addDevice(registry: SimulatedHaRegistry, spec: HaDeviceSpec, index: number, created: number): void {
  // HA ids are uuid4 hex (device, entity) and ULIDs (config entries); stable fakes keep tests reproducible.
  const hex = (salt: number) => `${(index + 1).toString(16).padStart(8, '0')}${salt.toString(16).padStart(24, '0')}`;
  const entryId = `01JGSIM${String(index + 1).padStart(19, '0')}`;
  const deviceId = hex(1);
  const macLower = spec.mac.toLowerCase();
  const component = spec.component ?? 'switch';
  const objectId = spec.name.replace(/[^a-z0-9]+/gi, '_').toLowerCase();
  registry.configEntries.push(configEntryOf(spec, entryId, created));
  registry.devices.push(deviceEntryOf(spec, { deviceId, entryId, macLower }, created));
  const entityId = `${component}.${objectId}`;
  registry.entities.push({
    area_id: null,
    categories: {},
    config_entry_id: entryId,
    config_subentry_id: null,
    created_at: created,
    device_id: deviceId,
    disabled_by: null,
    entity_category: null,
    entity_id: entityId,
    has_entity_name: true,
    hidden_by: null,
    icon: null,
    id: hex(2),
    labels: [],
    modified_at: created,
    name: null,
    options: {},
    original_name: null,
    platform: spec.integration,
    translation_key: null,
    unique_id: `${macLower.replace(/:/g, '')}_${component}`,
  });
  const stamp = new Date(created * 1000).toISOString();
  registry.states.push({
    entity_id: entityId,
    state: 'on',
    attributes: { friendly_name: spec.nameByUser ?? spec.name },
    last_changed: stamp,
    last_reported: stamp,
    last_updated: stamp,
    context: { id: hex(3).slice(0, 26).toUpperCase(), parent_id: null, user_id: null },
  });
}

/** A config entry as `config_entries/get` lists it. */
function configEntryOf(
  spec: HaDeviceSpec,
  entryId: string,
  created: number,
): SimulatedHaRegistry['configEntries'][number] {
  return {
    created_at: created,
    entry_id: entryId,
    domain: spec.integration,
    modified_at: created,
    title: spec.name,
    source: 'user',
    state: 'loaded',
    supports_options: true,
    supports_remove_device: false,
    supports_unload: true,
    supports_reconfigure: false,
    supported_subentry_types: {},
    pref_disable_new_entities: false,
    pref_disable_polling: false,
    disabled_by: null,
    reason: null,
    error_reason_translation_key: null,
    error_reason_translation_placeholders: null,
    num_subentries: 0,
  };
}

/** A device as `config/device_registry/list` lists it. */
function deviceEntryOf(
  spec: HaDeviceSpec,
  ids: { deviceId: string; entryId: string; macLower: string },
  created: number,
): SimulatedHaDevice {
  const { deviceId, entryId, macLower } = ids;
  return {
    id: deviceId,
    area_id: spec.areaId ?? null,
    config_entries: [entryId],
    config_entries_subentries: { [entryId]: [null] },
    configuration_url: null,
    connections: [['mac', macLower]],
    created_at: created,
    disabled_by: null,
    entry_type: null,
    hw_version: null,
    identifiers: [[spec.integration, macLower.replace(/:/g, '')]],
    labels: [],
    manufacturer: spec.manufacturer ?? null,
    model: spec.model ?? null,
    model_id: null,
    modified_at: created,
    name_by_user: spec.nameByUser ?? null,
    name: spec.name,
    primary_config_entry: entryId,
    serial_number: null,
    sw_version: null,
    via_device_id: null,
  };
}

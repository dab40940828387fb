/**
 * The entities of a simulated ESPHome node, as a typical YAML declares them: the `status` binary sensor, a GPIO
 * relay, a monochromatic LED, a temperature sensor, and the diagnostic WiFi-signal, uptime and version sensors
 * that most community configurations add. Keys and object ids are derived as ESPHome derives them.
 */

/** api.proto `EntityCategory`. */
export const ENTITY_CATEGORY = { none: 0, config: 1, diagnostic: 2 } as const;

/** api.proto `SensorStateClass`. */
export const STATE_CLASS = { none: 0, measurement: 1, totalIncreasing: 2, total: 3 } as const;

/** api.proto `ColorMode`: the two a monochromatic light uses. */
export const COLOR_MODE = { onOff: 1, brightness: 3 } as const;

interface EntityCommon {
  /** The name as the YAML gives it (`name: "WiFi Signal"`). */
  name: string;
  /** `str_sanitize(str_snake_case(name))`, e.g. `wifi_signal`. */
  objectId: string;
  /** `fnv1_hash(object_id)`: the key every state and command message carries. */
  key: number;
  icon: string;
  deviceClass: string;
  entityCategory: number;
}

export interface BinarySensorEntity extends EntityCommon {
  kind: 'binary_sensor';
  /** The `status` platform: on while a client is connected to the API. */
  isStatusBinarySensor: boolean;
}

export interface SensorEntity extends EntityCommon {
  kind: 'sensor';
  unit: string;
  accuracyDecimals: number;
  stateClass: number;
}

export interface SwitchEntity extends EntityCommon {
  kind: 'switch';
  assumedState: boolean;
}

export interface LightEntity extends EntityCommon {
  kind: 'light';
  colorModes: number[];
}

export interface TextSensorEntity extends EntityCommon {
  kind: 'text_sensor';
}

export type EsphomeEntity = BinarySensorEntity | SensorEntity | SwitchEntity | LightEntity | TextSensorEntity;
export type EntityKind = EsphomeEntity['kind'];

/** ESPHome's `str_snake_case` then `str_sanitize` (esphome/core/helpers.cpp): lower case, spaces to `_`, others `_`. */
export function objectIdOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/ /g, '_')
    .replace(/[^a-z0-9_-]/g, '_');
}

/** 32-bit FNV-1 (multiply, then xor), as esphome/core/helpers.cpp `fnv1_hash` computes entity keys. */
export function fnv1Hash(text: string): number {
  let hash = 2166136261;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash = Math.imul(hash, 16777619) >>> 0;
    hash = (hash ^ byte) >>> 0;
  }
  return hash;
}

/** What a definition spells out: per kind, everything but the derived id and key; the common extras are optional. */
type Definition = EsphomeEntity extends infer E
  ? E extends EsphomeEntity
    ? Omit<E, 'objectId' | 'key' | 'icon' | 'deviceClass' | 'entityCategory'> &
        Partial<Pick<EntityCommon, 'icon' | 'deviceClass' | 'entityCategory'>>
    : never
  : never;

function entity(definition: Definition): EsphomeEntity {
  const objectId = objectIdOf(definition.name);
  return {
    icon: '',
    deviceClass: '',
    entityCategory: ENTITY_CATEGORY.none,
    ...definition,
    objectId,
    key: fnv1Hash(objectId),
  } as EsphomeEntity;
}

/**
 * The entity list of every simulated node, in the order ESPHome's ComponentIterator walks component types
 * (binary sensors, covers, fans, lights, sensors, switches, buttons, text sensors, …).
 */
export function typicalNodeEntities(): EsphomeEntity[] {
  return [
    entity({
      kind: 'binary_sensor',
      name: 'Status',
      deviceClass: 'connectivity',
      entityCategory: ENTITY_CATEGORY.diagnostic,
      isStatusBinarySensor: true,
    }),
    entity({ kind: 'light', name: 'LED', colorModes: [COLOR_MODE.brightness] }),
    entity({
      kind: 'sensor',
      name: 'Temperature',
      deviceClass: 'temperature',
      unit: '°C',
      accuracyDecimals: 1,
      stateClass: STATE_CLASS.measurement,
    }),
    entity({
      kind: 'sensor',
      name: 'WiFi Signal',
      deviceClass: 'signal_strength',
      entityCategory: ENTITY_CATEGORY.diagnostic,
      unit: 'dBm',
      accuracyDecimals: 0,
      stateClass: STATE_CLASS.measurement,
    }),
    entity({
      kind: 'sensor',
      name: 'Uptime',
      icon: 'mdi:timer-outline',
      deviceClass: 'duration',
      entityCategory: ENTITY_CATEGORY.diagnostic,
      unit: 's',
      accuracyDecimals: 0,
      stateClass: STATE_CLASS.totalIncreasing,
    }),
    entity({ kind: 'switch', name: 'Relay', assumedState: false }),
    entity({
      kind: 'text_sensor',
      name: 'ESPHome Version',
      icon: 'mdi:new-box',
      entityCategory: ENTITY_CATEGORY.diagnostic,
    }),
  ];
}

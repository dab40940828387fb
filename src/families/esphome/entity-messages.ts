import { decodeMessage } from './protobuf.ts';

/**
 * The entity messages a client reads: the ListEntities*Response of the kinds iotwarden looks at, and the state of
 * the kinds it reports as control channels. Message ids and field numbers from api.proto
 * (esphome/components/api/api.proto); every ListEntities message starts `object_id = 1, fixed32 key = 2,
 * name = 3`. Newer fields (device_id, …) are skipped as unknown fields.
 */

/** api.proto `option (id)` of the messages below (api-frame.ts MESSAGE_TYPE has the rest). */
export const ENTITY_MESSAGE = {
  listBinarySensor: 12,
  listCover: 13,
  listLight: 15,
  listSensor: 16,
  listSwitch: 17,
  coverState: 22,
  lightState: 24,
  switchState: 26,
} as const;

export type ListedKind = 'switch' | 'light' | 'cover' | 'binary_sensor' | 'sensor' | 'other';

/** One entity as ListEntities announced it. */
export interface ListedEntity {
  kind: ListedKind;
  key: number;
  objectId: string;
  name: string;
  /** Lights: a colour mode with the brightness capability, or the pre-1.6 `legacy_supports_brightness`. */
  supportsBrightness?: boolean;
  /** Covers: `supports_position`. */
  supportsPosition?: boolean;
}

/** api.proto ColorMode values are ColorCapability bit sets; bit 1 (value 2) is BRIGHTNESS (light/color_mode.h). */
const BRIGHTNESS_CAPABILITY = 2;

const LIST_KIND = new Map<number, ListedKind>([
  [ENTITY_MESSAGE.listBinarySensor, 'binary_sensor'],
  [ENTITY_MESSAGE.listCover, 'cover'],
  [ENTITY_MESSAGE.listLight, 'light'],
  [ENTITY_MESSAGE.listSensor, 'sensor'],
  [ENTITY_MESSAGE.listSwitch, 'switch'],
]);

/** Decodes one message sent during the entity list; kinds iotwarden does not read come back as `other`. */
export function decodeListedEntity(type: number, payload: Buffer): ListedEntity {
  const kind = LIST_KIND.get(type);
  // Kinds iotwarden does not read (climate, number, button, …) are counted, not parsed.
  if (kind === undefined) return { kind: 'other', key: 0, objectId: '', name: '' };
  const f = decodeMessage(payload);
  const entity: ListedEntity = { kind, key: f.fixed32(2), objectId: f.string(1), name: f.string(3) };
  if (kind === 'light') {
    entity.supportsBrightness = f.bool(5) || f.repeatedUint32(12).some((mode) => (mode & BRIGHTNESS_CAPABILITY) !== 0);
  }
  if (kind === 'cover') entity.supportsPosition = f.bool(6);
  return entity;
}

/** api.proto CoverOperation. */
export const COVER_OPERATION = { idle: 0, opening: 1, closing: 2 } as const;

/** The first state of a control entity, as the node reported it. */
export type EntityState =
  | { kind: 'switch'; key: number; on: boolean }
  | { kind: 'light'; key: number; on: boolean; brightness: number }
  | { kind: 'cover'; key: number; position: number; operation: number };

/** The state message of a switch, light or cover; undefined for every other message. */
export function decodeEntityState(type: number, payload: Buffer): EntityState | undefined {
  if (type === ENTITY_MESSAGE.switchState) {
    const f = decodeMessage(payload);
    return { kind: 'switch', key: f.fixed32(1), on: f.bool(2) };
  }
  if (type === ENTITY_MESSAGE.lightState) {
    const f = decodeMessage(payload);
    return { kind: 'light', key: f.fixed32(1), on: f.bool(2), brightness: f.float(3) };
  }
  if (type === ENTITY_MESSAGE.coverState) {
    const f = decodeMessage(payload);
    // `legacy_state` (2) is only sent to pre-1.1 clients; position (3) is 0.0 closed … 1.0 open for every cover.
    return { kind: 'cover', key: f.fixed32(1), position: f.float(3), operation: f.uint32(5) };
  }
  return undefined;
}

import { jsonPreview } from '../../util/bounded-json.ts';
import type { ControlCapability, ControlChannel, ControlState } from '../descriptor.ts';
import { openEsphomeSession } from './api-client.ts';
import { MESSAGE_TYPE } from './api-frame.ts';
import { COVER_OPERATION, type EntityState, type ListedEntity } from './entity-messages.ts';
import { firstStates, isControlEntity, listEntities } from './entity-reader.ts';

/** Longest object id kept in a channel id; ESPHome's own are short snake-case names. */
const MAX_OBJECT_ID = 64;

/**
 * The object id as a channel id part. It is device-supplied: anything outside ESPHome's own alphabet
 * (`str_sanitize`: a-z, 0-9, `_`, `-`) becomes `_`, and it is cut short. A node that sends none (newer firmware may
 * leave it out) gets the name snake-cased as ESPHome derives object ids, else the entity key in hex.
 */
export function channelObjectId(entity: ListedEntity): string {
  const source = entity.objectId || entity.name.toLowerCase().replace(/ /g, '_');
  const clean = source.replace(/[^a-z0-9_-]/g, '_').slice(0, MAX_OBJECT_ID);
  return clean || entity.key.toString(16).padStart(8, '0');
}

/** Percent from ESPHome's 0.0 … 1.0, clamped (a float off the wire may be anything, NaN included). */
function percent(fraction: number): number {
  return Number.isFinite(fraction) ? Math.round(Math.min(1, Math.max(0, fraction)) * 100) : 0;
}

/** The cover's state word: moving as `current_operation` says, else open, closed or stopped in between. */
function coverStateWord(position: number, operation: number): string {
  if (operation === COVER_OPERATION.opening) return 'opening';
  if (operation === COVER_OPERATION.closing) return 'closing';
  if (position >= 1) return 'open';
  if (position <= 0) return 'closed';
  return 'stopped';
}

/** One control entity and its first state as a channel: `switch:relay`, `light:led`, `cover:garage_door`. */
export function channelOf(entity: ListedEntity, state: EntityState, id: string): ControlChannel {
  if (state.kind === 'switch') return { id, kind: 'relay', on: state.on };
  if (state.kind === 'light') {
    const channel: ControlChannel = { id, kind: 'light', on: state.on };
    if (entity.supportsBrightness) channel.brightness = percent(state.brightness);
    return channel;
  }
  const channel: ControlChannel = { id, kind: 'cover', state: coverStateWord(state.position, state.operation) };
  if (entity.supportsPosition) channel.position = percent(state.position);
  return channel;
}

/** Channels in list order; two entities that sanitise to one id keep apart by their key. */
export function controlChannels(entities: readonly ListedEntity[], states: ReadonlyMap<number, EntityState>) {
  const seen = new Set<string>();
  const channels: ControlChannel[] = [];
  for (const entity of entities) {
    const state = states.get(entity.key);
    if (!state || !isControlEntity(entity)) continue;
    let id = `${entity.kind}:${channelObjectId(entity)}`;
    if (seen.has(id)) id = `${id}~${entity.key.toString(16)}`;
    seen.add(id);
    channels.push(channelOf(entity, state, id));
  }
  return channels;
}

/**
 * ESPHome control state over the native API, as Home Assistant reads it: log in (Noise with the node's key from
 * the credentials, or plaintext with its API password where it has one), list the entities, subscribe to states
 * and take the first state of every switch, light and cover. A node with none (only sensors) has no control
 * state. Read-only: no command is sent. Errors are the family's device errors: DeviceAuthError for a key or
 * password we lack or the node refuses, ProtocolError for garbage or a node that hangs up midway,
 * DeviceTimeoutError when the exchange outlasts the context's timeout.
 */
export const esphomeControl: ControlCapability = {
  async read(device, context): Promise<ControlState | undefined> {
    const session = await openEsphomeSession(device, context);
    try {
      const entities = await listEntities(session.channel);
      const control = entities.filter(isControlEntity);
      const sent = [...session.sent, 'ListEntitiesRequest'];
      const states = control.length > 0 ? await firstStates(session.channel, control) : new Map();
      if (control.length > 0) sent.push('SubscribeStatesRequest');
      // A polite goodbye (api.proto: DisconnectRequest); the socket is closed right after either way.
      session.channel.send(MESSAGE_TYPE.disconnectRequest);
      const channels = controlChannels(entities, states);
      if (channels.length === 0) return undefined;
      const kinds = entities.map((e) => e.kind).join(',');
      return {
        channels,
        evidence: {
          sent: sent.join(', '),
          received: `${entities.length} entities (${kinds.slice(0, 120)}); ${jsonPreview({ channels }, 300)}`,
        },
      };
    } finally {
      session.close();
    }
  },
};

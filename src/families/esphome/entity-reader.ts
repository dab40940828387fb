import { ProtocolError } from '../../errors/index.ts';
import { decodeFrom, type EsphomeApiChannel } from './api-channel.ts';
import { MESSAGE_TYPE } from './api-frame.ts';
import { decodeEntityState, decodeListedEntity, type EntityState, type ListedEntity } from './entity-messages.ts';

/**
 * The most entities one node may list. The largest community configurations stay well under a hundred; a node
 * that lists more is treated as broken rather than read without end.
 */
export const MAX_ENTITIES = 256;

/** Messages the node may send besides the ones awaited (pings, time requests, state updates) per entity. */
const MAX_OTHER_MESSAGES = 2 * MAX_ENTITIES;

export type ControlKind = 'switch' | 'light' | 'cover';

const CONTROL_KINDS: ReadonlySet<string> = new Set<ControlKind>(['switch', 'light', 'cover']);

export function isControlEntity(entity: ListedEntity): entity is ListedEntity & { kind: ControlKind } {
  return CONTROL_KINDS.has(entity.kind);
}

/**
 * ListEntitiesRequest, then every ListEntities*Response up to ListEntitiesDoneResponse (api_connection.cpp
 * `list_entities` walks every component once). The node's pings are answered on the way.
 */
export async function listEntities(channel: EsphomeApiChannel): Promise<ListedEntity[]> {
  channel.send(MESSAGE_TYPE.listEntitiesRequest);
  const entities: ListedEntity[] = [];
  let others = 0;
  for (;;) {
    const message = await channel.receive(
      `while listing its entities (${entities.length} listed, no ListEntitiesDoneResponse yet)`,
    );
    if (message.type === MESSAGE_TYPE.listEntitiesDoneResponse) return entities;
    if (message.type === MESSAGE_TYPE.pingRequest) {
      channel.send(MESSAGE_TYPE.pingResponse);
      if (++others > MAX_OTHER_MESSAGES) throw new ProtocolError(channel.endpoint, 'the node keeps pinging');
      continue;
    }
    if (entities.length >= MAX_ENTITIES) {
      throw new ProtocolError(channel.endpoint, `the node lists more than ${MAX_ENTITIES} entities`);
    }
    entities.push(decodeFrom(channel.endpoint, () => decodeListedEntity(message.type, message.payload)));
  }
}

/**
 * SubscribeStatesRequest, then messages until each of `wanted` has reported its state once: right after the
 * subscription a node sends every entity's current state (InitialStateIterator), so the first state per key is the
 * state now. Read-only: nothing is commanded.
 */
export async function firstStates(
  channel: EsphomeApiChannel,
  wanted: readonly ListedEntity[],
): Promise<Map<number, EntityState>> {
  channel.send(MESSAGE_TYPE.subscribeStatesRequest);
  const pending = new Map(wanted.map((entity) => [entity.key, entity]));
  const states = new Map<number, EntityState>();
  let others = 0;
  while (pending.size > 0) {
    const message = await channel.receive(
      `before every switch, light and cover reported its state (${pending.size} of ${wanted.length} still missing)`,
    );
    const state = decodeFrom(channel.endpoint, () => decodeEntityState(message.type, message.payload));
    const entity = state ? pending.get(state.key) : undefined;
    if (state && entity?.kind === state.kind) {
      states.set(state.key, state);
      pending.delete(state.key);
      continue;
    }
    if (message.type === MESSAGE_TYPE.pingRequest) channel.send(MESSAGE_TYPE.pingResponse);
    if (++others > MAX_OTHER_MESSAGES + MAX_ENTITIES) {
      throw new ProtocolError(channel.endpoint, 'the node sent too many messages without the states asked for');
    }
  }
  return states;
}

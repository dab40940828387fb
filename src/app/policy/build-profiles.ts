/**
 * Learns profiles from stored conversations: every conversation is attributed to the inventory device that opened
 * it (outbound) and to the device that answered (inbound), with the other side named as precisely as the data
 * allows (a device, a role, a DNS name, a pool suffix, an address). Pure: the use case (learn-profiles.ts) reads the
 * store and saves the result.
 */
import { addressKind } from '../../net/address-kind.ts';
import type { StoredConversation } from '../../store/index.ts';
import type { InventoryIndex, PolicyDevice } from './inventory-index.ts';
import type { NameResolver } from './name-resolver.ts';
import { type Direction, entryKey, type ProfileEntry, type ProfilePeer, type TrafficProfile } from './profile-types.ts';

const DAY_MS = 86_400_000;
/**
 * Names under one parent seen on the same port are a pool once there are this many (Shelly's cloud hands out
 * shelly-9-eu.shelly.cloud, shelly-91-eu.shelly.cloud, …: ../shared/fixtures/shelly cloud.server values).
 */
const POOL_MIN_NAMES = 3;

interface Accumulated {
  entry: ProfileEntry;
  dayNumbers: Set<number>;
}

export interface ProfileStats {
  daysObserved: number;
  flows: number;
  firstMs: number;
  lastMs: number;
}

export interface BuiltProfile {
  profile: TrafficProfile;
  stats: ProfileStats;
}

/** One profile per inventory device that took part in at least one conversation, sorted by device id. */
export function buildProfiles(
  conversations: readonly StoredConversation[],
  index: InventoryIndex,
  names: NameResolver,
): BuiltProfile[] {
  const perDevice = new Map<string, Map<string, Accumulated>>();
  const add = (device: PolicyDevice, direction: Direction, peer: ProfilePeer, c: StoredConversation): void => {
    const entries = perDevice.get(device.id) ?? new Map<string, Accumulated>();
    perDevice.set(device.id, entries);
    const key = entryKey({ direction, peer, protocol: c.protocol, port: c.port });
    const found = entries.get(key);
    const flows = c.flows + c.replies;
    if (found) {
      found.entry.flows += flows;
      found.entry.firstMs = Math.min(found.entry.firstMs, c.firstMs);
      found.entry.lastMs = Math.max(found.entry.lastMs, c.lastMs);
      found.dayNumbers.add(Math.floor(c.bucketMs / DAY_MS));
      return;
    }
    const entry = {
      direction,
      peer,
      protocol: c.protocol,
      port: c.port,
      flows,
      days: 0,
      firstMs: c.firstMs,
      lastMs: c.lastMs,
    };
    entries.set(key, { entry, dayNumbers: new Set([Math.floor(c.bucketMs / DAY_MS)]) });
  };
  for (const c of conversations) {
    const initiator = index.find(c.initiator, c.initiatorMac);
    const responder = index.find(c.responder, c.responderMac);
    if (initiator) add(initiator, 'outbound', describePeer(c.responder, responder, index, names, c.initiator), c);
    if (responder && responder.id !== initiator?.id) {
      add(responder, 'inbound', describePeer(c.initiator, initiator, index, names, c.responder), c);
    }
  }
  return index.devices
    .filter((device) => perDevice.has(device.id))
    .map((device) => finish(device, [...perDevice.get(device.id)!.values()]));
}

export function describePeer(
  address: string,
  device: PolicyDevice | undefined,
  index: InventoryIndex,
  names: NameResolver,
  client: string,
): ProfilePeer {
  if (device) return { kind: 'device', deviceId: device.id, name: device.name, roles: index.rolesOf(device.id) };
  const kind = addressKind(address);
  if (kind === 'multicast' || kind === 'broadcast') return { kind: 'group', address };
  if (kind === 'local') return { kind: 'local', address, roles: rolesOfAddress(address, index) };
  const name = names.nameOf(address, client);
  return name ? { kind: 'name', name } : { kind: 'address', address };
}

function rolesOfAddress(address: string, index: InventoryIndex): string[] {
  return index.roleNames().filter((role) => index.role(role)?.addresses.includes(address));
}

function finish(device: PolicyDevice, accumulated: Accumulated[]): BuiltProfile {
  const days = new Set<number>();
  for (const a of accumulated) {
    a.entry.days = a.dayNumbers.size;
    for (const day of a.dayNumbers) days.add(day);
  }
  const entries = foldPools(accumulated.map((a) => a.entry)).sort((a, b) => entryKey(a).localeCompare(entryKey(b)));
  const stats: ProfileStats = {
    daysObserved: days.size,
    flows: entries.reduce((sum, e) => sum + e.flows, 0),
    firstMs: Math.min(...entries.map((e) => e.firstMs)),
    lastMs: Math.max(...entries.map((e) => e.lastMs)),
  };
  const profile = { deviceId: device.id, deviceName: device.name, family: device.family, model: device.model, entries };
  return { profile, stats };
}

/** Folds names that share a parent, direction, protocol and port into one `*.parent` entry once they are a pool. */
export function foldPools(entries: readonly ProfileEntry[]): ProfileEntry[] {
  const groups = new Map<string, ProfileEntry[]>();
  const rest: ProfileEntry[] = [];
  for (const entry of entries) {
    const parent = entry.peer.kind === 'name' ? parentOf(entry.peer.name) : undefined;
    if (!parent) {
      rest.push(entry);
      continue;
    }
    const key = `${entry.direction} ${entry.protocol} ${entry.port} ${parent}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  for (const [key, group] of groups) {
    if (group.length < POOL_MIN_NAMES) {
      rest.push(...group);
      continue;
    }
    const suffix = key.split(' ')[3]!;
    const names = group.map((e) => (e.peer.kind === 'name' ? e.peer.name : '')).sort();
    rest.push({
      ...group[0]!,
      peer: { kind: 'suffix', suffix, names },
      flows: group.reduce((sum, e) => sum + e.flows, 0),
      days: Math.max(...group.map((e) => e.days)),
      firstMs: Math.min(...group.map((e) => e.firstMs)),
      lastMs: Math.max(...group.map((e) => e.lastMs)),
    });
  }
  return rest;
}

/** `shelly-9-eu.shelly.cloud` → `shelly.cloud`; a name of two labels has no pool parent (`vendor.example`). */
function parentOf(name: string): string | undefined {
  const labels = name.split('.');
  return labels.length >= 3 ? labels.slice(1).join('.') : undefined;
}

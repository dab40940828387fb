/**
 * `iotwarden policy learn`: learns each device's communication profile from the flows and DNS answers of the
 * learning window, stores it as a new version when it changed, and records every destination that appears after a
 * profile was learned as a `new-destination` event (for notifications). Confidence grows with the days observed and
 * the flows seen; a profile is `learned` once both reach their minimum.
 */
import type { IotwardenConfig } from '../../config/config-schema.ts';
import type { Store, ZeroTrustEvent } from '../../store/index.ts';
import { buildProfiles } from './build-profiles.ts';
import { InventoryIndex } from './inventory-index.ts';
import { NameResolver } from './name-resolver.ts';
import { entryKey, peerLabel, protocolName, type TrafficProfile } from './profile-types.ts';

const DAY_MS = 86_400_000;

export interface LearnOptions {
  nowMs: number;
  /** How far back to look; default 14 days. */
  windowDays?: number;
  /** Days with traffic a profile needs to be `learned`; default 7. */
  minDays?: number;
  /** Flows a profile needs to be `learned`; default 50. */
  minFlows?: number;
}

export interface LearnedDevice {
  deviceId: string;
  deviceName: string;
  version: number;
  changed: boolean;
  status: 'learning' | 'learned';
  confidence: number;
  daysObserved: number;
  flows: number;
  entries: number;
  /** Destinations new since the last learned version (each also stored as an event). */
  newDestinations: string[];
}

export interface LearnResult {
  windowStartMs: number;
  windowEndMs: number;
  devices: LearnedDevice[];
}

export async function learnProfiles(
  store: Store,
  config: Pick<IotwardenConfig, 'roles'>,
  options: LearnOptions,
): Promise<LearnResult> {
  const windowDays = options.windowDays ?? 14;
  const minDays = options.minDays ?? 7;
  const minFlows = options.minFlows ?? 50;
  const windowStartMs = options.nowMs - windowDays * DAY_MS;
  const index = new InventoryIndex(await store.devices(), config.roles);
  const names = new NameResolver(store.dnsAnswers.all());
  // Up to and including now: a conntrack snapshot taken at this moment is observed at `nowMs`, and its hour bucket
  // starts at or before it.
  const built = buildProfiles(store.flows.conversations(windowStartMs, options.nowMs + 1), index, names);
  const devices: LearnedDevice[] = [];
  for (const { profile, stats } of built) {
    const confidence = round2(Math.min(1, stats.daysObserved / minDays) * Math.min(1, stats.flows / minFlows));
    const status = confidence >= 1 ? 'learned' : 'learning';
    const previous = store.profiles.get(profile.deviceId);
    const meta = {
      learnedMs: options.nowMs,
      status,
      windowStartMs,
      windowEndMs: options.nowMs,
      daysObserved: stats.daysObserved,
      flows: stats.flows,
      confidence,
    } as const;
    const saved = store.profiles.save(profile.deviceId, meta, profile);
    const fresh = previous?.status === 'learned' ? newEntries(previous.profile as TrafficProfile, profile) : [];
    store.profiles.recordEvents(
      fresh.map((event) => ({ ...event, atMs: options.nowMs, profileVersion: saved.version })),
    );
    devices.push({
      deviceId: profile.deviceId,
      deviceName: profile.deviceName,
      version: saved.version,
      changed: saved.changed,
      status,
      confidence,
      daysObserved: stats.daysObserved,
      flows: stats.flows,
      entries: profile.entries.length,
      newDestinations: fresh.map((e) => e.subject),
    });
  }
  return { windowStartMs, windowEndMs: options.nowMs, devices };
}

type PendingEvent = Omit<ZeroTrustEvent, 'atMs' | 'profileVersion'>;

/** Entries of `current` whose key the learned profile did not have. */
function newEntries(learned: TrafficProfile, current: TrafficProfile): PendingEvent[] {
  const known = new Set(learned.entries.map(entryKey));
  return current.entries
    .filter((entry) => !known.has(entryKey(entry)))
    .map((entry) => ({
      deviceId: current.deviceId,
      kind: 'new-destination',
      subject: entryKey(entry),
      detail: {
        peer: peerLabel(entry.peer),
        direction: entry.direction,
        service: `${protocolName(entry.protocol)}/${entry.port}`,
        flows: entry.flows,
        firstMs: entry.firstMs,
      },
    }));
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

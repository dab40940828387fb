/**
 * Learned communication profiles and the events that follow learning (migration 008). A profile is stored as JSON
 * whose shape belongs to the use case that learns it (src/app/policy); a new version is written only when the
 * profile's content changed, so versions are what a diff compares.
 */
import { createHash } from 'node:crypto';
import type { DatabaseHandle } from './database.ts';
import { RawAccess } from './raw-access.ts';

export type ProfileStatus = 'learning' | 'learned';

export interface ProfileMeta {
  learnedMs: number;
  status: ProfileStatus;
  windowStartMs: number;
  windowEndMs: number;
  daysObserved: number;
  flows: number;
  confidence: number;
}

export interface StoredProfile extends ProfileMeta {
  deviceId: string;
  version: number;
  sha256: string;
  profile: unknown;
}

export interface ZeroTrustEvent {
  deviceId: string;
  /** `new-destination`, … */
  kind: string;
  /** What the event is about (a destination key); an event is recorded once per device, kind and subject. */
  subject: string;
  atMs: number;
  profileVersion: number | undefined;
  detail: unknown;
}

export interface StoredEvent extends ZeroTrustEvent {
  id: number;
}

interface ProfileRow {
  device_id: string;
  version: number;
  learned_ms: number;
  status: ProfileStatus;
  window_start_ms: number;
  window_end_ms: number;
  days_observed: number;
  flows: number;
  confidence: number;
  profile_json: string;
  profile_sha256: string;
}

export class TrafficProfileRepository {
  readonly #raw: RawAccess;

  constructor(handle: DatabaseHandle) {
    this.#raw = new RawAccess(handle.raw, handle.file);
  }

  /**
   * Stores a profile as the device's next version when its content (the JSON, without the metadata) differs from
   * the latest version's; otherwise only the latest version's metadata moves on. Returns the version that holds it.
   */
  save(deviceId: string, meta: ProfileMeta, profile: unknown): { version: number; changed: boolean } {
    const json = JSON.stringify(profile);
    const sha256 = createHash('sha256').update(json).digest('hex');
    return this.#raw.write('store a traffic profile in', () => {
      const latest = this.#raw.db
        .prepare(
          'SELECT version, profile_sha256 FROM traffic_profiles WHERE device_id = ? ORDER BY version DESC LIMIT 1',
        )
        .get(deviceId) as { version: number; profile_sha256: string } | undefined;
      const values = [meta.learnedMs, meta.status, meta.windowStartMs, meta.windowEndMs, meta.daysObserved, meta.flows];
      if (latest && latest.profile_sha256 === sha256) {
        this.#raw.db
          .prepare(
            `UPDATE traffic_profiles SET learned_ms = ?, status = ?, window_start_ms = ?, window_end_ms = ?,
               days_observed = ?, flows = ?, confidence = ? WHERE device_id = ? AND version = ?`,
          )
          .run(...values, meta.confidence, deviceId, latest.version);
        return { version: latest.version, changed: false };
      }
      const version = (latest?.version ?? 0) + 1;
      this.#raw.db
        .prepare(
          `INSERT INTO traffic_profiles (device_id, version, learned_ms, status, window_start_ms, window_end_ms,
             days_observed, flows, confidence, profile_json, profile_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(deviceId, version, ...values, meta.confidence, json, sha256);
      return { version, changed: true };
    });
  }

  /** The newest version of a device's profile (or a given version). */
  get(deviceId: string, version?: number): StoredProfile | undefined {
    const row = this.#raw.read('read a traffic profile from', () =>
      version === undefined
        ? this.#raw.db
            .prepare('SELECT * FROM traffic_profiles WHERE device_id = ? ORDER BY version DESC LIMIT 1')
            .get(deviceId)
        : this.#raw.db
            .prepare('SELECT * FROM traffic_profiles WHERE device_id = ? AND version = ?')
            .get(deviceId, version),
    ) as ProfileRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  /** The newest profile of every device that has one. */
  latest(): StoredProfile[] {
    const rows = this.#raw.read('read traffic profiles from', () =>
      this.#raw.db
        .prepare(
          `SELECT p.* FROM traffic_profiles p JOIN (SELECT device_id, max(version) AS version FROM traffic_profiles
             GROUP BY device_id) newest USING (device_id, version) ORDER BY p.device_id`,
        )
        .all(),
    ) as ProfileRow[];
    return rows.map(fromRow);
  }

  /** Version numbers of a device's profile, oldest first. */
  versions(deviceId: string): number[] {
    const rows = this.#raw.read('read traffic profiles from', () =>
      this.#raw.db.prepare('SELECT version FROM traffic_profiles WHERE device_id = ? ORDER BY version').all(deviceId),
    ) as Array<{ version: number }>;
    return rows.map((r) => r.version);
  }

  /** Records events; each (device, kind, subject) is kept once. Returns the events that were new. */
  recordEvents(events: readonly ZeroTrustEvent[]): ZeroTrustEvent[] {
    if (events.length === 0) return [];
    return this.#raw.write('record zero-trust events in', () => {
      const insert = this.#raw.db.prepare(
        `INSERT INTO zero_trust_events (device_id, kind, subject, at_ms, profile_version, detail_json)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device_id, kind, subject) DO NOTHING`,
      );
      return events.filter(
        (e) =>
          insert.run(e.deviceId, e.kind, e.subject, e.atMs, e.profileVersion ?? null, JSON.stringify(e.detail))
            .changes > 0,
      );
    });
  }

  /** Events at or after `sinceMs`, oldest first. */
  events(options: { sinceMs?: number; deviceId?: string } = {}): StoredEvent[] {
    const rows = this.#raw.read('read zero-trust events from', () =>
      this.#raw.db
        .prepare(`SELECT * FROM zero_trust_events WHERE at_ms >= ? AND (? IS NULL OR device_id = ?) ORDER BY at_ms, id`)
        .all(options.sinceMs ?? 0, options.deviceId ?? null, options.deviceId ?? null),
    ) as Array<{
      id: number;
      device_id: string;
      kind: string;
      subject: string;
      at_ms: number;
      profile_version: number | null;
      detail_json: string;
    }>;
    return rows.map((r) => ({
      id: r.id,
      deviceId: r.device_id,
      kind: r.kind,
      subject: r.subject,
      atMs: r.at_ms,
      profileVersion: r.profile_version ?? undefined,
      detail: JSON.parse(r.detail_json) as unknown,
    }));
  }
}

function fromRow(row: ProfileRow): StoredProfile {
  return {
    deviceId: row.device_id,
    version: row.version,
    learnedMs: row.learned_ms,
    status: row.status,
    windowStartMs: row.window_start_ms,
    windowEndMs: row.window_end_ms,
    daysObserved: row.days_observed,
    flows: row.flows,
    confidence: row.confidence,
    sha256: row.profile_sha256,
    profile: JSON.parse(row.profile_json) as unknown,
  };
}

/**
 * The flow side of the database (migration 008): sources with their cursors, hourly conversations, and the
 * connections a conntrack source saw last. Every write commits the conversations together with the source's cursor,
 * so an import that fails half way keeps what it committed and the next one continues from there.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Conversation } from '../sources/flows/conversation.ts';
import type { DatabaseHandle } from './database.ts';
import { RawAccess } from './raw-access.ts';

export type FlowSourceKind = 'netflow' | 'conntrack';

export interface FlowSourceRow {
  id: number;
  key: string;
  kind: FlowSourceKind;
  location: string;
  cursor_json: string;
  imported_flows: number;
  first_import_ms: number | null;
  last_import_ms: number | null;
  last_error_code: string | null;
  last_error: string | null;
}

/** A conversation as stored, with its source. */
export interface StoredConversation extends Conversation {
  sourceId: number;
}

/** A connection of a conntrack snapshot: its key and the counters last seen for it. */
export interface SeenConnection {
  key: string;
  packets: number;
  bytes: number;
}

interface ConversationRow {
  bucket_ms: number;
  initiator: string;
  responder: string;
  protocol: number;
  port: number;
  source_id: number;
  initiator_mac: string | null;
  responder_mac: string | null;
  flows: number;
  replies: number;
  packets: number;
  bytes: number;
  first_ms: number;
  last_ms: number;
}

export class FlowRepository {
  readonly #raw: RawAccess;
  #upsert: BetterSqlite3.Statement | undefined;

  constructor(handle: DatabaseHandle) {
    this.#raw = new RawAccess(handle.raw, handle.file);
  }

  /** The stored row of a source, created on first use. */
  source(kind: FlowSourceKind, location: string): FlowSourceRow {
    const key = `${kind}:${location}`;
    return this.#raw.write('register a flow source in', () => {
      this.#raw.db
        .prepare('INSERT INTO flow_sources (key, kind, location) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING')
        .run(key, kind, location);
      return this.#raw.db.prepare('SELECT * FROM flow_sources WHERE key = ?').get(key) as FlowSourceRow;
    });
  }

  sources(): FlowSourceRow[] {
    return this.#raw.read('list flow sources in', () =>
      this.#raw.db.prepare('SELECT * FROM flow_sources ORDER BY id').all(),
    ) as FlowSourceRow[];
  }

  /**
   * Adds conversations to the source's totals (merging into stored hours) and moves its cursor, in one transaction.
   * `seen`, for conntrack, replaces the source's remembered connections.
   */
  commit(
    sourceId: number,
    conversations: readonly Conversation[],
    options: { cursor?: unknown; seen?: readonly SeenConnection[]; nowMs: number },
  ): void {
    const upsert = this.#upsertStatement();
    const flows = conversations.reduce((sum, c) => sum + c.flows, 0);
    this.#raw.write('store flows in', () => {
      for (const c of conversations) {
        upsert.run(
          c.bucketMs,
          c.initiator,
          c.responder,
          c.protocol,
          c.port,
          sourceId,
          c.initiatorMac ?? null,
          c.responderMac ?? null,
          c.flows,
          c.replies,
          c.packets,
          c.bytes,
          c.firstMs,
          c.lastMs,
        );
      }
      if (options.seen) this.#replaceSeen(sourceId, options.seen, options.nowMs);
      this.#raw.db
        .prepare(
          `UPDATE flow_sources SET imported_flows = imported_flows + ?, cursor_json = coalesce(?, cursor_json),
             first_import_ms = coalesce(first_import_ms, ?), last_import_ms = ?, last_error_code = NULL,
             last_error = NULL WHERE id = ?`,
        )
        .run(
          flows,
          options.cursor === undefined ? null : JSON.stringify(options.cursor),
          options.nowMs,
          options.nowMs,
          sourceId,
        );
    });
  }

  /** Notes a failed import or packet on its source; stored flows and the cursor are unchanged. */
  recordError(sourceId: number, code: string, message: string): void {
    this.#raw.write('record a flow import error in', () =>
      this.#raw.db
        .prepare('UPDATE flow_sources SET last_error_code = ?, last_error = ? WHERE id = ?')
        .run(code, message.slice(0, 500), sourceId),
    );
  }

  /** The connections a conntrack source saw in its last import. */
  seen(sourceId: number): Map<string, SeenConnection> {
    const rows = this.#raw.read('read conntrack state from', () =>
      this.#raw.db
        .prepare('SELECT conn_key, packets, bytes FROM flow_conntrack_seen WHERE source_id = ?')
        .all(sourceId),
    ) as Array<{ conn_key: string; packets: number; bytes: number }>;
    return new Map(rows.map((r) => [r.conn_key, { key: r.conn_key, packets: r.packets, bytes: r.bytes }]));
  }

  /** Conversations whose hour overlaps [fromMs, toMs), oldest first. */
  conversations(fromMs: number, toMs: number): StoredConversation[] {
    const rows = this.#raw.read('read flows from', () =>
      this.#raw.db
        .prepare(
          `SELECT * FROM flow_conversations WHERE bucket_ms >= ? AND bucket_ms < ?
           ORDER BY bucket_ms, initiator, responder, protocol, port, source_id`,
        )
        .all(fromMs - (fromMs % 3_600_000), toMs),
    ) as ConversationRow[];
    return rows.map(fromRow);
  }

  /** The time range of every stored conversation, or undefined when there is none. */
  span(): { firstMs: number; lastMs: number } | undefined {
    const row = this.#raw.read('read flows from', () =>
      this.#raw.db.prepare('SELECT min(first_ms) AS first, max(last_ms) AS last FROM flow_conversations').get(),
    ) as { first: number | null; last: number | null };
    return row.first === null || row.last === null ? undefined : { firstMs: row.first, lastMs: row.last };
  }

  #replaceSeen(sourceId: number, seen: readonly SeenConnection[], nowMs: number): void {
    this.#raw.db.prepare('DELETE FROM flow_conntrack_seen WHERE source_id = ?').run(sourceId);
    const insert = this.#raw.db.prepare(
      'INSERT OR REPLACE INTO flow_conntrack_seen (source_id, conn_key, packets, bytes, last_seen_ms) VALUES (?, ?, ?, ?, ?)',
    );
    for (const connection of seen) insert.run(sourceId, connection.key, connection.packets, connection.bytes, nowMs);
  }

  #upsertStatement(): BetterSqlite3.Statement {
    this.#upsert ??= this.#raw.db.prepare(
      `INSERT INTO flow_conversations (bucket_ms, initiator, responder, protocol, port, source_id, initiator_mac,
         responder_mac, flows, replies, packets, bytes, first_ms, last_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (bucket_ms, initiator, responder, protocol, port, source_id) DO UPDATE SET
         initiator_mac = coalesce(excluded.initiator_mac, initiator_mac),
         responder_mac = coalesce(excluded.responder_mac, responder_mac),
         flows = flows + excluded.flows, replies = replies + excluded.replies,
         packets = packets + excluded.packets, bytes = bytes + excluded.bytes,
         first_ms = min(first_ms, excluded.first_ms), last_ms = max(last_ms, excluded.last_ms)`,
    );
    return this.#upsert;
  }
}

function fromRow(row: ConversationRow): StoredConversation {
  return {
    bucketMs: row.bucket_ms,
    initiator: row.initiator,
    responder: row.responder,
    protocol: row.protocol,
    port: row.port,
    sourceId: row.source_id,
    initiatorMac: row.initiator_mac ?? undefined,
    responderMac: row.responder_mac ?? undefined,
    flows: row.flows,
    replies: row.replies,
    packets: row.packets,
    bytes: row.bytes,
    firstMs: row.first_ms,
    lastMs: row.last_ms,
  };
}

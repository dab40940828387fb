import type BetterSqlite3 from 'better-sqlite3';
import { createFtlDatabase, createFtlIndexes, FtlWriter } from './ftl-writer.ts';
import { generateQueries } from './generate-queries.ts';
import { seedHomeTrafficClients } from './seed-home-traffic.ts';
import type { TrafficClient, TrafficWindow } from './traffic-model.ts';

/** The seed every lab sinkhole uses unless told otherwise, so the demo shows the same numbers on every run. */
export const LAB_TRAFFIC_SEED = 20_260_101;

/** Streams generated queries into an open FTL database (either layout) and fills its network tables. */
export function writeFtlTraffic(
  db: BetterSqlite3.Database,
  clients: readonly TrafficClient[],
  window: TrafficWindow,
): { queries: number } {
  const writer = new FtlWriter(db);
  for (const query of generateQueries(clients, window)) writer.add(query);
  writer.finish(clients);
  return { queries: writer.count };
}

/**
 * Creates the lab Pi-hole's database at `file`: the seed home's traffic (on `prefix`, 127.77.1 by default) for the
 * `hours` before `endMs`, current layout, WAL mode. For the demo: `iotwarden dns import --pihole-db <file>`.
 */
export function writeSeedHomePiholeDb(
  file: string,
  options: { prefix?: string; endMs?: number; hours?: number; seed?: number } = {},
): { queries: number; clients: TrafficClient[] } {
  const clients = seedHomeTrafficClients(options.prefix);
  const endMs = options.endMs ?? Date.now();
  const db = createFtlDatabase(file, { bulk: true });
  try {
    const { queries } = writeFtlTraffic(db, clients, {
      startMs: endMs - (options.hours ?? 24) * 3_600_000,
      endMs,
      seed: options.seed ?? LAB_TRAFFIC_SEED,
    });
    createFtlIndexes(db);
    db.pragma('synchronous = NORMAL');
    return { queries, clients };
  } finally {
    db.close();
  }
}

import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../errors/index.ts';
import { fileLine } from './adguard-format.ts';
import { generateQueries } from './generate-queries.ts';
import type { TrafficClient, TrafficWindow } from './traffic-model.ts';

/**
 * Writes AdGuard Home's `querylog.json` (JSON Lines, oldest first) into `dir`. With `rotateAtMs`, queries before it
 * go to `querylog.json.1`, as AdGuard Home leaves the previous file after rotation.
 */
export async function writeAdguardQueryLog(
  dir: string,
  clients: readonly TrafficClient[],
  window: TrafficWindow,
  options: { rotateAtMs?: number } = {},
): Promise<{ queries: number; rotated: number; file: string }> {
  const file = join(dir, 'querylog.json');
  for (const path of options.rotateAtMs === undefined ? [file] : [file, `${file}.1`]) {
    if (existsSync(path))
      throw new UsageError(`${path} already exists; the lab never overwrites a log.`, { code: 'ERR_LAB_FILE_EXISTS' });
  }
  const live = createWriteStream(file);
  const old = options.rotateAtMs === undefined ? undefined : createWriteStream(`${file}.1`);
  let queries = 0;
  let rotated = 0;
  for (const query of generateQueries(clients, window)) {
    const target = old && query.timeMs < (options.rotateAtMs ?? 0) ? old : live;
    if (target === old) rotated += 1;
    queries += 1;
    if (!target.write(`${fileLine(query, queries)}\n`)) await once(target, 'drain');
  }
  await Promise.all([live, old].filter((s) => s !== undefined).map((s) => new Promise((resolve) => s.end(resolve))));
  return { queries, rotated, file };
}

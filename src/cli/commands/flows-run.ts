/** `flows collect`, `flows import` and `flows status`, the implementation (definitions in flows.ts). */
import { collectFlows } from '../../app/flows/collect-flows.ts';
import { importConntrack } from '../../app/flows/import-conntrack.ts';
import { parseDurationMs } from '../../config/firmware-policy-schema.ts';
import { UsageError } from '../../errors/index.ts';
import { jsonText } from '../../util/untrusted-text.ts';
import { withStore } from '../common-options.ts';
import type { CliDeps } from '../deps.ts';
import { parseListen } from '../listen-address.ts';
import { collectText, conntrackText, flowSourcesText } from '../output/flows-text.ts';

/** The options `flows collect` parses. */
export interface FlowsCollectOptions {
  listen: string;
  duration?: string | undefined;
  json?: true | undefined;
  db?: string | undefined;
}

export async function runFlowsCollect(options: FlowsCollectOptions, deps: CliDeps): Promise<void> {
  const { address, port } = parseListen(options.listen);
  const durationMs = options.duration === undefined ? undefined : parseDurationMs(options.duration);
  if (options.duration !== undefined && durationMs === undefined) {
    throw new UsageError(`--duration needs a time such as 30s, 10m or 2h, not "${options.duration}"`);
  }
  const interrupt = deps.interrupt();
  const result = await withStore(options.db, deps, (store) =>
    collectFlows(store, {
      address,
      port,
      signal: interrupt.signal,
      ...(durationMs === undefined ? {} : { durationMs }),
      onListening: (where) => deps.err.write(`iotwarden: collecting flows on ${where.address}:${where.port}\n`),
    }),
  ).finally(interrupt.dispose);
  deps.out.write(options.json ? jsonText(result) : collectText(result));
}

/** The options `flows import` parses. */
export interface FlowsImportOptions {
  conntrack: string;
  name?: string | undefined;
  json?: true | undefined;
  db?: string | undefined;
}

export async function runFlowsImport(options: FlowsImportOptions, deps: CliDeps): Promise<void> {
  const stdin = options.conntrack === '-';
  const location = stdin ? `stdin:${options.name ?? 'conntrack'}` : options.conntrack;
  const result = await withStore(options.db, deps, (store) =>
    importConntrack(store, {
      ...(stdin ? { input: process.stdin } : { file: options.conntrack }),
      location,
      nowMs: deps.clock.now(),
    }),
  );
  deps.out.write(options.json ? jsonText(result) : conntrackText(result));
}

export async function runFlowsStatus(
  options: { json?: true | undefined; db?: string | undefined },
  deps: CliDeps,
): Promise<void> {
  const sources = await withStore(options.db, deps, async (store) => store.flows.sources());
  deps.out.write(options.json ? jsonText({ sources }) : flowSourcesText(sources));
}

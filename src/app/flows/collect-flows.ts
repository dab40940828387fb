/**
 * `iotwarden flows collect`: run the NetFlow/IPFIX collector into the inventory until stopped. Each batch of
 * conversations is committed on its own. A stop (Ctrl-C, --duration) first decodes and stores everything read; a
 * crash or a kill loses the last second of flows and the datagrams still queued for decoding (a burst's backlog).
 */
import { IotwardenError } from '../../errors/index.ts';
import { type CollectorStats, FlowCollector } from '../../sources/flows/collector.ts';
import type { Store } from '../../store/index.ts';

export interface CollectFlowsOptions {
  address: string;
  port: number;
  signal: AbortSignal;
  /** Stop by itself after this long. */
  durationMs?: number;
  /** Told once the socket is bound (the CLI prints where it listens). */
  onListening?: (where: { address: string; port: number }) => void;
  onBatch?: (stats: CollectorStats) => void;
  now?: () => number;
}

export interface CollectFlowsResult {
  listen: { address: string; port: number };
  stats: CollectorStats;
}

/** The collector could not listen (port in use, no permission for a port below 1024, no such address). */
export const FLOW_LISTEN_ERROR = 'ERR_FLOW_LISTEN';

export async function collectFlows(store: Store, options: CollectFlowsOptions): Promise<CollectFlowsResult> {
  const now = options.now ?? Date.now;
  const source = store.flows.source('netflow', `${options.address}:${options.port}`);
  let reported: string | undefined;
  let collector: FlowCollector;
  try {
    collector = await FlowCollector.start({
      address: options.address,
      port: options.port,
      now,
      onBatch: (conversations, stats) => {
        store.flows.commit(source.id, conversations, { nowMs: now() });
        const error = stats.lastError;
        if (error && error.message !== reported) {
          store.flows.recordError(source.id, error.code, error.message);
          reported = error.message;
        }
        options.onBatch?.(stats);
      },
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    throw new IotwardenError(
      FLOW_LISTEN_ERROR,
      `cannot listen for flows on ${options.address}:${options.port} (${code}): ${code === 'EADDRINUSE' ? 'another collector uses that port; stop it or pick another with --listen' : 'pick another address or port with --listen'}`,
      { cause: error },
    );
  }
  const listen = collector.address;
  options.onListening?.(listen);
  try {
    await Promise.race([stopped(options.signal, options.durationMs), collector.failure()]);
  } finally {
    await collector.stop();
  }
  return { listen, stats: collector.stats };
}

function stopped(signal: AbortSignal, durationMs: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = durationMs === undefined ? undefined : setTimeout(resolve, durationMs);
    signal.addEventListener(
      'abort',
      () => {
        if (timer) clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

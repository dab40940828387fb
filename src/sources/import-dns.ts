import { IotwardenError } from '../errors/index.ts';
import type { DnsRepository } from '../store/dns-repository.ts';
import { DnsAggregator } from './aggregate.ts';
import type { DnsImportSink, DnsSourceReader } from './source.ts';
import type { DnsAnswer, DnsImportResult } from './types.ts';

export interface ImportDnsOptions {
  signal?: AbortSignal;
  /** Per HTTP request or database open. */
  timeoutMs?: number;
  /** Clock for `last_import_ms`. */
  nowMs?: () => number;
  /** Receives the answers a source logs (name → address), at each checkpoint and at the end. */
  onAnswers?: (answers: DnsAnswer[]) => void;
}

/**
 * Imports what is new in one source into the store. Each checkpoint of the source is committed with its cursor in
 * one transaction, so importing twice counts nothing twice, and a failure keeps everything committed before it.
 * Errors are recorded on the source row and rethrown unchanged (their codes are stable).
 */
export async function importDns(
  store: DnsRepository,
  reader: DnsSourceReader,
  options: ImportDnsOptions = {},
): Promise<DnsImportResult> {
  const now = options.nowMs ?? Date.now;
  const readOptions = {
    signal: options.signal ?? new AbortController().signal,
    timeoutMs: options.timeoutMs ?? 10_000,
  };
  const source = store.source(reader.ref);
  const aggregator = new DnsAggregator(store.loadState(source.id));
  const result: DnsImportResult = { source: reader.ref, imported: 0, skipped: 0, networkHosts: 0, limitations: [] };
  let answers: DnsAnswer[] = [];
  const flushAnswers = (): void => {
    if (answers.length === 0 || !options.onAnswers) return;
    options.onAnswers(answers);
    answers = [];
  };
  const sink: DnsImportSink = {
    add: (query) => aggregator.add(query),
    addKeyed: (timeMs, key, type, status) => aggregator.addKeyed(timeMs, key, type, status),
    skip: (count) => {
      result.skipped += count;
    },
    ...(options.onAnswers ? { answer: (answer: DnsAnswer) => void answers.push(answer) } : {}),
    checkpoint: (cursor) => {
      readOptions.signal.throwIfAborted();
      flushAnswers();
      const drained = aggregator.drain();
      store.commit(source.id, drained, cursor, now());
      result.imported += drained.queries;
      if (drained.firstMs !== undefined && (result.firstMs === undefined || drained.firstMs < result.firstMs)) {
        result.firstMs = drained.firstMs;
      }
      if (drained.lastMs !== undefined && (result.lastMs === undefined || drained.lastMs > result.lastMs)) {
        result.lastMs = drained.lastMs;
      }
    },
  };
  try {
    const outcome = await reader.read(parseCursor(source.cursor_json), sink, readOptions);
    flushAnswers();
    result.limitations.push(...outcome.limitations);
    if (reader.networkHosts) {
      const hosts = await reader.networkHosts(readOptions);
      store.recordNetworkHosts(source.id, hosts);
      result.networkHosts = hosts.length;
    }
  } catch (error) {
    const code = error instanceof IotwardenError ? error.code : 'ERR_DNS_IMPORT';
    const message = error instanceof Error ? error.message : String(error);
    try {
      store.recordError(source.id, code, message);
    } catch {
      // The original failure matters more than the bookkeeping (the store itself may be what failed).
    }
    throw error;
  }
  return result;
}

function parseCursor(json: string): unknown {
  const value = JSON.parse(json) as unknown;
  return value && typeof value === 'object' && Object.keys(value).length === 0 ? undefined : value;
}

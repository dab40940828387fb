import type { DnsAnswer, DnsNetworkHost, DnsQuery, DnsSourceRef, DnsStatus } from './types.ts';

/**
 * Where a source delivers queries. Queries arrive in ascending time; `checkpoint` commits everything added since
 * the previous checkpoint together with the cursor that resumes just after it, in one store transaction. A failure
 * after a checkpoint therefore keeps what was committed, and the next import continues from there.
 */
export interface DnsImportSink {
  add(query: DnsQuery): void;
  /**
   * `add` for bulk sources: `pairKey` is the client address and the domain joined by one space (see pairKey in
   * aggregate.ts), so a 10-million-row import builds no object per query.
   */
  addKeyed(timeMs: number, pairKey: string, type: string, status: DnsStatus): void;
  /** Queries the source returned again that the cursor says were already counted. */
  skip(count: number): void;
  /** An address a name resolved to, from sources whose log shows answers (dnsmasq `reply` lines). */
  answer?(answer: DnsAnswer): void;
  checkpoint(cursor: unknown): void;
}

export interface DnsReadOptions {
  signal: AbortSignal;
  /** Per request or per database open. */
  timeoutMs: number;
}

/** What a read reports besides the queries. */
export interface DnsReadOutcome {
  limitations: string[];
}

/**
 * One DNS source (a Pi-hole database or API, an AdGuard Home API or log file, dnsmasq logs). `read` is incremental:
 * given the cursor of the last committed checkpoint (undefined the first time) it delivers only newer queries.
 */
export interface DnsSourceReader {
  readonly ref: DnsSourceRef;
  read(cursor: unknown, sink: DnsImportSink, options: DnsReadOptions): Promise<DnsReadOutcome>;
  /** MAC ↔ IP ↔ name rows, for sources that keep a network table (Pi-hole's database). */
  networkHosts?(options: DnsReadOptions): Promise<DnsNetworkHost[]>;
}

/** The cursor key of a source in dns_sources. */
export function sourceKey(ref: DnsSourceRef): string {
  return `${ref.kind}:${ref.location}`;
}

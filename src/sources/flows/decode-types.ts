import type { FlowDecodeError } from './flow-errors.ts';
import type { FlowRecord } from './flow-record.ts';
import type { FlowProblem } from './flow-sets.ts';
import type { TemplateCache } from './template-cache.ts';

/** What a decoder needs besides the bytes. */
export interface DecodeContext {
  /** The exporter as `address:port`: with the observation domain, the scope of its templates. */
  exporter: string;
  templates: TemplateCache;
  /** When the packet arrived, Unix ms: the fallback for records without usable times. */
  receivedMs: number;
  /** Records read from one packet at most (default MAX_RECORDS_PER_PACKET). */
  maxRecords?: number;
}

/**
 * At most this many records per packet. A NetFlow v5 packet holds 30; a 64 KiB v9/IPFIX message of the smallest
 * sensible records (two IPv4 addresses, 8 bytes) a little over 8000.
 */
export const MAX_RECORDS_PER_PACKET = 8192;

/**
 * A decoder's answer. Decoders are total: whatever the bytes, they return one of these and never throw. A refused
 * packet changes nothing (not even the templates); an accepted one may still report problems with some of its sets.
 */
export type DecodeOutcome =
  | {
      ok: true;
      version: 5 | 9 | 10;
      records: FlowRecord[];
      problems: FlowProblem[];
      /** Template records this packet defined (or withdrew). */
      templates: number;
    }
  | { ok: false; error: FlowDecodeError };

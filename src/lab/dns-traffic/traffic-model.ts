/**
 * The vocabulary of the lab's DNS traffic: which client looks up which name, how often, and what the sinkhole
 * answered. Profiles (traffic-profiles.ts) are data in this shape; generate-queries.ts turns them into queries.
 */

/** Pi-hole status names (FTL get_query_status_str) the lab uses; other sources map them onto their own terms. */
export type LabQueryStatus = 'FORWARDED' | 'CACHE' | 'GRAVITY' | 'REGEX' | 'DENYLIST';

export interface TrafficStream {
  domain: string;
  /** Mean time between lookups. */
  periodMs: number;
  /**
   * `timer`: firmware on a schedule, period ± jitter around the clock; `human`: someone using the device, a Poisson
   * process with `periodMs` as the mean gap, only inside `activeHours`.
   */
  pattern: 'timer' | 'human';
  /** Relative jitter of a timer (0.05 = ±5 %). */
  jitter?: number;
  /** Query types sent together at each lookup (A and AAAA for dual-stack clients). Default `['A']`. */
  types?: readonly string[];
  /** What the sinkhole answered; by default forwarded, or answered from its cache on some repeats. */
  status?: LabQueryStatus;
  /** UTC hours [from, to) in which a `human` stream is active; default the whole day. */
  activeHours?: readonly [number, number];
  /** A timer that ignores the rate scale (the garage door's 1 s period must stay 1 s in the benchmark). */
  fixedRate?: boolean;
}

export interface TrafficClient {
  /** The device's name in the scenario (`garage-door`). */
  name: string;
  address: string;
  /** As the lab assigns it (`AA:BB:CC:DD:EE:FF`), for the Pi-hole network table. */
  mac?: string;
  /** Vendor string Pi-hole shows in its network table. */
  vendor?: string;
  streams: TrafficStream[];
}

/** One generated query, in ascending time order. */
export interface GeneratedQuery {
  timeMs: number;
  client: string;
  clientName: string;
  domain: string;
  type: string;
  status: LabQueryStatus;
  /** Reply time in ms, as Pi-hole records it. */
  replyMs: number;
}

export interface TrafficWindow {
  startMs: number;
  endMs: number;
  seed: number;
  /** Multiplies the rate of every stream without `fixedRate` (the benchmark scales a home up to 10 M queries). */
  rateScale?: number;
  /** Stops after this many queries. */
  limit?: number;
}

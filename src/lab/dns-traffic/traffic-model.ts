/**
 * The vocabulary of the lab's DNS traffic: which client looks up which name, how often, and what the sinkhole
 * answered. Profiles (traffic-profiles.ts) are data in this shape; generate-queries.ts turns them into queries.
 */
import type { LabQueryStatus, LabTrafficStream as TrafficStream } from '../../families/descriptor.ts';

export type { LabQueryStatus, LabTrafficStream as TrafficStream } from '../../families/descriptor.ts';

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

/**
 * Flows folded into conversations: who opened a connection to whom, on which protocol and service port, per hour.
 * NetFlow and IPFIX report each direction of a connection as its own record, so the direction is decided from the
 * ports (the service side has the well-known or registered port, the client an ephemeral one: RFC 6335 §6); conntrack
 * knows it exactly (its original tuple) and passes it in. What is stored is aggregated, as the DNS import does: a home
 * makes millions of flows a month, and the profile needs counts per destination and hour, not each flow.
 */
import type { FlowRecord } from './flow-record.ts';

/** One hour, the width of a conversation bucket (as DNS buckets: src/sources/types.ts DNS_BUCKET_MS). */
export const FLOW_BUCKET_MS = 3_600_000;

/** Transport protocols whose ports say who serves: TCP, UDP, SCTP, UDP-Lite. */
const PORTED = new Set([6, 17, 132, 136]);
/** RFC 6335 §6: 49152–65535 are dynamic; Linux picks client ports from 32768 up (ip_local_port_range). */
const EPHEMERAL_FROM = 32_768;

export interface Conversation {
  bucketMs: number;
  /** The side that opened it. */
  initiator: string;
  responder: string;
  protocol: number;
  /** The responder's port (0 for protocols without ports). */
  port: number;
  initiatorMac: string | undefined;
  responderMac: string | undefined;
  /** Connections opened (records in the initiator's direction; one per conntrack entry). */
  flows: number;
  /** Records seen only in the reply direction (an exporter that saw the answer but not the question). */
  replies: number;
  packets: number;
  bytes: number;
  firstMs: number;
  lastMs: number;
}

/** How much a port looks like a service: 2 well-known, 1 registered below the ephemeral range, 0 ephemeral. */
function serviceness(port: number): number {
  if (port > 0 && port < 1024) return 2;
  if (port > 0 && port < EPHEMERAL_FROM) return 1;
  return 0;
}

/** Whether the record travels from the initiator to the responder (true) or answers (false). */
export function isForward(record: Pick<FlowRecord, 'protocol' | 'srcPort' | 'dstPort'>): boolean {
  if (!PORTED.has(record.protocol)) return true;
  const src = serviceness(record.srcPort);
  const dst = serviceness(record.dstPort);
  if (src !== dst) return dst > src;
  // Both alike (mDNS 5353 ⇄ 5353, NTP 123 ⇄ 123, two ephemeral ports): the lower port is the service; equal means
  // the destination is (a multicast query is sent to the group's port).
  return record.dstPort <= record.srcPort;
}

export interface OrientedFlow {
  initiator: string;
  responder: string;
  port: number;
  initiatorMac: string | undefined;
  responderMac: string | undefined;
  forward: boolean;
}

export function orient(record: FlowRecord): OrientedFlow {
  const forward = isForward(record);
  const ported = PORTED.has(record.protocol);
  return forward
    ? {
        initiator: record.srcAddr,
        responder: record.dstAddr,
        port: ported ? record.dstPort : 0,
        initiatorMac: record.srcMac,
        responderMac: record.dstMac,
        forward,
      }
    : {
        initiator: record.dstAddr,
        responder: record.srcAddr,
        port: ported ? record.srcPort : 0,
        initiatorMac: record.dstMac,
        responderMac: record.srcMac,
        forward,
      };
}

/** A known-direction connection, as conntrack reports it. */
export interface DirectedFlow extends Omit<OrientedFlow, 'forward'> {
  protocol: number;
  startMs: number;
  endMs: number;
  packets: number;
  bytes: number;
  /** 1 for a new connection, 0 for more traffic on one counted before (a conntrack entry seen again). */
  flows: number;
}

/** The rest of a conversation's key once its two ends are known: hour, protocol and port in one exact integer. */
function restKey(bucketMs: number, protocol: number, port: number): number {
  // Hours since 1970 fit in 2^20 until the year 2089, protocol in 2^8 and port in 2^16: 2^44 < 2^53, so exact.
  return ((bucketMs / FLOW_BUCKET_MS) * 256 + protocol) * 65_536 + port;
}

/**
 * Conversations per hour, merged in memory until drained into the store. They are found by initiator, then
 * responder, then (hour, protocol, port) as a number: the addresses arrive as the same strings again and again
 * (src/sources/flows/information-elements.ts ipv4At), so this needs no key string built per record, which was the
 * collector's largest cost per flow (bench:flows profile).
 */
export class ConversationAggregator {
  readonly #open = new Map<string, Map<string, Map<number, Conversation>>>();
  #size = 0;
  #records = 0;

  /** Conversations held (the collector drains when this grows). */
  get size(): number {
    return this.#size;
  }

  /** Records added since the last drain. */
  get records(): number {
    return this.#records;
  }

  /** One exporter record: oriented by its ports and merged without intermediate objects (the collector's hot path). */
  addRecord(record: FlowRecord): void {
    const forward = isForward(record);
    const ported = PORTED.has(record.protocol);
    this.#merge(
      forward ? record.srcAddr : record.dstAddr,
      forward ? record.dstAddr : record.srcAddr,
      record.protocol,
      ported ? (forward ? record.dstPort : record.srcPort) : 0,
      forward ? record.srcMac : record.dstMac,
      forward ? record.dstMac : record.srcMac,
      record,
      forward ? 1 : 0,
      forward ? 0 : 1,
    );
  }

  add(flow: DirectedFlow, replies = 0): void {
    this.#merge(
      flow.initiator,
      flow.responder,
      flow.protocol,
      flow.port,
      flow.initiatorMac,
      flow.responderMac,
      flow,
      flow.flows,
      replies,
    );
  }

  #merge(
    initiator: string,
    responder: string,
    protocol: number,
    port: number,
    initiatorMac: string | undefined,
    responderMac: string | undefined,
    counts: Pick<DirectedFlow, 'startMs' | 'endMs' | 'packets' | 'bytes'>,
    flows: number,
    replies: number,
  ): void {
    this.#records += 1;
    const bucketMs = counts.startMs - (counts.startMs % FLOW_BUCKET_MS);
    let byResponder = this.#open.get(initiator);
    if (!byResponder) {
      byResponder = new Map();
      this.#open.set(initiator, byResponder);
    }
    let byRest = byResponder.get(responder);
    if (!byRest) {
      byRest = new Map();
      byResponder.set(responder, byRest);
    }
    const key = restKey(bucketMs, protocol, port);
    const existing = byRest.get(key);
    if (existing) {
      existing.flows += flows;
      existing.replies += replies;
      existing.packets += counts.packets;
      existing.bytes += counts.bytes;
      if (counts.startMs < existing.firstMs) existing.firstMs = counts.startMs;
      if (counts.endMs > existing.lastMs) existing.lastMs = counts.endMs;
      if (initiatorMac !== undefined) existing.initiatorMac = initiatorMac;
      if (responderMac !== undefined) existing.responderMac = responderMac;
      return;
    }
    this.#size += 1;
    byRest.set(key, {
      bucketMs,
      initiator,
      responder,
      protocol,
      port,
      initiatorMac,
      responderMac,
      flows,
      replies,
      packets: counts.packets,
      bytes: counts.bytes,
      firstMs: counts.startMs,
      lastMs: counts.endMs,
    });
  }

  /** Everything merged so far, and an empty aggregator. */
  drain(): Conversation[] {
    const drained: Conversation[] = [];
    for (const byResponder of this.#open.values()) {
      for (const byRest of byResponder.values()) for (const conversation of byRest.values()) drained.push(conversation);
    }
    this.#open.clear();
    this.#size = 0;
    this.#records = 0;
    return drained;
  }
}

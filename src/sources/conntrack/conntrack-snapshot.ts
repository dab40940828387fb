/**
 * One conntrack snapshot turned into conversations, incrementally: a connection already counted by the previous
 * import of the same source (same conntrack id, or same original tuple) adds only the packets and bytes that are new
 * since then, and opens no new flow. The snapshot's connections become the source's new state.
 */
import { canonicalAddress } from '../../net/address-kind.ts';
import { ConversationAggregator, type DirectedFlow } from '../flows/conversation.ts';
import { type ConntrackEntry, connectionKey, parseConntrackLine } from './conntrack-line.ts';

export interface SeenState {
  key: string;
  packets: number;
  bytes: number;
}

export interface SnapshotResult {
  aggregator: ConversationAggregator;
  seen: SeenState[];
  entries: number;
  newConnections: number;
  /** Refused lines: how many, and the first few with their line numbers. */
  refused: number;
  refusedExamples: Array<{ line: number; reason: string }>;
  /** Fields and flags a newer kernel wrote that were ignored. */
  unknownFields: string[];
}

const EXAMPLES = 5;

/** Reads every line of a snapshot taken at `observedMs` against the previous import's state. */
export async function readSnapshot(
  lines: AsyncIterable<string>,
  previous: ReadonlyMap<string, SeenState>,
  observedMs: number,
): Promise<SnapshotResult> {
  const result: SnapshotResult = {
    aggregator: new ConversationAggregator(),
    seen: [],
    entries: 0,
    newConnections: 0,
    refused: 0,
    refusedExamples: [],
    unknownFields: [],
  };
  const unknown = new Set<string>();
  const current = new Set<string>();
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber += 1;
    const parsed = parseConntrackLine(line);
    if (!parsed) continue;
    if (!parsed.ok) {
      result.refused += 1;
      if (result.refusedExamples.length < EXAMPLES)
        result.refusedExamples.push({ line: lineNumber, reason: parsed.reason });
      continue;
    }
    const flow = toFlow(parsed.entry, observedMs);
    if (!flow) {
      result.refused += 1;
      if (result.refusedExamples.length < EXAMPLES)
        result.refusedExamples.push({ line: lineNumber, reason: 'not an IP address' });
      continue;
    }
    for (const name of parsed.entry.unknown) unknown.add(name);
    const key = connectionKey(parsed.entry);
    if (current.has(key)) continue; // the same connection twice in one snapshot
    current.add(key);
    result.entries += 1;
    const before = previous.get(key);
    const counted = before !== undefined && flow.packets >= before.packets && flow.bytes >= before.bytes;
    result.seen.push({ key, packets: flow.packets, bytes: flow.bytes });
    if (!counted) result.newConnections += 1;
    result.aggregator.add({
      ...flow,
      flows: counted ? 0 : 1,
      packets: counted ? flow.packets - before.packets : flow.packets,
      bytes: counted ? flow.bytes - before.bytes : flow.bytes,
    });
  }
  result.unknownFields = [...unknown].sort();
  return result;
}

/**
 * The connection as a directed flow: the original tuple's source opened it; the reply tuple's source is who really
 * answered (a port forward rewrites the destination: DNAT), so it is the responder when it differs.
 */
function toFlow(entry: ConntrackEntry, observedMs: number): Omit<DirectedFlow, 'flows'> | undefined {
  const initiator = canonicalAddress(entry.original.src);
  const dnat = entry.reply !== undefined && entry.reply.src !== entry.original.dst;
  const responder = canonicalAddress(dnat ? entry.reply!.src : entry.original.dst);
  if (!initiator || !responder) return undefined;
  const port = dnat ? (entry.reply!.sport ?? entry.original.dport ?? 0) : (entry.original.dport ?? 0);
  return {
    initiator,
    responder,
    port,
    protocol: entry.protocol,
    initiatorMac: undefined,
    responderMac: undefined,
    startMs: observedMs,
    endMs: observedMs,
    packets: (entry.original.packets ?? 0) + (entry.reply?.packets ?? 0),
    bytes: (entry.original.bytes ?? 0) + (entry.reply?.bytes ?? 0),
  };
}

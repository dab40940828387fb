/**
 * The decoders must be total and bounded whatever arrives on the collector's port: 100 000+ mutated packets (seeded,
 * so a failure replays) derived from valid v5, v9 and IPFIX packets and real softflowd exports. Mutations are the
 * ones that break parsers: bit flips, lengths and counts overwritten with edge values, truncation, trailing junk,
 * sets spliced from other packets. One template cache is shared across all of them, so data sets meet stale,
 * withdrawn and hostile templates, and its bounds are checked as it fills.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFlowPacket } from '../../lab/flow-traffic/flow-encoder.ts';
import { decodeFlowPacket } from './decode-packet.ts';
import { FLOW_ERROR_CODES } from './flow-errors.ts';
import type { FlowRecord } from './flow-record.ts';
import { TemplateCache } from './template-cache.ts';

const EXPORT_MS = Date.UTC(2026, 11, 5, 9, 0, 0);
const RUNS = 100_000;
const MAX_RECORDS = 512;

const record = (i: number): FlowRecord => ({
  startMs: EXPORT_MS - 5000 + i,
  endMs: EXPORT_MS - 1000 + i,
  srcAddr: i % 3 === 0 ? '2001:db8::1' : `192.168.1.${i % 250}`,
  dstAddr: i % 3 === 0 ? '2001:db8::2' : '203.0.113.9',
  srcPort: 40000 + i,
  dstPort: 443,
  protocol: i % 2 ? 6 : 17,
  packets: i + 1,
  bytes: 100 * (i + 1),
  srcMac: '02:00:00:00:00:01',
  dstMac: '02:00:00:00:00:02',
});
const batch = Array.from({ length: 9 }, (_, i) => record(i));
const fixture = (name: string): Buffer =>
  Buffer.from(readFileSync(new URL(`../../../test/fixtures/flows/${name}`, import.meta.url), 'utf8').trim(), 'hex');

const SEEDS: Buffer[] = [
  encodeFlowPacket(
    batch.filter((r) => !r.srcAddr.includes(':')),
    { version: 5, exportMs: EXPORT_MS },
  ),
  encodeFlowPacket(batch, { version: 9, exportMs: EXPORT_MS, macs: true }),
  encodeFlowPacket(batch, { version: 9, exportMs: EXPORT_MS, templates: false }),
  encodeFlowPacket(batch, { version: 10, exportMs: EXPORT_MS }),
  encodeFlowPacket(batch, { version: 10, exportMs: EXPORT_MS, absoluteTimes: true, interfaceName: 'eth0.20' }),
  encodeFlowPacket(batch, { version: 10, exportMs: EXPORT_MS, templates: false, interfaceName: 'x'.repeat(400) }),
  fixture('softflowd-1.1.0-v9-ether.hex'),
  fixture('softflowd-1.1.0-ipfix-ether.hex'),
];

const EDGE_U16 = [0, 1, 2, 3, 4, 5, 8, 16, 20, 255, 256, 257, 1024, 0x7fff, 0x8000, 0xfffe, 0xffff];

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'u16'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'append'; bytes: Uint8Array }
  | { kind: 'splice'; from: number; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('u16' as const), at: fc.nat(), value: fc.constantFrom(...EDGE_U16) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 64 }) }),
  fc.record({
    kind: fc.constant('splice' as const),
    from: fc.nat(),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 48 }),
  }),
);

function mutate(seed: Buffer, mutations: readonly Mutation[], donor: Buffer): Buffer {
  let packet = Buffer.from(seed);
  for (const m of mutations) {
    if (packet.length === 0) break;
    if (m.kind === 'flip') packet[m.at % packet.length]! ^= 1 << m.bit;
    else if (m.kind === 'u16' && packet.length >= 2) packet.writeUInt16BE(m.value, m.at % (packet.length - 1));
    else if (m.kind === 'truncate') packet = packet.subarray(0, m.at % (packet.length + 1));
    else if (m.kind === 'append') packet = Buffer.concat([packet, m.bytes]);
    else if (m.kind === 'splice') {
      const from = m.from % donor.length;
      const piece = donor.subarray(from, from + m.length);
      const at = m.at % packet.length;
      packet = Buffer.concat([packet.subarray(0, at), piece, packet.subarray(at + piece.length)]);
    }
  }
  return packet;
}

const KNOWN_CODES = new Set<string>(Object.values(FLOW_ERROR_CODES));

function plausible(r: FlowRecord): boolean {
  return (
    Number.isFinite(r.startMs) &&
    r.startMs <= r.endMs &&
    r.endMs <= EXPORT_MS + 86_400_000 &&
    r.srcPort >= 0 &&
    r.srcPort <= 0xffff &&
    r.dstPort >= 0 &&
    r.dstPort <= 0xffff &&
    r.protocol >= 0 &&
    r.protocol <= 0xff &&
    Number.isSafeInteger(r.bytes) &&
    Number.isSafeInteger(r.packets)
  );
}

describe('flow decoders under fuzzing', () => {
  it(`stay total and bounded over ${RUNS} mutated packets`, () => {
    const templates = new TemplateCache({ maxTemplatesPerScope: 8, maxScopes: 16, maxFieldsPerTemplate: 64 });
    const stats = { accepted: 0, refused: 0, records: 0 };
    fc.assert(
      fc.property(
        fc.nat({ max: SEEDS.length - 1 }),
        fc.nat({ max: SEEDS.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        fc.nat({ max: 40 }),
        (seedIndex, donorIndex, mutations, exporter) => {
          const packet = mutate(SEEDS[seedIndex]!, mutations, SEEDS[donorIndex]!);
          const outcome = decodeFlowPacket(packet, {
            exporter: `127.0.0.1:${40000 + exporter}`,
            templates,
            receivedMs: EXPORT_MS,
            maxRecords: MAX_RECORDS,
          });
          // Plain checks, not expect(): a million expect() calls would cost more than the decoding.
          if (!outcome.ok) {
            stats.refused += 1;
            if (!KNOWN_CODES.has(outcome.error.code)) throw new Error(`unknown code ${outcome.error.code}`);
            return;
          }
          stats.accepted += 1;
          stats.records += outcome.records.length;
          if (outcome.records.length > MAX_RECORDS) throw new Error(`${outcome.records.length} records`);
          const odd = outcome.problems.find((problem) => !KNOWN_CODES.has(problem.code));
          if (odd) throw new Error(`unknown problem code ${odd.code}`);
          const bad = outcome.records.find((r) => !plausible(r));
          if (bad) throw new Error(`implausible record ${JSON.stringify(bad)}`);
          if (templates.scopeCount > 16) throw new Error(`${templates.scopeCount} template scopes`);
        },
      ),
      { seed: 20_260_105, numRuns: RUNS },
    );
    // The mutations must exercise both paths, or the run proves little.
    expect(stats.accepted).toBeGreaterThan(RUNS / 10);
    expect(stats.refused).toBeGreaterThan(RUNS / 10);
    expect(stats.records).toBeGreaterThan(RUNS);
  }, 120_000);
});

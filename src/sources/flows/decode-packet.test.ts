import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeFlowPacket } from '../../lab/flow-traffic/flow-encoder.ts';
import { decodeFlowPacket } from './decode-packet.ts';
import type { DecodeContext, DecodeOutcome } from './decode-types.ts';
import type { FlowRecord } from './flow-record.ts';
import { TemplateCache } from './template-cache.ts';

const EXPORT_MS = Date.UTC(2026, 0, 10, 12, 0, 0);
const context = (templates = new TemplateCache(), exporter = '127.0.0.1:40000'): DecodeContext => ({
  exporter,
  templates,
  receivedMs: EXPORT_MS + 50,
});

const flows: FlowRecord[] = [
  {
    startMs: EXPORT_MS - 4000,
    endMs: EXPORT_MS - 1000,
    srcAddr: '192.168.20.31',
    dstAddr: '203.0.113.7',
    srcPort: 51000,
    dstPort: 443,
    protocol: 6,
    packets: 12,
    bytes: 3456,
    tcpFlags: 0x1b,
    srcMac: '50:C7:BF:00:00:31',
    dstMac: '02:00:00:00:00:01',
  },
  {
    startMs: EXPORT_MS - 2000,
    endMs: EXPORT_MS - 2000,
    srcAddr: '2001:db8::31',
    dstAddr: '2001:db8:1::7b',
    srcPort: 40000,
    dstPort: 123,
    protocol: 17,
    packets: 1,
    bytes: 76,
    tcpFlags: 0,
    srcMac: '50:C7:BF:00:00:31',
    dstMac: '02:00:00:00:00:01',
  },
];

function accepted(outcome: DecodeOutcome): Extract<DecodeOutcome, { ok: true }> {
  if (!outcome.ok) throw new Error(`refused: ${outcome.error.code} ${outcome.error.message}`);
  return outcome;
}

function refusedCode(outcome: DecodeOutcome): string {
  if (outcome.ok) throw new Error('accepted a packet that should be refused');
  return outcome.error.code;
}

/** The softflowd captures were made on 2026-12-05 around 09:18 UTC; a collector receives them then. */
const CAPTURED_MS = Date.UTC(2026, 11, 5, 9, 18, 13);
const capturedContext = (): DecodeContext => ({ ...context(), receivedMs: CAPTURED_MS });

const hexFixture = (name: string): Buffer =>
  Buffer.from(readFileSync(new URL(`../../../test/fixtures/flows/${name}`, import.meta.url), 'utf8').trim(), 'hex');

describe('NetFlow v5', () => {
  it('reads every record with absolute times from sysUptime', () => {
    const v4 = flows.filter((f) => !f.srcAddr.includes(':')).map(({ srcMac, dstMac, ...rest }) => rest);
    const outcome = accepted(decodeFlowPacket(encodeFlowPacket(v4, { version: 5, exportMs: EXPORT_MS }), context()));
    expect(outcome.version).toBe(5);
    expect(outcome.records).toEqual(v4);
  });

  it('refuses a count that does not fit the datagram', () => {
    const packet = encodeFlowPacket([flows[0]!], { version: 5, exportMs: EXPORT_MS });
    packet.writeUInt16BE(2, 2);
    expect(refusedCode(decodeFlowPacket(packet, context()))).toBe('ERR_FLOW_TRUNCATED');
    packet.writeUInt16BE(31, 2);
    expect(refusedCode(decodeFlowPacket(packet, context()))).toBe('ERR_FLOW_MALFORMED');
  });
});

describe('NetFlow v9', () => {
  it('learns templates and decodes IPv4 and IPv6 records with MACs', () => {
    const packet = encodeFlowPacket(flows, { version: 9, exportMs: EXPORT_MS, macs: true });
    const outcome = accepted(decodeFlowPacket(packet, context()));
    expect(outcome.templates).toBe(2);
    expect(outcome.records).toEqual(flows);
    expect(outcome.problems).toEqual([]);
  });

  it('decodes data-only packets with templates from an earlier packet of the same exporter and source id', () => {
    const templates = new TemplateCache();
    accepted(decodeFlowPacket(encodeFlowPacket([], { version: 9, exportMs: EXPORT_MS }), context(templates)));
    const dataOnly = encodeFlowPacket(flows, { version: 9, exportMs: EXPORT_MS, templates: false });
    expect(accepted(decodeFlowPacket(dataOnly, context(templates))).records).toHaveLength(2);
    // Another exporter, or another source id, has its own templates (RFC 3954 §5.1).
    const other = accepted(decodeFlowPacket(dataOnly, context(templates, '127.0.0.2:40000')));
    expect(other.records).toEqual([]);
    expect(new Set(other.problems.map((p) => p.code))).toEqual(new Set(['ERR_FLOW_UNKNOWN_TEMPLATE']));
    const otherDomain = encodeFlowPacket(flows, { version: 9, exportMs: EXPORT_MS, templates: false, domain: 7 });
    expect(accepted(decodeFlowPacket(otherDomain, context(templates))).problems[0]?.code).toBe(
      'ERR_FLOW_UNKNOWN_TEMPLATE',
    );
  });

  it('refuses a truncated template set and keeps the templates it had', () => {
    const templates = new TemplateCache();
    accepted(decodeFlowPacket(encodeFlowPacket([], { version: 9, exportMs: EXPORT_MS }), context(templates)));
    const withMacs = encodeFlowPacket([], { version: 9, exportMs: EXPORT_MS, macs: true });
    // Cut the template set short but keep its header's length honest, so the cut is inside a template record.
    const setLength = withMacs.readUInt16BE(22);
    const cut = Buffer.from(withMacs.subarray(0, 20 + setLength - 8));
    cut.writeUInt16BE(setLength - 8, 22);
    expect(refusedCode(decodeFlowPacket(cut, context(templates)))).toBe('ERR_FLOW_TRUNCATED');
    const dataOnly = encodeFlowPacket(flows, { version: 9, exportMs: EXPORT_MS, templates: false });
    expect(accepted(decodeFlowPacket(dataOnly, context(templates))).records[0]?.srcMac).toBeUndefined();
  });

  it('refuses sets whose lengths do not add up', () => {
    const packet = encodeFlowPacket(flows, { version: 9, exportMs: EXPORT_MS });
    const longer = Buffer.from(packet);
    longer.writeUInt16BE(packet.length, 22);
    expect(refusedCode(decodeFlowPacket(longer, context()))).toBe('ERR_FLOW_TRUNCATED');
    const zero = Buffer.from(packet);
    zero.writeUInt16BE(0, 22);
    expect(refusedCode(decodeFlowPacket(zero, context()))).toBe('ERR_FLOW_MALFORMED');
    expect(refusedCode(decodeFlowPacket(packet.subarray(0, 12), context()))).toBe('ERR_FLOW_TRUNCATED');
  });

  it('refuses unusable templates one by one and bounds the templates per exporter', () => {
    const packet = encodeFlowPacket([], { version: 9, exportMs: EXPORT_MS });
    const zeroLength = Buffer.from(packet);
    zeroLength.writeUInt16BE(0, 20 + 4 + 4 + 2); // first field of template 256: length 0
    const outcome = accepted(decodeFlowPacket(zeroLength, context()));
    expect(outcome.problems.map((p) => p.code)).toEqual(['ERR_FLOW_TEMPLATE']);
    const templates = new TemplateCache({ maxTemplatesPerScope: 1 });
    const limited = accepted(decodeFlowPacket(packet, context(templates)));
    expect(limited.problems.map((p) => p.code)).toEqual(['ERR_FLOW_LIMIT']);
    expect(templates.templateCount(`v9|127.0.0.1:40000|0`)).toBe(1);
  });

  it('stops at the record budget of a packet', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ ...flows[0]!, srcPort: 1000 + i }));
    const outcome = accepted(
      decodeFlowPacket(encodeFlowPacket(many, { version: 9, exportMs: EXPORT_MS }), { ...context(), maxRecords: 25 }),
    );
    expect(outcome.records).toHaveLength(25);
    expect(outcome.problems.map((p) => p.code)).toEqual(['ERR_FLOW_LIMIT']);
  });

  it('reads a real softflowd 1.1.0 export (-v 9 -T ether)', () => {
    const outcome = accepted(decodeFlowPacket(hexFixture('softflowd-1.1.0-v9-ether.hex'), capturedContext()));
    // As tshark 4.0 dissects the same bytes: first two ICMPv6 flows from the veth's link-local address.
    expect(outcome.records.slice(0, 2)).toMatchObject([
      { srcAddr: 'fe80::bc54:f1ff:fe47:4724', dstAddr: 'ff02::16', protocol: 58, bytes: 152, packets: 2 },
      { srcAddr: 'fe80::bc54:f1ff:fe47:4724', dstAddr: 'ff02::2', protocol: 58, bytes: 56, packets: 1 },
    ]);
    expect(outcome.records[0]).toMatchObject({ srcMac: 'BE:54:F1:47:47:24', dstMac: '33:33:00:00:00:16' });
    expect(outcome.records[0]!.endMs - outcome.records[0]!.startMs).toBe(540);
  });
});

describe('IPFIX', () => {
  it('decodes uptime times against systemInitTimeMilliseconds from options data', () => {
    const bootMs = EXPORT_MS - 90_000;
    const packet = encodeFlowPacket(flows, { version: 10, exportMs: EXPORT_MS, bootMs, macs: true });
    expect(accepted(decodeFlowPacket(packet, context())).records).toEqual(flows);
  });

  it('decodes absolute times and variable-length fields of both length forms', () => {
    for (const name of ['eth0', 'x'.repeat(300)]) {
      const packet = encodeFlowPacket(flows, {
        version: 10,
        exportMs: EXPORT_MS,
        absoluteTimes: true,
        interfaceName: name,
      });
      expect(accepted(decodeFlowPacket(packet, context())).records).toEqual(
        flows.map(({ srcMac, dstMac, ...rest }) => rest),
      );
    }
  });

  it('withdraws templates (RFC 7011 §8.1)', () => {
    const templates = new TemplateCache();
    accepted(decodeFlowPacket(encodeFlowPacket([], { version: 10, exportMs: EXPORT_MS }), context(templates)));
    const withdrawal = Buffer.from('000a001800000000000000000000000000020008010000000', 'hex');
    const fixed = Buffer.alloc(24);
    withdrawal.copy(fixed);
    fixed.writeUInt16BE(24, 2);
    fixed.writeUInt16BE(2, 16);
    fixed.writeUInt16BE(8, 18);
    fixed.writeUInt16BE(256, 20);
    fixed.writeUInt16BE(0, 22);
    expect(accepted(decodeFlowPacket(fixed, context(templates))).templates).toBe(1);
    const data = encodeFlowPacket(flows, { version: 10, exportMs: EXPORT_MS, templates: false });
    const after = accepted(decodeFlowPacket(data, context(templates)));
    expect(after.records.map((r) => r.srcAddr)).toEqual(['2001:db8::31']);
  });

  it('refuses a message length beyond the datagram', () => {
    const packet = encodeFlowPacket(flows, { version: 10, exportMs: EXPORT_MS });
    expect(refusedCode(decodeFlowPacket(packet.subarray(0, packet.length - 3), context()))).toBe('ERR_FLOW_TRUNCATED');
  });

  it('reads a real softflowd 1.1.0 export (-v 10 -T ether)', () => {
    const outcome = accepted(decodeFlowPacket(hexFixture('softflowd-1.1.0-ipfix-ether.hex'), capturedContext()));
    // tshark 4.0: System Init Time 2026-12-05 09:18:04.427 UTC; the TCP flow starts 2.586 s after it.
    const tcp = outcome.records.find((r) => r.protocol === 6 && r.dstPort === 8080);
    expect(tcp).toMatchObject({
      srcAddr: '10.99.0.2',
      dstAddr: '10.99.0.1',
      srcPort: 37542,
      bytes: 216,
      packets: 4,
      srcMac: '72:DB:31:87:E9:8C',
      dstMac: '2A:F6:B2:21:50:A6',
      startMs: Date.UTC(2026, 11, 5, 9, 18, 7, 13),
      endMs: Date.UTC(2026, 11, 5, 9, 18, 7, 81),
    });
    expect(outcome.records.some((r) => r.protocol === 17 && r.dstPort === 123)).toBe(true);
  });
});

describe('any packet', () => {
  it('refuses other versions with a code', () => {
    const packet = encodeFlowPacket(flows, { version: 9, exportMs: EXPORT_MS });
    packet.writeUInt16BE(8, 0);
    expect(refusedCode(decodeFlowPacket(packet, context()))).toBe('ERR_FLOW_VERSION');
    expect(refusedCode(decodeFlowPacket(Buffer.alloc(1), context()))).toBe('ERR_FLOW_TRUNCATED');
  });
});

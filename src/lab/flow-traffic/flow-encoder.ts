/**
 * Writes NetFlow v5, v9 and IPFIX datagrams, as a router or softflowd would send them: for the lab's flow
 * generator, the collector benchmark and the decoder tests. Formats as in src/sources/flows (RFC 3954, RFC 7011).
 * v9 and IPFIX carry IPv4 and IPv6 records in two templates (256, 257) and optionally MACs (softflowd `-T ether`
 * sends IE 56 and 57); IPFIX times are absolute milliseconds (IE 152/153) or sysUptime offsets with the exporter's
 * systemInitTimeMilliseconds as options data, the way softflowd sends them.
 */
import { isIPv4 } from 'node:net';
import type { FlowRecord } from '../../sources/flows/flow-record.ts';

export interface FlowEncodeOptions {
  version: 5 | 9 | 10;
  /** When the exporter sends the packet, Unix ms. */
  exportMs: number;
  /** When the exporter booted (sysUptime 0), Unix ms. Default: an hour before exportMs. */
  bootMs?: number;
  sequence?: number;
  /** v9 Source ID / IPFIX observation domain. */
  domain?: number;
  /** Send the templates in this packet (exporters repeat them every so often). Default true. */
  templates?: boolean;
  /** Add source and destination MACs (IE 56, 57). */
  macs?: boolean;
  /** IPFIX: absolute millisecond times instead of sysUptime offsets. */
  absoluteTimes?: boolean;
  /** IPFIX: add a variable-length field (interfaceName, IE 82) to every record. */
  interfaceName?: string;
}

type Field = [id: number, length: number];

const V4_TEMPLATE = 256;
const V6_TEMPLATE = 257;
const OPTIONS_TEMPLATE = 258;
const VARIABLE = 0xffff;

function fieldsFor(family: 4 | 6, options: FlowEncodeOptions): Field[] {
  const address: Field[] =
    family === 4
      ? [
          [8, 4],
          [12, 4],
        ]
      : [
          [27, 16],
          [28, 16],
        ];
  const times: Field[] =
    options.version === 10 && options.absoluteTimes
      ? [
          [152, 8],
          [153, 8],
        ]
      : [
          [22, 4],
          [21, 4],
        ];
  const fields: Field[] = [...address, [7, 2], [11, 2], [4, 1], [6, 1], [1, 8], [2, 4], ...times];
  if (options.macs) fields.push([56, 6], [57, 6]);
  if (options.version === 10 && options.interfaceName !== undefined) fields.push([82, VARIABLE]);
  return fields;
}

class Writer {
  readonly parts: Buffer[] = [];
  u8(value: number): void {
    this.parts.push(Buffer.from([value & 0xff]));
  }
  u16(value: number): void {
    const b = Buffer.alloc(2);
    b.writeUInt16BE(value & 0xffff);
    this.parts.push(b);
  }
  u32(value: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(value >>> 0);
    this.parts.push(b);
  }
  u64(value: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(Math.max(0, Math.floor(value))));
    this.parts.push(b);
  }
  bytes(value: Buffer): void {
    this.parts.push(value);
  }
  get length(): number {
    return this.parts.reduce((sum, part) => sum + part.length, 0);
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

function addressBytes(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  const [head = '', tail = ''] = address.split('::');
  const groups = (text: string): number[] => (text === '' ? [] : text.split(':').map((g) => Number.parseInt(g, 16)));
  const left = groups(head);
  const right = address.includes('::') ? groups(tail) : [];
  const all = [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  const buffer = Buffer.alloc(16);
  all.forEach((group, index) => {
    buffer.writeUInt16BE(group, index * 2);
  });
  return buffer;
}

function macBytes(mac: string | undefined): Buffer {
  return Buffer.from((mac ?? '00:00:00:00:00:00').split(':').map((part) => Number.parseInt(part, 16)));
}

function writeRecord(
  writer: Writer,
  record: FlowRecord,
  fields: Field[],
  bootMs: number,
  options: FlowEncodeOptions,
): void {
  for (const [id, length] of fields) {
    if (id === 8 || id === 27) writer.bytes(addressBytes(record.srcAddr));
    else if (id === 12 || id === 28) writer.bytes(addressBytes(record.dstAddr));
    else if (id === 7) writer.u16(record.srcPort);
    else if (id === 11) writer.u16(record.dstPort);
    else if (id === 4) writer.u8(record.protocol);
    else if (id === 6) writer.u8(record.tcpFlags ?? 0);
    else if (id === 1) writer.u64(record.bytes);
    else if (id === 2) writer.u32(record.packets);
    else if (id === 22) writer.u32(record.startMs - bootMs);
    else if (id === 21) writer.u32(record.endMs - bootMs);
    else if (id === 152) writer.u64(record.startMs);
    else if (id === 153) writer.u64(record.endMs);
    else if (id === 56) writer.bytes(macBytes(record.srcMac));
    else if (id === 57) writer.bytes(macBytes(record.dstMac));
    else if (id === 82 && length === VARIABLE) {
      const name = Buffer.from(options.interfaceName ?? '');
      if (name.length < 255) writer.u8(name.length);
      else {
        writer.u8(255);
        writer.u16(name.length);
      }
      writer.bytes(name);
    }
  }
}

/** A set (flowset): id, length, body, padded to 4 bytes. */
function set(id: number, body: Buffer): Buffer {
  const padding = (4 - ((body.length + 4) % 4)) % 4;
  const header = Buffer.alloc(4);
  header.writeUInt16BE(id);
  header.writeUInt16BE(body.length + 4 + padding, 2);
  return Buffer.concat([header, body, Buffer.alloc(padding)]);
}

function templateBody(id: number, fields: Field[]): Buffer {
  const writer = new Writer();
  writer.u16(id);
  writer.u16(fields.length);
  for (const [fieldId, length] of fields) {
    writer.u16(fieldId);
    writer.u16(length);
  }
  return writer.done();
}

/** IPFIX options template 258: scope meteringProcessId (143), option systemInitTimeMilliseconds (160). */
function ipfixOptionsSets(bootMs: number, withTemplate: boolean): Buffer[] {
  const sets: Buffer[] = [];
  if (withTemplate) {
    const writer = new Writer();
    writer.u16(OPTIONS_TEMPLATE);
    writer.u16(2);
    writer.u16(1);
    writer.u16(143);
    writer.u16(4);
    writer.u16(160);
    writer.u16(8);
    sets.push(set(3, writer.done()));
  }
  const data = new Writer();
  data.u32(1);
  data.u64(bootMs);
  sets.push(set(OPTIONS_TEMPLATE, data.done()));
  return sets;
}

function encodeV5(records: readonly FlowRecord[], options: FlowEncodeOptions, bootMs: number): Buffer {
  const writer = new Writer();
  writer.u16(5);
  writer.u16(records.length);
  writer.u32(options.exportMs - bootMs);
  writer.u32(Math.floor(options.exportMs / 1000));
  writer.u32((options.exportMs % 1000) * 1e6);
  writer.u32(options.sequence ?? 0);
  writer.u32(0);
  for (const record of records) {
    writer.bytes(addressBytes(record.srcAddr));
    writer.bytes(addressBytes(record.dstAddr));
    writer.u32(0);
    writer.u32(0);
    writer.u32(record.packets);
    writer.u32(record.bytes);
    writer.u32(record.startMs - bootMs);
    writer.u32(record.endMs - bootMs);
    writer.u16(record.srcPort);
    writer.u16(record.dstPort);
    writer.u8(0);
    writer.u8(record.tcpFlags ?? 0);
    writer.u8(record.protocol);
    writer.u8(0);
    writer.u32(0);
    writer.u32(0);
  }
  return writer.done();
}

/** One datagram holding `records` (at most 30 for v5; v9/IPFIX callers keep datagrams under ~1400 bytes). */
export function encodeFlowPacket(records: readonly FlowRecord[], options: FlowEncodeOptions): Buffer {
  const bootMs = options.bootMs ?? options.exportMs - 3_600_000;
  if (options.version === 5) return encodeV5(records, options, bootMs);
  const withTemplates = options.templates ?? true;
  const sets: Buffer[] = [];
  const v4 = fieldsFor(4, options);
  const v6 = fieldsFor(6, options);
  if (withTemplates) {
    sets.push(
      set(options.version === 9 ? 0 : 2, Buffer.concat([templateBody(V4_TEMPLATE, v4), templateBody(V6_TEMPLATE, v6)])),
    );
  }
  if (options.version === 10 && !options.absoluteTimes) sets.push(...ipfixOptionsSets(bootMs, withTemplates));
  for (const [family, template, fields] of [
    [4, V4_TEMPLATE, v4],
    [6, V6_TEMPLATE, v6],
  ] as const) {
    const chosen = records.filter((record) => isIPv4(record.srcAddr) === (family === 4));
    if (chosen.length === 0) continue;
    const writer = new Writer();
    for (const record of chosen) writeRecord(writer, record, [...fields], bootMs, options);
    sets.push(set(template, writer.done()));
  }
  const body = Buffer.concat(sets);
  const header = new Writer();
  header.u16(options.version);
  if (options.version === 9) {
    header.u16(records.length + (withTemplates ? 2 : 0));
    header.u32(options.exportMs - bootMs);
    header.u32(Math.floor(options.exportMs / 1000));
    header.u32(options.sequence ?? 0);
    header.u32(options.domain ?? 0);
  } else {
    header.u16(16 + body.length);
    header.u32(Math.floor(options.exportMs / 1000));
    header.u32(options.sequence ?? 0);
    header.u32(options.domain ?? 0);
  }
  return Buffer.concat([header.done(), body]);
}

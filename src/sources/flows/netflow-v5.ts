/**
 * NetFlow v5: a 24-byte header and up to 30 fixed 48-byte records (Cisco NetFlow Export Datagram Format, v5; the
 * layout nfdump's nfv5 reader and softflowd's netflow5.c use).
 *   header: version(2) count(2) sysUptime(4) unix_secs(4) unix_nsecs(4) flow_sequence(4) engine_type(1)
 *           engine_id(1) sampling_interval(2)
 *   record: srcaddr(4) dstaddr(4) nexthop(4) input(2) output(2) dPkts(4) dOctets(4) first(4) last(4) srcport(2)
 *           dstport(2) pad1(1) tcp_flags(1) prot(1) tos(1) src_as(2) dst_as(2) src_mask(1) dst_mask(1) pad2(2)
 */
import type { DecodeContext, DecodeOutcome } from './decode-types.ts';
import { FLOW_ERROR_CODES, FlowDecodeError } from './flow-errors.ts';
import type { FlowRecord } from './flow-record.ts';
import { finishRecord } from './flow-sets.ts';
import { ipv4At } from './information-elements.ts';

const HEADER_BYTES = 24;
const RECORD_BYTES = 48;
const MAX_V5_RECORDS = 30;

export function decodeNetflowV5(buffer: Buffer, context: DecodeContext): DecodeOutcome {
  if (buffer.length < HEADER_BYTES) {
    return refuse(
      FLOW_ERROR_CODES.truncated,
      `NetFlow v5 from ${context.exporter}: ${buffer.length} bytes, the header alone is 24`,
    );
  }
  const count = buffer.readUInt16BE(2);
  if (count === 0 || count > MAX_V5_RECORDS) {
    return refuse(
      FLOW_ERROR_CODES.malformed,
      `NetFlow v5 from ${context.exporter}: count ${count}, a v5 packet holds 1 to 30 records`,
    );
  }
  if (buffer.length < HEADER_BYTES + count * RECORD_BYTES) {
    return refuse(
      FLOW_ERROR_CODES.truncated,
      `NetFlow v5 from ${context.exporter}: ${count} records need ${HEADER_BYTES + count * RECORD_BYTES} bytes, got ${buffer.length}`,
    );
  }
  const uptimeMs = buffer.readUInt32BE(4);
  const exportMs = buffer.readUInt32BE(8) * 1000 + Math.floor(buffer.readUInt32BE(12) / 1e6);
  const base = { bootMs: exportMs - uptimeMs, exportMs, receivedMs: context.receivedMs };
  const records: FlowRecord[] = [];
  for (let i = 0; i < count; i++) {
    const at = HEADER_BYTES + i * RECORD_BYTES;
    const record = finishRecord(
      {
        src4: ipv4At(buffer, at),
        dst4: ipv4At(buffer, at + 4),
        packets: buffer.readUInt32BE(at + 16),
        bytes: buffer.readUInt32BE(at + 20),
        startUptimeMs: buffer.readUInt32BE(at + 24),
        endUptimeMs: buffer.readUInt32BE(at + 28),
        srcPort: buffer.readUInt16BE(at + 32),
        dstPort: buffer.readUInt16BE(at + 34),
        tcpFlags: buffer[at + 37]!,
        protocol: buffer[at + 38]!,
      },
      base,
    );
    if (record) records.push(record);
  }
  return { ok: true, version: 5, records, problems: [], templates: 0 };
}

function refuse(code: (typeof FLOW_ERROR_CODES)[keyof typeof FLOW_ERROR_CODES], message: string): DecodeOutcome {
  return { ok: false, error: new FlowDecodeError(code, message) };
}

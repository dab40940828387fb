/**
 * What NetFlow v9 flowsets and IPFIX sets share: a 4-byte header (id, length including the header) followed by
 * records, the last set possibly padded. The set list is checked as a whole before anything in it is used, so a
 * packet whose lengths do not add up is refused without touching the template cache.
 */
import { FLOW_ERROR_CODES, FlowDecodeError } from './flow-errors.ts';
import type { FlowRecord } from './flow-record.ts';
import { type Apply, ELEMENTS, emptyDraft, type RecordDraft } from './information-elements.ts';
import { type FlowTemplate, VARIABLE_LENGTH } from './template-cache.ts';

export interface SetSpan {
  id: number;
  /** First byte after the set header. */
  bodyStart: number;
  /** One past the set's last byte. */
  bodyEnd: number;
}

/** Something a packet got wrong that did not stop the rest of it from being read. */
export interface FlowProblem {
  code: string;
  message: string;
}

/** The sets between `start` and `end`, or the error that makes the packet unusable. */
export function splitSets(buffer: Buffer, start: number, end: number, label: string): SetSpan[] | FlowDecodeError {
  const sets: SetSpan[] = [];
  let offset = start;
  while (offset < end) {
    if (end - offset < 4) {
      return new FlowDecodeError(
        FLOW_ERROR_CODES.truncated,
        `${label}: ${end - offset} byte(s) left, too few for a set header`,
      );
    }
    const id = buffer.readUInt16BE(offset);
    const length = buffer.readUInt16BE(offset + 2);
    if (length < 4) {
      return new FlowDecodeError(
        FLOW_ERROR_CODES.malformed,
        `${label}: set ${id} at byte ${offset} has length ${length}, less than its own header`,
      );
    }
    if (offset + length > end) {
      return new FlowDecodeError(
        FLOW_ERROR_CODES.truncated,
        `${label}: set ${id} at byte ${offset} claims ${length} bytes, only ${end - offset} left`,
      );
    }
    sets.push({ id, bodyStart: offset + 4, bodyEnd: offset + length });
    offset += length;
  }
  return sets;
}

/** Bytes of a template's smallest record: fixed fields, plus one length byte per variable-length field. */
export function minRecordBytes(fields: FlowTemplate['fields']): number {
  return fields.reduce((sum, field) => sum + (field.length === VARIABLE_LENGTH ? 1 : field.length), 0);
}

/**
 * Each field's reader, in template order (undefined: skipped by its length), worked out once per template rather
 * than looked up per field of every record. Templates are immutable once defined, so the answer never goes stale.
 */
const readersOf = new WeakMap<FlowTemplate, ReadonlyArray<Apply | undefined>>();

function fieldReaders(template: FlowTemplate): ReadonlyArray<Apply | undefined> {
  let readers = readersOf.get(template);
  if (!readers) {
    readers = template.fields.map((field) =>
      field.enterprise === 0 && !field.scope ? ELEMENTS.get(field.id) : undefined,
    );
    readersOf.set(template, readers);
  }
  return readers;
}

/** The records of one data set, decoded with `template`. Returns how many were read and a problem, if any. */
export function readDataSet(
  buffer: Buffer,
  span: SetSpan,
  template: FlowTemplate,
  budget: number,
  onRecord: (draft: RecordDraft) => void,
): { records: number; problem?: FlowProblem } {
  let offset = span.bodyStart;
  let records = 0;
  const fields = template.fields;
  const readers = fieldReaders(template);
  // Whatever is left after the last whole record is padding (RFC 7011 §3.3.1, RFC 3954 §5.3).
  while (span.bodyEnd - offset >= template.minRecordBytes && template.minRecordBytes > 0) {
    if (records >= budget) {
      return {
        records,
        problem: {
          code: FLOW_ERROR_CODES.limit,
          message: `more records than the ${budget} a packet may carry; the rest of set ${span.id} was skipped`,
        },
      };
    }
    const draft = emptyDraft();
    for (let f = 0; f < fields.length; f++) {
      let length = fields[f]!.length;
      if (length === VARIABLE_LENGTH) {
        // RFC 7011 §7: one length byte, or 255 followed by a two-byte length.
        if (offset + 1 > span.bodyEnd) return truncatedRecord(span, records);
        length = buffer[offset]!;
        offset += 1;
        if (length === 255) {
          if (offset + 2 > span.bodyEnd) return truncatedRecord(span, records);
          length = buffer.readUInt16BE(offset);
          offset += 2;
        }
      }
      if (offset + length > span.bodyEnd) return truncatedRecord(span, records);
      readers[f]?.(draft, buffer, offset, length);
      offset += length;
    }
    records += 1;
    onRecord(draft);
  }
  return { records };
}

function truncatedRecord(span: SetSpan, records: number): { records: number; problem: FlowProblem } {
  return {
    records,
    problem: {
      code: FLOW_ERROR_CODES.truncated,
      message: `set ${span.id}: record ${records + 1} runs past the end of its set`,
    },
  };
}

/** The zero of uptime-relative times and the packet's own clock, to turn a draft into absolute times. */
export interface TimeBase {
  /** Unix ms at which the exporter's sysUptime was 0, when known. */
  bootMs: number | undefined;
  /** When the exporter sent the packet (header), Unix ms. */
  exportMs: number;
  /** When the collector received it. */
  receivedMs: number;
}

const YEAR_2000_MS = 946_684_800_000;
const DAY_MS = 86_400_000;

/** A time an exporter could have meant: after 2000 and at most a day ahead of the collector's clock. */
function plausible(ms: number | undefined, base: TimeBase): ms is number {
  return ms !== undefined && Number.isFinite(ms) && ms >= YEAR_2000_MS && ms <= base.receivedMs + DAY_MS;
}

/** The flow a data record describes, or undefined for a record without both addresses (not a flow). */
export function finishRecord(draft: RecordDraft, base: TimeBase): FlowRecord | undefined {
  const srcAddr = draft.src4 ?? draft.src6;
  const dstAddr = draft.dst4 ?? draft.dst6;
  if (srcAddr === undefined || dstAddr === undefined) return undefined;
  const fallback = plausible(base.exportMs, base) ? base.exportMs : base.receivedMs;
  let startMs = draft.startMs;
  let endMs = draft.endMs;
  if (draft.startUptimeMs !== undefined || draft.endUptimeMs !== undefined) {
    const startUp = draft.startUptimeMs ?? draft.endUptimeMs!;
    const endUp = draft.endUptimeMs ?? startUp;
    if (base.bootMs !== undefined) {
      startMs ??= base.bootMs + startUp;
      endMs ??= base.bootMs + endUp;
    } else {
      // No boot time (an IPFIX exporter that never sent systemInitTimeMilliseconds): anchor the end at export time.
      endMs ??= fallback;
      startMs ??= endMs - Math.max(0, endUp - startUp);
    }
  }
  endMs = plausible(endMs, base) ? endMs : plausible(startMs, base) ? startMs : fallback;
  startMs = plausible(startMs, base) && startMs <= endMs ? startMs : endMs;
  const record: FlowRecord = {
    startMs,
    endMs,
    srcAddr,
    dstAddr,
    srcPort: draft.srcPort ?? 0,
    dstPort: draft.dstPort ?? 0,
    protocol: draft.protocol ?? 0,
    packets: draft.packets ?? 0,
    bytes: draft.bytes ?? 0,
  };
  if (draft.srcMac !== undefined) record.srcMac = draft.srcMac;
  if (draft.dstMac !== undefined) record.dstMac = draft.dstMac;
  if (draft.tcpFlags !== undefined) record.tcpFlags = draft.tcpFlags;
  return record;
}

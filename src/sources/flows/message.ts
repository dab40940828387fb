/**
 * The part of decoding NetFlow v9 and IPFIX messages that is the same for both: walk the sets, learn templates,
 * read data sets with the templates known so far (this packet's own included), and turn drafts into flows once the
 * whole packet is read (an IPFIX exporter may send its boot time after the data that needs it).
 */
import type { DecodeContext, DecodeOutcome } from './decode-types.ts';
import { MAX_RECORDS_PER_PACKET } from './decode-types.ts';
import { FLOW_ERROR_CODES, FlowDecodeError } from './flow-errors.ts';
import type { FlowRecord } from './flow-record.ts';
import { type FlowProblem, finishRecord, readDataSet, splitSets, type TimeBase } from './flow-sets.ts';
import type { RecordDraft } from './information-elements.ts';
import { TemplateOverlay } from './template-cache.ts';
import { readTemplateSet, type TemplateFlavour } from './template-records.ts';

export interface MessageFrame {
  flavour: TemplateFlavour;
  version: 9 | 10;
  /** Template scope: exporter and observation domain. */
  scope: string;
  /** Set ids of template and options-template sets. */
  templateSetId: number;
  optionsSetId: number;
  setsStart: number;
  setsEnd: number;
  label: string;
  /** The time base, given the exporter's boot time as the packet leaves it. */
  timeBase(systemInitMs: number | undefined): TimeBase;
}

export function decodeMessage(buffer: Buffer, frame: MessageFrame, context: DecodeContext): DecodeOutcome {
  const sets = splitSets(buffer, frame.setsStart, frame.setsEnd, frame.label);
  if (sets instanceof FlowDecodeError) return { ok: false, error: sets };
  const overlay = new TemplateOverlay(context.templates, frame.scope);
  const problems: FlowProblem[] = [];
  const drafts: RecordDraft[] = [];
  const budget = context.maxRecords ?? MAX_RECORDS_PER_PACKET;
  const unknown = new Map<number, number>();
  let templates = 0;
  for (const span of sets) {
    if (span.id === frame.templateSetId || span.id === frame.optionsSetId) {
      const read = readTemplateSet(buffer, span, span.id === frame.optionsSetId, frame.flavour, overlay, problems);
      if (read instanceof FlowDecodeError) return { ok: false, error: read };
      templates += read;
      continue;
    }
    if (span.id < 256) continue; // reserved set ids: skipped by their length, as both RFCs require
    const template = overlay.template(span.id);
    if (!template) {
      unknown.set(span.id, (unknown.get(span.id) ?? 0) + 1);
      continue;
    }
    const read = readDataSet(buffer, span, template, budget - drafts.length, (draft) => {
      if (!template.options) drafts.push(draft);
      else if (draft.systemInitMs !== undefined)
        overlay.setState({ ...overlay.state(), systemInitMs: draft.systemInitMs });
    });
    if (read.problem) problems.push(read.problem);
  }
  for (const [id, count] of unknown) {
    problems.push({
      code: FLOW_ERROR_CODES.unknownTemplate,
      message: `${count} data set(s) with template ${id}, which ${frame.label} has not defined (yet): skipped`,
    });
  }
  overlay.commit();
  const base = frame.timeBase(overlay.state().systemInitMs);
  const records: FlowRecord[] = [];
  for (const draft of drafts) {
    const record = finishRecord(draft, base);
    if (record) records.push(record);
  }
  return { ok: true, version: frame.version, records, problems, templates };
}

/**
 * Template and options-template records of NetFlow v9 (RFC 3954 §5.2, §6.1) and IPFIX (RFC 7011 §3.4). A template
 * set that runs out of bytes in the middle of a record refuses the whole packet (its other sets cannot be trusted
 * either); a template that is well framed but unusable (no fields, a zero-length field, too many fields, a full
 * scope) is refused on its own and reported as a problem.
 */
import { FLOW_ERROR_CODES, FlowDecodeError } from './flow-errors.ts';
import { type FlowProblem, minRecordBytes, type SetSpan } from './flow-sets.ts';
import { type FlowTemplate, type TemplateField, type TemplateOverlay, VARIABLE_LENGTH } from './template-cache.ts';

export type TemplateFlavour = 'v9' | 'ipfix';

interface Cursor {
  offset: number;
  end: number;
}

/** One past the last non-zero byte of the set: zero bytes after it are padding (RFC 7011 §3.3.1, RFC 3954 §5.3). */
function contentEnd(buffer: Buffer, from: number, to: number): number {
  let end = to;
  while (end > from && buffer[end - 1] === 0) end -= 1;
  return end;
}

function truncated(span: SetSpan, what: string): FlowDecodeError {
  return new FlowDecodeError(
    FLOW_ERROR_CODES.truncated,
    `template set ${span.id}: ${what} runs past the end of the set`,
  );
}

/** Reads `count` field specifiers; IPFIX ones may carry an enterprise number (RFC 7011 §3.2). */
function readFields(
  buffer: Buffer,
  cursor: Cursor,
  count: number,
  flavour: TemplateFlavour,
  span: SetSpan,
): TemplateField[] | FlowDecodeError {
  const fields: TemplateField[] = [];
  for (let i = 0; i < count; i++) {
    if (cursor.offset + 4 > cursor.end) return truncated(span, `field ${i + 1} of ${count}`);
    let id = buffer.readUInt16BE(cursor.offset);
    const length = buffer.readUInt16BE(cursor.offset + 2);
    cursor.offset += 4;
    let enterprise = 0;
    if (flavour === 'ipfix' && id & 0x8000) {
      if (cursor.offset + 4 > cursor.end) return truncated(span, `enterprise number of field ${i + 1}`);
      enterprise = buffer.readUInt32BE(cursor.offset);
      cursor.offset += 4;
      id &= 0x7fff;
    }
    fields.push({ id, enterprise, length });
  }
  return fields;
}

/** Why a well-framed template cannot be used, or undefined when it can. */
function unusable(
  fields: readonly TemplateField[],
  flavour: TemplateFlavour,
  overlay: TemplateOverlay,
): string | undefined {
  if (fields.length > overlay.limits.maxFieldsPerTemplate) {
    return `${fields.length} fields, more than the ${overlay.limits.maxFieldsPerTemplate} iotwarden accepts`;
  }
  for (const field of fields) {
    if (field.length === 0) return `field ${field.id} has length 0`;
    if (field.length === VARIABLE_LENGTH && flavour === 'v9')
      return `field ${field.id} has length 65535 (v9 has no variable-length fields)`;
  }
  return undefined;
}

function install(
  id: number,
  fields: TemplateField[],
  options: boolean,
  flavour: TemplateFlavour,
  overlay: TemplateOverlay,
  problems: FlowProblem[],
): void {
  const reason = unusable(fields, flavour, overlay);
  if (reason) {
    problems.push({ code: FLOW_ERROR_CODES.template, message: `template ${id} refused: ${reason}` });
    return;
  }
  if (!overlay.hasRoomFor(id)) {
    problems.push({
      code: FLOW_ERROR_CODES.limit,
      message: `template ${id} refused: this exporter already has ${overlay.limits.maxTemplatesPerScope} templates`,
    });
    return;
  }
  const template: FlowTemplate = { id, fields, options, minRecordBytes: minRecordBytes(fields) };
  overlay.define(template);
}

/**
 * The records of one template or options-template set. Returns how many template records it held, or the error that
 * refuses the packet.
 */
export function readTemplateSet(
  buffer: Buffer,
  span: SetSpan,
  options: boolean,
  flavour: TemplateFlavour,
  overlay: TemplateOverlay,
  problems: FlowProblem[],
): number | FlowDecodeError {
  const cursor: Cursor = { offset: span.bodyStart, end: span.bodyEnd };
  const content = contentEnd(buffer, span.bodyStart, span.bodyEnd);
  let count = 0;
  while (cursor.end - cursor.offset >= 4 && cursor.offset < content) {
    const id = buffer.readUInt16BE(cursor.offset);
    const read =
      flavour === 'v9' && options
        ? readV9Options(buffer, cursor, span)
        : readRecord(buffer, cursor, span, options, flavour);
    if (read instanceof FlowDecodeError) return read;
    count += 1;
    if (read === 'withdraw') {
      // RFC 7011 §8.1: a withdrawal naming the set's own id withdraws every template of that kind.
      overlay.withdraw(id === span.id ? 'all' : id);
      continue;
    }
    if (id < 256) {
      problems.push({
        code: FLOW_ERROR_CODES.template,
        message: `template id ${id} is reserved (data templates start at 256)`,
      });
      continue;
    }
    install(id, read, options, flavour, overlay, problems);
  }
  return count;
}

/** One v9 template or IPFIX (options) template record; 'withdraw' for an IPFIX withdrawal (field count 0). */
function readRecord(
  buffer: Buffer,
  cursor: Cursor,
  span: SetSpan,
  options: boolean,
  flavour: TemplateFlavour,
): TemplateField[] | 'withdraw' | FlowDecodeError {
  const count = buffer.readUInt16BE(cursor.offset + 2);
  cursor.offset += 4;
  if (count === 0) {
    if (flavour === 'ipfix') return 'withdraw';
    return new FlowDecodeError(FLOW_ERROR_CODES.template, `template set ${span.id}: a v9 template with no fields`);
  }
  let scopeCount = 0;
  if (options) {
    if (cursor.offset + 2 > cursor.end) return truncated(span, 'options template header');
    scopeCount = buffer.readUInt16BE(cursor.offset);
    cursor.offset += 2;
    if (scopeCount === 0 || scopeCount > count) {
      return new FlowDecodeError(
        FLOW_ERROR_CODES.template,
        `options template in set ${span.id}: ${scopeCount} scope fields of ${count}`,
      );
    }
  }
  const fields = readFields(buffer, cursor, count, flavour, span);
  if (fields instanceof FlowDecodeError) return fields;
  return fields.map((field, index) => (index < scopeCount ? { ...field, scope: true as const } : field));
}

/** RFC 3954 §6.1: template id, scope length and option length in bytes, then the scope and option fields. */
function readV9Options(buffer: Buffer, cursor: Cursor, span: SetSpan): TemplateField[] | FlowDecodeError {
  if (cursor.offset + 6 > cursor.end) return truncated(span, 'options template header');
  const scopeBytes = buffer.readUInt16BE(cursor.offset + 2);
  const optionBytes = buffer.readUInt16BE(cursor.offset + 4);
  cursor.offset += 6;
  if (scopeBytes % 4 !== 0 || optionBytes % 4 !== 0 || scopeBytes + optionBytes === 0) {
    return new FlowDecodeError(
      FLOW_ERROR_CODES.template,
      `options template in set ${span.id}: scope length ${scopeBytes} and option length ${optionBytes} must be non-zero multiples of 4`,
    );
  }
  const scope = readFields(buffer, cursor, scopeBytes / 4, 'v9', span);
  if (scope instanceof FlowDecodeError) return scope;
  const rest = readFields(buffer, cursor, optionBytes / 4, 'v9', span);
  if (rest instanceof FlowDecodeError) return rest;
  // The record is padded to 4 bytes (RFC 3954 §6.1 "Padding"); skip it so a following record lines up.
  cursor.offset = Math.min(cursor.end, cursor.offset + ((4 - ((cursor.offset - span.bodyStart) % 4)) % 4));
  return [...scope.map((field) => ({ ...field, scope: true as const })), ...rest];
}

/**
 * NetFlow v9 (RFC 3954): a 20-byte header, then flowsets: 0 = templates, 1 = options templates, ≥ 256 = data.
 *   header: version(2)=9 count(2) sysUptime(4) unix_secs(4) sequence(4) source_id(4)
 * Record times (FIRST_SWITCHED/LAST_SWITCHED) are sysUptime values, so a flow started at
 * unix_secs·1000 − sysUptime + FIRST_SWITCHED. Templates are scoped by exporter and Source ID (RFC 3954 §5.1).
 */
import type { DecodeContext, DecodeOutcome } from './decode-types.ts';
import { FLOW_ERROR_CODES, FlowDecodeError } from './flow-errors.ts';
import { decodeMessage } from './message.ts';

const HEADER_BYTES = 20;

export function decodeNetflowV9(buffer: Buffer, context: DecodeContext): DecodeOutcome {
  if (buffer.length < HEADER_BYTES) {
    return {
      ok: false,
      error: new FlowDecodeError(
        FLOW_ERROR_CODES.truncated,
        `NetFlow v9 from ${context.exporter}: ${buffer.length} bytes, the header alone is 20`,
      ),
    };
  }
  const uptimeMs = buffer.readUInt32BE(4);
  const exportMs = buffer.readUInt32BE(8) * 1000;
  const sourceId = buffer.readUInt32BE(16);
  return decodeMessage(
    buffer,
    {
      flavour: 'v9',
      version: 9,
      scope: `v9|${context.exporter}|${sourceId}`,
      templateSetId: 0,
      optionsSetId: 1,
      setsStart: HEADER_BYTES,
      setsEnd: buffer.length,
      label: `NetFlow v9 from ${context.exporter} (source id ${sourceId})`,
      timeBase: () => ({ bootMs: exportMs - uptimeMs, exportMs, receivedMs: context.receivedMs }),
    },
    context,
  );
}

/**
 * IPFIX (RFC 7011): a 16-byte message header, then sets: 2 = templates, 3 = options templates, ≥ 256 = data.
 *   header: version(2)=10 length(2) export_time(4) sequence(4) observation_domain_id(4)
 * `length` covers the whole message. Fields may be variable-length and carry enterprise numbers. Uptime-relative
 * times (flowStart/EndSysUpTime, as softflowd sends them) count from systemInitTimeMilliseconds, which the exporter
 * sends as options data (RFC 7011 §4 and IE 160); without it the flow's end is taken to be the export time.
 */
import type { DecodeContext, DecodeOutcome } from './decode-types.ts';
import { FLOW_ERROR_CODES, FlowDecodeError } from './flow-errors.ts';
import { decodeMessage } from './message.ts';

const HEADER_BYTES = 16;

export function decodeIpfix(buffer: Buffer, context: DecodeContext): DecodeOutcome {
  const label = `IPFIX from ${context.exporter}`;
  if (buffer.length < HEADER_BYTES) {
    return refuse(FLOW_ERROR_CODES.truncated, `${label}: ${buffer.length} bytes, the header alone is 16`);
  }
  const length = buffer.readUInt16BE(2);
  if (length < HEADER_BYTES)
    return refuse(FLOW_ERROR_CODES.malformed, `${label}: message length ${length} is shorter than its header`);
  if (length > buffer.length) {
    return refuse(
      FLOW_ERROR_CODES.truncated,
      `${label}: message length ${length}, but the datagram has ${buffer.length} bytes`,
    );
  }
  const exportMs = buffer.readUInt32BE(4) * 1000;
  const domain = buffer.readUInt32BE(12);
  return decodeMessage(
    buffer,
    {
      flavour: 'ipfix',
      version: 10,
      scope: `ipfix|${context.exporter}|${domain}`,
      templateSetId: 2,
      optionsSetId: 3,
      setsStart: HEADER_BYTES,
      setsEnd: length,
      label: `${label} (observation domain ${domain})`,
      timeBase: (systemInitMs) => ({ bootMs: systemInitMs, exportMs, receivedMs: context.receivedMs }),
    },
    context,
  );
}

function refuse(code: (typeof FLOW_ERROR_CODES)[keyof typeof FLOW_ERROR_CODES], message: string): DecodeOutcome {
  return { ok: false, error: new FlowDecodeError(code, message) };
}

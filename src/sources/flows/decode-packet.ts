import type { DecodeContext, DecodeOutcome } from './decode-types.ts';
import { FLOW_ERROR_CODES, FlowDecodeError } from './flow-errors.ts';
import { decodeIpfix } from './ipfix.ts';
import { decodeNetflowV5 } from './netflow-v5.ts';
import { decodeNetflowV9 } from './netflow-v9.ts';

/**
 * Decodes one datagram of NetFlow v5, v9 or IPFIX, chosen by its first two bytes (the version field all three put
 * first). Total: any bytes give a DecodeOutcome, never an exception; a refused packet leaves the templates as they were.
 */
export function decodeFlowPacket(buffer: Buffer, context: DecodeContext): DecodeOutcome {
  try {
    if (buffer.length < 2) {
      return refuse(FLOW_ERROR_CODES.truncated, `flow packet from ${context.exporter}: ${buffer.length} byte(s)`);
    }
    const version = buffer.readUInt16BE(0);
    if (version === 5) return decodeNetflowV5(buffer, context);
    if (version === 9) return decodeNetflowV9(buffer, context);
    if (version === 10) return decodeIpfix(buffer, context);
    return refuse(
      FLOW_ERROR_CODES.version,
      `flow packet from ${context.exporter}: version ${version}; iotwarden reads NetFlow v5, v9 and IPFIX (10)`,
    );
  } catch (error) {
    // Every read above is bounds-checked; this is the last guard that keeps decoding total if one is not.
    return {
      ok: false,
      error: new FlowDecodeError(
        FLOW_ERROR_CODES.malformed,
        `flow packet from ${context.exporter}: ${error instanceof Error ? error.message : String(error)}`,
        error,
      ),
    };
  }
}

function refuse(code: (typeof FLOW_ERROR_CODES)[keyof typeof FLOW_ERROR_CODES], message: string): DecodeOutcome {
  return { ok: false, error: new FlowDecodeError(code, message) };
}

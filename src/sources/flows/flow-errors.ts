import { IotwardenError } from '../../errors/index.ts';

/**
 * Stable codes of everything a flow packet or a conntrack file can get wrong. Scripts, the collector's statistics
 * and tests match on these, never on the messages.
 */
export const FLOW_ERROR_CODES = {
  /** The first two bytes name no NetFlow version iotwarden reads (5, 9, 10 = IPFIX). */
  version: 'ERR_FLOW_VERSION',
  /** The packet ends inside a header, a set, a template or a record. */
  truncated: 'ERR_FLOW_TRUNCATED',
  /** Lengths or counts that contradict each other (a set longer than its message, a zero-length set). */
  malformed: 'ERR_FLOW_MALFORMED',
  /** A template iotwarden refuses: no fields, a zero-length field, more fields than the limit. */
  template: 'ERR_FLOW_TEMPLATE',
  /** A data set whose template was never received from this exporter and domain (or was withdrawn). */
  unknownTemplate: 'ERR_FLOW_UNKNOWN_TEMPLATE',
  /** A bound was reached: records per packet, templates per exporter, exporters tracked. */
  limit: 'ERR_FLOW_LIMIT',
  /** A conntrack line that cannot be read (no `src=`/`dst=` tuple, a malformed address or port). */
  conntrackLine: 'ERR_CONNTRACK_LINE',
  /** A conntrack file or command output in which no line at all could be read. */
  conntrackFormat: 'ERR_CONNTRACK_FORMAT',
  /** The conntrack file or command could not be read (missing, permission, the command failed or timed out). */
  conntrackSource: 'ERR_CONNTRACK_SOURCE',
} as const;
export type FlowErrorCode = (typeof FLOW_ERROR_CODES)[keyof typeof FLOW_ERROR_CODES];

/** A flow packet, template or conntrack input that iotwarden could not use. Never escapes a decoder: it is returned. */
export class FlowDecodeError extends IotwardenError {
  constructor(code: FlowErrorCode, message: string, cause?: unknown) {
    super(code, message, { cause });
  }
}

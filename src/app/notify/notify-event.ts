/**
 * What the owner can be told about. Every event has a stable key built from the fact it reports (a device id and a
 * check id, an audit entry id, a domain): the same fact seen twice gives the same key, and a key is delivered once.
 */
import type { Severity } from '../../checks/finding.ts';

export const NOTIFY_KINDS = [
  'device-new',
  'finding-new',
  'firmware-decision',
  'rollout-halted',
  'update-installed',
  'phone-home',
  'device-gone',
  /** Sent on request from Settings to try a target; never derived from the home. */
  'test',
] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];

export interface NotifyEvent {
  key: string;
  kind: NotifyKind;
  severity: Severity;
  timeMs: number;
  /** One line; may quote device names (untrusted: each channel escapes it for its format). */
  title: string;
  body: string;
  deviceId: string | null;
  data?: unknown;
}

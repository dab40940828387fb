import type { Evidence } from '../families/facts.ts';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One weakness found on one host, as stored, printed and returned in --json. */
export interface Finding {
  checkId: string;
  severity: Severity;
  title: string;
  /** What this finding is about when a host has several (a port, a service, a setting). */
  subject?: string;
  /** Plain-language sentence specific to this device ("Anyone on your Wi-Fi can switch this plug…"). */
  detail: string;
  evidence: Evidence[];
  remediation: string[];
  /** e.g. `ETSI EN 303 645 5.1-1`, `OWASP IoT 2018 I1`, `NISTIR 8259A Device Identification` */
  references: string[];
}

/** A check that could not run on a host, and why (so it never passes silently). */
export interface SkippedCheck {
  checkId: string;
  reason: string;
}

/**
 * The check contract. A check is a pure function from one host's facts to findings: it never touches the network,
 * because adapters and service identifiers already gathered the facts with their evidence. Each check carries its
 * own catalogue entry (title, severity, why, the standards it maps to), so the catalogue is data and new checks
 * (the later `privacy.*` ones) plug in by being listed, with no change elsewhere.
 */
import type { Evidence, HostFacts } from '../families/facts.ts';
import type { Finding, Severity, SkippedCheck } from './finding.ts';

/** OWASP IoT Top 10 (2018) categories. */
export const OWASP_IOT_2018 = {
  I1: 'Weak, Guessable, or Hardcoded Passwords',
  I2: 'Insecure Network Services',
  I3: 'Insecure Ecosystem Interfaces',
  I4: 'Lack of Secure Update Mechanism',
  I5: 'Use of Insecure or Outdated Components',
  I6: 'Insufficient Privacy Protection',
  I7: 'Insecure Data Transfer and Storage',
  I8: 'Lack of Device Management',
  I9: 'Insecure Default Settings',
  I10: 'Lack of Physical Hardening',
} as const;
export type OwaspIotId = keyof typeof OWASP_IOT_2018;

/** The six device cybersecurity capabilities of the NISTIR 8259A core baseline. */
export const NISTIR_8259A = [
  'Device Identification',
  'Device Configuration',
  'Data Protection',
  'Logical Access to Interfaces',
  'Software Update',
  'Cybersecurity State Awareness',
] as const;
export type Nistir8259aCapability = (typeof NISTIR_8259A)[number];

/**
 * Where a check comes from in the standards. `etsi` holds ETSI EN 303 645 V2.1.1 provision numbers: `5.1-1`
 * (a provision) or `5.3` / `6` (a whole clause).
 */
export interface CheckReferences {
  etsi: readonly string[];
  owasp: readonly OwaspIotId[];
  nist: readonly Nistir8259aCapability[];
}

/** What running one check on one host produced. A check that could not decide says so in `skipped`. */
export interface CheckResult {
  findings: Finding[];
  skipped?: SkippedCheck[];
}

/** What a check may know beyond its own host: the other hosts of the same scan (to name a device by address). */
export interface CheckContext {
  hosts: ReadonlyArray<HostFacts>;
}

/** One catalogue entry. */
export interface CheckDefinition {
  /** Stable id: stored, printed, used in --json and in `iotwarden fix`. Never reuse or rename. */
  readonly id: string;
  readonly title: string;
  /** Default severity; a check may raise or lower it for one host and says why in the finding. */
  readonly severity: Severity;
  /** One line: why this severity. */
  readonly severityRationale: string;
  readonly references: CheckReferences;
  /** Plain-language explanation for someone who is not a security person. */
  readonly explanation: string;
  /** Verb phrase for the "do this first" list: `Set a password on` → "Set a password on 3 Shellys: …". */
  readonly action: string;
  run(host: HostFacts, context?: CheckContext): CheckResult;
}

/** `ETSI EN 303 645 5.1-1`, `OWASP IoT 2018 I1 Weak, …`, `NISTIR 8259A Logical Access to Interfaces`. */
export function formatReferences(references: CheckReferences): string[] {
  return [
    ...references.etsi.map((provision) => `ETSI EN 303 645 ${provision}`),
    ...references.owasp.map((id) => `OWASP IoT 2018 ${id} ${OWASP_IOT_2018[id]}`),
    ...references.nist.map((capability) => `NISTIR 8259A ${capability}`),
  ];
}

/** The parts of a finding that differ per host; the rest comes from the definition. */
export interface FindingParts {
  detail: string;
  remediation: string[];
  evidence?: ReadonlyArray<Evidence | undefined>;
  subject?: string;
  severity?: Severity;
  title?: string;
  /** Extra references for this finding only (a CVE id, an advisory URL). */
  extraReferences?: string[];
}

/** Builds a finding of `check`, trimming evidence so a report never carries whole device bodies. */
export function makeFinding(check: CheckDefinition, parts: FindingParts): Finding {
  const finding: Finding = {
    checkId: check.id,
    severity: parts.severity ?? check.severity,
    title: parts.title ?? check.title,
    detail: parts.detail,
    evidence: (parts.evidence ?? []).filter((item): item is Evidence => item !== undefined).map(trimEvidence),
    remediation: parts.remediation,
    references: [...formatReferences(check.references), ...(parts.extraReferences ?? [])],
  };
  if (parts.subject !== undefined) finding.subject = parts.subject;
  return finding;
}

/** A result with no findings and one skip. */
export function skip(check: CheckDefinition, reason: string): CheckResult {
  return { findings: [], skipped: [{ checkId: check.id, reason }] };
}

/** Nothing to report: the check ran and passed, or does not apply to this host. */
export function pass(): CheckResult {
  return { findings: [] };
}

const EVIDENCE_MAX_CHARS = 300;

/** Adapters already redact and trim; this is the last guard so a report never embeds a whole page. */
export function trimEvidence(evidence: Evidence): Evidence {
  return { sent: clip(evidence.sent), received: clip(evidence.received) };
}

function clip(text: string): string {
  return text.length <= EVIDENCE_MAX_CHARS ? text : `${text.slice(0, EVIDENCE_MAX_CHARS)}… (${text.length} chars)`;
}

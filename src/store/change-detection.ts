import type { Severity } from '../checks/finding.ts';
import type { ScanChange } from './types.ts';

/** An open port as believed: `seenSpec` is the port spec of the scan that last saw it open. */
export interface BelievedService {
  transport: 'tcp' | 'udp';
  port: number;
  name: string;
  seenSpec: string;
}

export interface FindingRef {
  checkId: string;
  subject?: string | undefined;
  severity: Severity;
  title: string;
}

/** What an observation leaves unverified, to be believed until a later scan can check it (stored per observation). */
export interface CarriedBeliefs {
  firmware?: string | undefined;
  services: BelievedService[];
  findings: FindingRef[];
}

/** The parts of one observation that changes are computed from. */
export interface ChangeSnapshot {
  address: string;
  firmware: string | undefined;
  services: readonly BelievedService[];
  findings: readonly FindingRef[];
  /** Checks that could not run this time: their old findings are not "resolved", just unknown. */
  skippedCheckIds: ReadonlySet<string>;
}

export interface CompareOptions {
  /** False for cancelled or failed scans: absence proves nothing, so nothing is reported closed or resolved. */
  reportAbsence: boolean;
  /** Did the new scan probe this port, which a scan with `seenSpec` saw open? Only then is its absence "closed". */
  portCovered(transport: 'tcp' | 'udp', port: number, seenSpec: string): boolean;
}

const serviceKey = (s: { transport: string; port: number }): string => `${s.transport}/${s.port}`;
const findingKey = (f: { checkId: string; subject?: string | undefined }): string =>
  `${f.checkId}\u0000${f.subject ?? ''}`;

/**
 * What changed on one device between its baseline and this observation, and what the new observation could not
 * re-verify (a port outside the new port spec, a finding whose check was skipped, a firmware version it could not
 * read). Those stay believed, so a narrower scan followed by a normal one does not report them closed and reopened.
 */
export function compareSnapshots(
  deviceId: string,
  before: ChangeSnapshot,
  after: ChangeSnapshot,
  options: CompareOptions,
): { changes: ScanChange[]; carried: CarriedBeliefs } {
  const base = { deviceId, address: after.address };
  const changes: ScanChange[] = [];
  const carried: CarriedBeliefs = { services: [], findings: [] };
  if (before.address !== after.address) changes.push({ ...base, kind: 'address-changed', from: before.address });
  if (after.firmware === undefined) carried.firmware = before.firmware;
  else if (before.firmware !== undefined && before.firmware !== after.firmware) {
    changes.push({ ...base, kind: 'firmware-changed', from: before.firmware, to: after.firmware });
  }

  const oldServices = new Map(before.services.map((s) => [serviceKey(s), s]));
  const newServices = new Set(after.services.map(serviceKey));
  for (const s of after.services) {
    if (!oldServices.has(serviceKey(s))) {
      changes.push({ ...base, kind: 'port-opened', transport: s.transport, port: s.port, service: s.name });
    }
  }
  for (const [key, s] of oldServices) {
    if (newServices.has(key)) continue;
    if (options.reportAbsence && options.portCovered(s.transport, s.port, s.seenSpec)) {
      changes.push({ ...base, kind: 'port-closed', transport: s.transport, port: s.port, service: s.name });
    } else carried.services.push(s);
  }

  const oldFindings = new Map(before.findings.map((f) => [findingKey(f), f]));
  const newFindings = new Set(after.findings.map(findingKey));
  const findingChange = (kind: 'finding-gained' | 'finding-resolved', f: FindingRef) => {
    const ref = { checkId: f.checkId, severity: f.severity, title: f.title };
    changes.push({ ...base, ...ref, ...(f.subject === undefined ? {} : { subject: f.subject }), kind });
  };
  for (const f of after.findings) if (!oldFindings.has(findingKey(f))) findingChange('finding-gained', f);
  for (const [key, f] of oldFindings) {
    if (newFindings.has(key)) continue;
    if (options.reportAbsence && !after.skippedCheckIds.has(f.checkId)) findingChange('finding-resolved', f);
    else carried.findings.push(f);
  }
  return { changes, carried };
}

import { runChecks } from '../../checks/catalogue.ts';
import type { Finding, Severity } from '../../checks/finding.ts';
import type { HostFacts, ProtocolTag } from '../../families/facts.ts';
import { protocolInfo } from '../../families/index.ts';

/**
 * What an update changed in a device's security posture: ports opened or closed, local protocols gained or lost,
 * and findings gained or resolved, found by running the check catalogue on the facts before and after.
 */

export interface FindingRef {
  checkId: string;
  severity: Severity;
  title: string;
  subject?: string;
}

export interface PostureDelta {
  versionBefore: string | undefined;
  versionAfter: string | undefined;
  portsOpened: number[];
  portsClosed: number[];
  protocolsGained: ProtocolTag[];
  protocolsLost: ProtocolTag[];
  findingsGained: FindingRef[];
  findingsResolved: FindingRef[];
}

/** The plain name of a protocol tag, for sentences. */
export function protocolLabel(tag: ProtocolTag): string {
  return protocolInfo(tag)?.label ?? tag;
}

function openTcp(host: HostFacts): Set<number> {
  return new Set(host.services.filter((s) => s.transport === 'tcp').map((s) => s.port));
}

function refOf(finding: Finding): FindingRef {
  return {
    checkId: finding.checkId,
    severity: finding.severity,
    title: finding.title,
    ...(finding.subject ? { subject: finding.subject } : {}),
  };
}

const keyOf = (f: FindingRef): string => `${f.checkId}|${f.subject ?? ''}`;
const ascending = (a: number, b: number): number => a - b;

/** Compares the facts before and after an update; the findings come from the check catalogue on each. */
export function postureDelta(before: HostFacts, after: HostFacts): PostureDelta {
  const portsBefore = openTcp(before);
  const portsAfter = openTcp(after);
  const protocolsBefore = new Set(before.device?.protocols ?? []);
  const protocolsAfter = new Set(after.device?.protocols ?? []);
  const findingsBefore = runChecks(before).findings.map(refOf);
  const findingsAfter = runChecks(after).findings.map(refOf);
  const beforeKeys = new Set(findingsBefore.map(keyOf));
  const afterKeys = new Set(findingsAfter.map(keyOf));
  return {
    versionBefore: before.device?.firmware.installed,
    versionAfter: after.device?.firmware.installed,
    portsOpened: [...portsAfter].filter((p) => !portsBefore.has(p)).sort(ascending),
    portsClosed: [...portsBefore].filter((p) => !portsAfter.has(p)).sort(ascending),
    protocolsGained: [...protocolsAfter].filter((p) => !protocolsBefore.has(p)),
    protocolsLost: [...protocolsBefore].filter((p) => !protocolsAfter.has(p)),
    findingsGained: findingsAfter.filter((f) => !beforeKeys.has(keyOf(f))),
    findingsResolved: findingsBefore.filter((f) => !afterKeys.has(keyOf(f))),
  };
}

/**
 * The network side of a delta in a few words: "port 9999 closed, KLAP on port 80 now answers". Closed ports come
 * first (they are what breaks integrations), then protocols that appeared, then other opened ports.
 */
export function describeNetworkChange(delta: PostureDelta): string {
  const parts: string[] = delta.portsClosed.map((port) => `port ${port} closed`);
  const explained = new Set<number>();
  for (const tag of delta.protocolsGained) {
    const known = protocolInfo(tag);
    if (!known) continue;
    explained.add(known.port);
    parts.push(`${known.label} on port ${known.port} now answers`);
  }
  for (const tag of delta.protocolsLost) {
    const known = protocolInfo(tag);
    if (known && !delta.portsClosed.includes(known.port)) {
      parts.push(`${known.label} no longer answers on port ${known.port}`);
    }
  }
  for (const port of delta.portsOpened) if (!explained.has(port)) parts.push(`port ${port} opened`);
  return parts.join(', ');
}

/** Findings gained and resolved as short sentences, worst first. */
export function describeFindingChange(delta: PostureDelta): string[] {
  const lines = delta.findingsGained.map((f) => `new finding: ${f.title} (${f.severity})`);
  lines.push(...delta.findingsResolved.map((f) => `resolved: ${f.title}`));
  return lines;
}

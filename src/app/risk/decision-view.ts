/**
 * How a stored decision stands today: an acceptance expires on its date and comes back for review; a mitigation
 * is done when every finding it was about has cleared; replace and remove stay until the owner decides again.
 */
import type { Finding } from '../../checks/finding.ts';
import type { StoredRiskDecision } from '../../store/index.ts';
import { dateStartMs } from '../firmware/policy-window.ts';
import type { DecisionKind } from './types.ts';

export interface DecisionView {
  id: number;
  kind: DecisionKind;
  reason: string;
  until: string | null;
  action: string | null;
  createdMs: number;
  /** `expired`: an acceptance past its date (see `risk review`); `done`: a mitigation whose findings cleared. */
  status: 'active' | 'expired' | 'pending' | 'done';
  /** The concrete steps or commands the decision is linked to. */
  links: string[];
}

export const findingKey = (finding: Finding): string =>
  finding.subject ? `${finding.checkId}:${finding.subject}` : finding.checkId;

/** The command or step that carries out a mitigation, per action. `address` names the device (never its name). */
export function mitigationLinks(
  action: string | null,
  keys: readonly string[],
  findings: readonly Finding[],
  address: string,
): string[] {
  const linked = findings.filter((finding) => keys.includes(findingKey(finding)));
  switch (action) {
    case 'firmware':
      return [`iotwarden firmware plan, then iotwarden firmware apply --now (device ${address})`];
    case 'fix':
      return linked.map((finding) => `${finding.title}: ${finding.remediation[0] ?? 'see iotwarden device'}`);
    case 'confine':
      return [`confine ${address} with a zero-trust policy: allow only the peers and cloud it needs (tracked)`];
    case 'move':
      return [`move ${address} to a separate IoT network (guest Wi-Fi or VLAN) (tracked)`];
    default:
      return [];
  }
}

/** The decision as the register shows it now. */
export function decisionView(
  decision: StoredRiskDecision,
  findings: readonly Finding[],
  address: string,
  now: { nowMs: number; timeZone: string },
): DecisionView {
  const present = new Set(findings.map(findingKey));
  let status: DecisionView['status'] = 'active';
  if (decision.decision === 'accept' && decision.until && dateStartMs(decision.until, now.timeZone) <= now.nowMs) {
    status = 'expired';
  } else if (decision.decision === 'mitigate') {
    status = decision.findingKeys.some((key) => present.has(key)) ? 'pending' : 'done';
  }
  return {
    id: decision.id,
    kind: decision.decision,
    reason: decision.reason,
    until: decision.until,
    action: decision.action,
    createdMs: decision.createdMs,
    status,
    links:
      decision.decision === 'mitigate' ? mitigationLinks(decision.action, decision.findingKeys, findings, address) : [],
  };
}

/**
 * `network.identity-conflict`: two hosts present one device's identity (issue 8, "a cloned MAC takes over a device").
 * The scan decides the conflicts over all its hosts (store/identity-merge.ts) and puts them on both sides' facts;
 * this check only words them.
 */
import type { HostFacts, IdentityConflictFacts } from '../families/facts.ts';
import { type CheckDefinition, type CheckResult, makeFinding } from './check.ts';
import { deviceLabel } from './host-view.ts';

function claimedLabel(conflict: IdentityConflictFacts): string {
  const { claimed } = conflict;
  return `${claimed.name ?? claimed.deviceId} (${claimed.deviceId}, last seen at ${claimed.address})`;
}

function newcomerDetail(host: HostFacts, conflict: IdentityConflictFacts): string {
  return (
    `${host.address} presents the identity of ${claimedLabel(conflict)}: ${conflict.reason}. ` +
    `iotwarden kept that device's record where it was, records ${host.address} as a separate device and sent it ` +
    'none of your credentials.'
  );
}

function originalDetail(host: HostFacts, conflict: IdentityConflictFacts): string {
  const other = conflict.otherAddress ?? 'another address';
  return (
    `${other} presents the identity of ${deviceLabel(host)} while it still answers here at ${host.address}: ` +
    `${conflict.reason}. iotwarden kept the record here and sent ${other} none of your credentials.`
  );
}

function remediation(host: HostFacts, conflict: IdentityConflictFacts): string[] {
  const newcomer = conflict.role === 'newcomer' ? host.address : (conflict.otherAddress ?? 'the other address');
  const name = conflict.claimed.name ?? conflict.claimed.deviceId;
  return [
    `Find out what answers at ${newcomer}: your router's client list names the device behind each address. If you do not know it, take it off your network (block its MAC on the router).`,
    `If ${name} really moved to ${newcomer}, scan again once it is gone from ${conflict.claimed.address}: when the old address stops answering and the ids match, the record follows the device.`,
    'Use a different password per device: a device that learns one password then knows none of the others.',
  ];
}

export const identityConflictCheck: CheckDefinition = {
  id: 'network.identity-conflict',
  title: 'Another host claims this device’s identity',
  severity: 'high',
  severityRationale:
    'A host that copies a device’s MAC or device id is set up to receive its owner’s passwords and commands.',
  references: {
    etsi: ['5.5-1', '5.5-7'],
    owasp: ['I7', 'I8'],
    nist: ['Device Identification', 'Cybersecurity State Awareness'],
  },
  explanation:
    'Two addresses on your network present the same device’s identity (its MAC address, its device id or its certificate). A device does not do that by itself: one of them is copying the other, usually to receive the passwords and commands meant for the real device. iotwarden does not merge them and sends neither your credentials until you have looked.',
  action: 'Check who copies the identity of',
  run(host: HostFacts): CheckResult {
    const findings = (host.identityConflicts ?? []).map((conflict) =>
      makeFinding(identityConflictCheck, {
        subject:
          conflict.role === 'newcomer'
            ? `claims ${conflict.claimed.name ?? conflict.claimed.deviceId}`
            : `claimed by ${conflict.otherAddress ?? 'another host'}`,
        detail: conflict.role === 'newcomer' ? newcomerDetail(host, conflict) : originalDetail(host, conflict),
        evidence: conflict.evidence,
        remediation: remediation(host, conflict),
      }),
    );
    return { findings };
  },
};

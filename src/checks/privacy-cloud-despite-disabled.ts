/** `privacy.cloud-despite-disabled`: the cloud switch says off, the DNS log says the device still calls its cloud. */
import type { HostFacts } from '../families/facts.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass } from './check.ts';
import { adviceFor, deviceLabel, listNames } from './host-view.ts';
import { type DomainActivity, dnsOf } from './privacy-facts.ts';
import { blockStep, peerDiffStep } from './privacy-steps.ts';

export const cloudDespiteDisabledCheck: CheckDefinition = {
  id: 'privacy.cloud-despite-disabled',
  title: "Device contacts its vendor's cloud although its cloud is off",
  severity: 'medium',
  severityRationale:
    'The owner withdrew consent by switching the cloud off; data flowing anyway breaks that choice, though it does not open the device to attack by itself.',
  references: {
    etsi: ['5.8', '6-3', '6-4'],
    owasp: ['I6', 'I3'],
    nist: ['Data Protection', 'Device Configuration'],
  },
  explanation:
    "You switched the vendor cloud off on this device, but it still looks up its maker's cloud servers. Either another feature uses the cloud (updates, time, a second connection), or the switch does not do what it says.",
  action: 'Stop the cloud traffic of',
  run(host: HostFacts): CheckResult {
    const dns = dnsOf(host);
    const cloud = host.device?.cloud;
    if (!dns || !cloud || cloud.enabled) return pass();
    const vendorDomains = dns.domains.filter((d) => dns.cloud.vendorCloudDomains.includes(d.domain));
    if (vendorDomains.length === 0) return pass();
    const queries = vendorDomains.reduce((sum, d) => sum + d.queries, 0);
    const blocked = vendorDomains.reduce((sum, d) => sum + d.blocked, 0);
    const names = vendorDomains.map((d) => d.domain);
    return {
      findings: [
        makeFinding(cloudDespiteDisabledCheck, {
          detail: `${deviceLabel(host)} has its ${host.device?.vendor} cloud switched off, yet asked for ${listNames(names)} ${queries} times${blocked > 0 ? ` (${blocked} blocked by the sinkhole)` : ''}.`,
          evidence: [cloud.evidence, ...vendorDomains.slice(0, 2).map(queryEvidence)],
          remediation: steps(host, names),
        }),
      ],
    };
  },
};

function queryEvidence(domain: DomainActivity): { sent: string; received: string } {
  return {
    sent: `DNS log: queries for ${domain.domain}`,
    received: `${domain.queries} queries (${domain.blocked} blocked), first ${new Date(domain.firstSeenMs).toISOString()}, last ${new Date(domain.lastSeenMs).toISOString()}; ${domain.classification.source.label}`,
  };
}

function steps(host: HostFacts, names: string[]): string[] {
  return adviceFor(host).phoneHome(host, blockStep(names), peerDiffStep(host));
}

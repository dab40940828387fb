/** `privacy.new-destination`: a device began contacting a name it never used before. */
import type { HostFacts } from '../families/facts.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass } from './check.ts';
import { deviceLabel } from './host-view.ts';
import { type DomainActivity, dnsOf } from './privacy-facts.ts';
import { blockStep } from './privacy-steps.ts';

/** One finding per new name, up to this many; a device that changes everything at once needs no 50 findings. */
const MAX_FINDINGS = 10;

export const newDestinationCheck: CheckDefinition = {
  id: 'privacy.new-destination',
  title: 'Device started contacting a new destination',
  severity: 'low',
  severityRationale:
    'Usually a firmware update or a new feature, sometimes a compromise: worth a look, rarely urgent. Info for time servers and CDNs.',
  references: { etsi: ['5.10-1', '6-5'], owasp: ['I6', 'I8'], nist: ['Cybersecurity State Awareness'] },
  explanation:
    'A device you already knew started looking up an internet name it never used before. Firmware updates and new features do this; so does a compromised device reaching for its new master.',
  action: 'Check the new destinations of',
  run(host: HostFacts): CheckResult {
    const dns = dnsOf(host);
    if (!dns) return pass();
    const fresh = dns.domains.filter((d) => d.isNew && d.classification.category !== 'local');
    return {
      findings: fresh.slice(0, MAX_FINDINGS).map((domain) => {
        const category = domain.classification.category;
        return makeFinding(newDestinationCheck, {
          subject: domain.domain,
          severity: category === 'time' || category === 'cdn' ? 'info' : 'low',
          detail: `${deviceLabel(host)} first asked for ${domain.domain} at ${new Date(domain.firstSeenMs).toISOString()}, after ${days(domain.firstSeenMs - dns.windowStartMs)} without it (${category}${domain.classification.vendor ? `, ${domain.classification.vendor}` : ''}; ${domain.queries} queries since).${fresh.length > MAX_FINDINGS ? ` ${fresh.length - MAX_FINDINGS} more new names are not listed separately.` : ''}`,
          evidence: [evidenceOf(domain)],
          remediation: [
            'Check whether the device was updated or reconfigured around that time (iotwarden device shows its firmware history).',
            ...(category === 'unknown' || category === 'tracking' ? [blockStep([domain.domain])] : []),
          ],
        });
      }),
    };
  },
};

function evidenceOf(domain: DomainActivity): { sent: string; received: string } {
  return {
    sent: `DNS log: first query for ${domain.domain}`,
    received: `first ${new Date(domain.firstSeenMs).toISOString()}, ${domain.queries} queries, classified by ${domain.classification.source.label}`,
  };
}

function days(ms: number): string {
  const d = ms / 86_400_000;
  return d >= 2 ? `${Math.floor(d)} days` : `${Math.round(ms / 3_600_000)} hours`;
}

/** `privacy.phone-home`: a device asks for a vendor or unknown name on a fast timer. */
import type { HostFacts } from '../families/facts.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass } from './check.ts';
import { deviceLabel } from './host-view.ts';
import { type DomainActivity, dnsOf } from './privacy-facts.ts';
import { blockStep, explanationText, peerDiffStep, settingFixStep } from './privacy-steps.ts';

/**
 * Periods up to this count as high-frequency: more than twice a minute is more often than any time sync, update
 * check or cloud keep-alive needs (Kasa plugs re-resolve their cloud host about once a minute; the lab's
 * traffic-profiles.ts models that as normal).
 */
export const PHONE_HOME_MAX_INTERVAL_MS = 30_000;
/** Periods up to this are medium: a query every few seconds all day long is a loop, not a schedule. */
const LOOP_INTERVAL_MS = 10_000;

export const phoneHomeCheck: CheckDefinition = {
  id: 'privacy.phone-home',
  title: 'Device phones home on a fast timer',
  severity: 'low',
  severityRationale:
    'The traffic itself is rarely an attack, but it tells outsiders when the device is online and often means a setting is wrong or a connection keeps failing.',
  references: {
    etsi: ['5.8', '6-4', '6-5'],
    owasp: ['I6'],
    nist: ['Data Protection', 'Cybersecurity State Awareness'],
  },
  explanation:
    'The device looks up the same internet name again and again, like clockwork. Devices do this when they keep reconnecting to a server that does not answer, or when a setting points them somewhere odd. Each lookup tells your DNS provider (and whoever runs that name) that the device is there and awake.',
  action: 'Find the setting behind the constant lookups on',
  run(host: HostFacts): CheckResult {
    const dns = dnsOf(host);
    if (!dns) return pass();
    const chatty = dns.domains.filter(isPhoneHome);
    return {
      findings: chatty.map((domain) => {
        const period = domain.period!;
        const seconds = (period.medianIntervalMs / 1000).toFixed(1);
        const why = dns.explanations[0];
        const fix = why ? settingFixStep(host, why) : undefined;
        return makeFinding(phoneHomeCheck, {
          subject: domain.domain,
          severity: period.medianIntervalMs <= LOOP_INTERVAL_MS ? 'medium' : 'low',
          detail: `${deviceLabel(host)} queries ${domain.domain} every ${seconds} s (${domain.queries} queries, spread ${period.spread}; ${describeTarget(domain)}).${why ? ` Likely cause: ${explanationText(why)}.` : ''}`,
          evidence: [
            {
              sent: `DNS queries from ${dns.clients.join(', ')} for ${domain.domain}`,
              received: `${domain.queries} queries (${domain.blocked} blocked) between ${iso(domain.firstSeenMs)} and ${iso(domain.lastSeenMs)}, median interval ${period.medianIntervalMs} ms over ${period.intervals} intervals`,
            },
          ],
          remediation: [...(fix ? [fix] : []), peerDiffStep(host), blockStep([domain.domain])],
        });
      }),
    };
  },
};

/** A regular period at or below the high-frequency limit, towards a vendor's cloud or a name nobody knows. */
export function isPhoneHome(domain: DomainActivity): boolean {
  const category = domain.classification.category;
  return (
    (category === 'vendor-cloud' || category === 'unknown') &&
    domain.period?.regular === true &&
    domain.period.medianIntervalMs <= PHONE_HOME_MAX_INTERVAL_MS
  );
}

function describeTarget(domain: DomainActivity): string {
  const c = domain.classification;
  return c.category === 'vendor-cloud' ? `the ${c.vendor ?? 'vendor'} cloud` : 'a name iotwarden does not know';
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

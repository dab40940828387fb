/** `privacy.tracker-contact`: a device looks up tracking or advertising names. */
import type { HostFacts } from '../families/facts.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass } from './check.ts';
import { deviceLabel, listNames } from './host-view.ts';
import { type DomainActivity, dnsOf } from './privacy-facts.ts';
import { blockStep } from './privacy-steps.ts';

export const trackerContactCheck: CheckDefinition = {
  id: 'privacy.tracker-contact',
  title: 'Device contacts tracking or advertising services',
  severity: 'medium',
  severityRationale:
    'Viewing and usage data leave the home for profiling; lowered to low when the sinkhole blocked every lookup.',
  references: { etsi: ['6-1', '6-4', '6-5'], owasp: ['I6'], nist: ['Data Protection'] },
  explanation:
    'The device talks to services whose business is tracking people or showing them ads, for example TV content recognition that reports what you watch.',
  action: 'Switch off tracking on',
  run(host: HostFacts): CheckResult {
    const dns = dnsOf(host);
    if (!dns) return pass();
    const trackers = dns.domains.filter((d) => d.classification.category === 'tracking');
    if (trackers.length === 0) return pass();
    const queries = trackers.reduce((sum, d) => sum + d.queries, 0);
    const allowed = queries - trackers.reduce((sum, d) => sum + d.blocked, 0);
    const vendors = [...new Set(trackers.map((d) => d.classification.vendor).filter((v): v is string => !!v))];
    return {
      findings: [
        makeFinding(trackerContactCheck, {
          severity: allowed > 0 ? 'medium' : 'low',
          detail: `${deviceLabel(host)} looked up ${trackers.length} tracking or advertising name${trackers.length === 1 ? '' : 's'} (${listNames(trackers.map((d) => d.domain))}${vendors.length > 0 ? `; ${listNames(vendors)}` : ''}) ${queries} times; ${allowed > 0 ? `${allowed} lookups were answered` : 'the sinkhole blocked every one'}.`,
          evidence: trackers.slice(0, 3).map(evidenceOf),
          remediation: [...settingsHint(trackers), blockStep(trackers.map((d) => d.domain))],
        }),
      ],
    };
  },
};

function evidenceOf(domain: DomainActivity): { sent: string; received: string } {
  const source = domain.classification.source;
  return {
    sent: `DNS log: queries for ${domain.domain}`,
    received: `${domain.queries} queries (${domain.blocked} blocked); classified tracking by ${source.label}${source.reference ? ` (${source.reference})` : ''}`,
  };
}

/** Where the TV makers hide the switch (their own settings menus). */
function settingsHint(trackers: readonly DomainActivity[]): string[] {
  const vendors = new Set(trackers.map((d) => d.classification.vendor));
  const hints: string[] = [];
  if (vendors.has('Samsung'))
    hints.push(
      'Samsung TV: Settings → Support → Terms & Privacy → switch off Viewing Information Services and Interest-Based Ads.',
    );
  if (vendors.has('LG'))
    hints.push(
      'LG TV: Settings → General → About this TV → User Agreements → switch off Viewing Information and Live Plus.',
    );
  if (vendors.has('Vizio')) hints.push('Vizio TV: Settings → Admin & Privacy → switch off Viewing Data.');
  if (vendors.has('Roku')) hints.push('Roku: Settings → Privacy → Advertising → Limit ad tracking.');
  if (vendors.has('Google') || vendors.has('Amazon'))
    hints.push("In the device's account settings, switch off ad personalisation and usage/diagnostics sharing.");
  if (hints.length === 0)
    hints.push(
      "Look in the device's privacy settings for usage data, diagnostics and ad personalisation, and switch them off.",
    );
  return hints;
}

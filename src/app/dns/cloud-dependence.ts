/**
 * Cloud dependence of one device: whether it needs the internet to work (vendor knowledge from
 * src/checks/data/domains.json), what its own cloud switch says (DeviceFacts.cloud) and what the DNS log shows.
 */

import { sameVendor, vendorKnowledge } from '../../checks/domain-data.ts';
import { listNames } from '../../checks/host-view.ts';
import type { CloudDependence, DomainActivity } from '../../checks/privacy-facts.ts';
import type { HostFacts } from '../../families/facts.ts';

/** The vendor names a device goes by: what its adapter says, else the MAC registry's. */
export function vendorsOf(host: HostFacts): string[] {
  return [host.device?.vendor, host.macVendor].filter((v): v is string => !!v && v !== 'Unknown');
}

/** Whether a domain belongs to the cloud of the device's own vendor. */
export function isOwnVendorCloud(domain: DomainActivity, host: HostFacts): boolean {
  const vendor = domain.classification.vendor;
  return (
    domain.classification.category === 'vendor-cloud' && !!vendor && vendorsOf(host).some((v) => sameVendor(vendor, v))
  );
}

export function cloudDependence(host: HostFacts, domains: readonly DomainActivity[]): CloudDependence {
  const knowledge = vendorsOf(host)
    .map((vendor) => vendorKnowledge(vendor))
    .find((entry) => entry !== undefined);
  const own = domains.filter((domain) => isOwnVendorCloud(domain, host));
  const queries = own.reduce((sum, domain) => sum + domain.queries, 0);
  const setting = host.device?.cloud?.enabled;
  const needs = knowledge?.needsInternet ?? 'unknown';
  const parts = [
    needs === 'no'
      ? 'works without the internet'
      : needs === 'setup'
        ? 'needs the internet for setup (then works locally)'
        : needs === 'yes'
          ? 'needs the internet to work'
          : 'internet dependence unknown',
    setting === undefined ? 'cloud setting not read' : `cloud setting ${setting ? 'on' : 'off'}`,
    own.length > 0
      ? `asked for ${listNames(own.map((d) => d.domain))} (${queries} queries)`
      : "no queries to its vendor's cloud seen",
  ];
  const result: CloudDependence = {
    needsInternet: needs,
    cloudSetting: setting,
    vendorCloudDomains: own.map((domain) => domain.domain),
    summary: `${capitalise(parts.join('; '))}.${setting === false && own.length > 0 ? ' It talks to its cloud although the cloud is switched off.' : ''}`,
  };
  if (knowledge) result.needsInternetSource = `${knowledge.note} (${knowledge.source})`;
  return result;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

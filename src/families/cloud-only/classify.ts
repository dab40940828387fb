import { type CloudOnlyProfile, emptyDeviceFacts, type HostFacts } from '../facts.ts';
import { CLOUD_ONLY_PRODUCTS, type CloudOnlyProduct } from './products.ts';

/** What a host showed that can point at a cloud-only product. */
export interface CloudOnlySignals {
  mac?: string;
  /** The IEEE registry's name for the MAC's prefix. */
  macVendor?: string;
  openTcpPorts: readonly number[];
  mdnsTypes: readonly string[];
  /** DNS names the device looked up (from an imported sinkhole log), when there are any. */
  domains: readonly string[];
}

function sameVendor(registry: string, wanted: string): boolean {
  return registry.trim().toLowerCase() === wanted.toLowerCase();
}

/** `api.nanit.com` is under `nanit.com`. */
function under(domain: string, suffix: string): boolean {
  const name = domain.toLowerCase().replace(/\.$/, '');
  return name === suffix || name.endsWith(`.${suffix}`);
}

/** Why a product matches these signals, one line per signal; undefined when it does not. */
function matchReasons(product: CloudOnlyProduct, signals: CloudOnlySignals): string[] | undefined {
  const { match } = product;
  const byMac =
    signals.macVendor !== undefined && match.macVendors.some((vendor) => sameVendor(signals.macVendor!, vendor));
  const ports = match.tcpPorts.filter((port) => signals.openTcpPorts.includes(port));
  const domains = signals.domains.filter((domain) => match.domains.some((suffix) => under(domain, suffix)));
  const support = [
    ...ports.map((port) => `TCP ${port} open`),
    ...[...new Set(domains)].slice(0, 3).map((domain) => `looks up ${domain}`),
  ];
  if (!byMac) return undefined;
  if (!match.exclusive && support.length === 0) return undefined;
  const prefix = signals.mac ? `MAC prefix ${signals.mac.slice(0, 8)}` : 'the MAC prefix';
  return [`${prefix} is registered to ${signals.macVendor}`, ...support];
}

/**
 * The cloud-only product a host is, from its MAC vendor and what else it showed (ports, DNS names), or undefined.
 * Pure: the scan calls it once a host is inspected, the audit again with the DNS names an imported log holds.
 */
export function classifyCloudOnly(signals: CloudOnlySignals): CloudOnlyProfile | undefined {
  for (const product of CLOUD_ONLY_PRODUCTS) {
    const reasons = matchReasons(product, signals);
    if (!reasons) continue;
    return {
      id: product.id,
      vendor: product.vendor,
      product: product.product,
      category: product.category,
      microphone: product.microphone,
      camera: product.camera,
      cloudOnly: true,
      typicalDestinations: [...product.destinations],
      matchedBy: reasons,
      source: product.source,
    };
  }
  return undefined;
}

/** The signals of a scanned host (its MAC vendor, open ports, mDNS types) and the DNS names given. */
export function signalsOf(host: HostFacts, domains: readonly string[] = []): CloudOnlySignals {
  return {
    ...(host.mac ? { mac: host.mac } : {}),
    ...(host.macVendor ? { macVendor: host.macVendor } : {}),
    openTcpPorts: host.services.filter((service) => service.transport === 'tcp').map((service) => service.port),
    mdnsTypes: (host.mdns ?? []).map((service) => service.type),
    domains,
  };
}

/**
 * Marks a host no family identified as the cloud-only product it is: `cloudOnly` for the risk register and outputs,
 * and device facts naming vendor and product with the one limitation that matters, that nothing local can be
 * audited. A host a family identified is left alone (its family knows more).
 */
export function markCloudOnly(host: HostFacts, domains: readonly string[] = []): HostFacts {
  if (host.device && host.device.family !== 'generic') return host;
  if (host.device && !host.cloudOnly) return host;
  const profile = classifyCloudOnly(signalsOf(host, domains));
  if (!profile) return host;
  const device = emptyDeviceFacts('generic', profile.vendor);
  device.model = profile.product;
  device.productName = `${profile.vendor} ${profile.product} (cloud-only)`;
  device.limitations.push(
    `cloud-only ${profile.category}: managed only through ${profile.vendor}'s cloud, nothing local to audit; typically talks to ${profile.typicalDestinations.join(', ')}`,
  );
  return { ...host, device, cloudOnly: profile };
}

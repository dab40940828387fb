import type { HostFacts } from './facts.ts';

/**
 * The name a person knows a device by, from the most to the least deliberate source: the name set on the device
 * itself, a Cast device's friendly name (`fn` TXT record; its host name is a hex id), the DHCP or mDNS host name,
 * then the first mDNS instance name. Untrusted text: outputs escape it.
 */
export function displayName(host: HostFacts): string | undefined {
  return (
    host.device?.name ??
    host.mdns?.find((service) => service.txt.fn)?.txt.fn ??
    host.hostname ??
    host.mdns?.[0]?.instance
  );
}

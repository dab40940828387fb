import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The lab router's DHCP view: a dnsmasq lease file (`<expiry> <mac> <ip> <hostname> <client-id>`, the format OpenWrt
 * keeps in /tmp/dhcp.leases) listing every lab device. `iotwarden scan --dhcp-leases FILE` reads it exactly as it
 * reads a real router's, which is how the demo learns MACs and names of devices that announce neither.
 */
const LEASE_SECONDS = 12 * 3600;

export function dhcpHostname(name: string): string {
  // RFC 952/1123 host names: letters, digits and hyphens; DHCP clients send nothing else in option 12.
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 63) || '*'
  );
}

export function writeLabLeases(
  dir: string,
  pid: number,
  nowMs: number,
  devices: ReadonlyArray<{ name: string; address: string; mac: string }>,
): string {
  const expiry = Math.floor(nowMs / 1000) + LEASE_SECONDS;
  const lines = devices.map((d) => `${expiry} ${d.mac.toLowerCase()} ${d.address} ${dhcpHostname(d.name)} *`);
  const file = join(dir, `lab-${pid}.leases`);
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  return file;
}

/**
 * A device as one of the home's own systems knows it: Pi-hole's network table, AdGuard Home's clients, a DHCP lease,
 * a UniFi client, Home Assistant's device registry, or a DNS client. Sightings feed the inventory (src/store,
 * source-sightings-repository.ts): they merge by MAC first, then the source's stable id, then address, as scans do,
 * and every fact keeps the source it came from. All strings are untrusted (they are the sources' own text).
 */

/** The sources that know devices. */
export const SIGHTING_SOURCES = [
  'pihole-network',
  'adguard-clients',
  'dhcp-leases',
  'unifi',
  'home-assistant',
  'dns-client',
] as const;
export type SightingSource = (typeof SIGHTING_SOURCES)[number];

/** What a source may say about a device besides MAC, address and name. Absent = the source does not say. */
export interface SightingFacts {
  hostname?: string;
  vendor?: string;
  model?: string;
  /** Home Assistant: the room (area) and its floor. */
  area?: string;
  floor?: string;
  /** Home Assistant: the integration domain controlling the device (`tplink`, `shelly`, `hue`, `esphome`). */
  integration?: string;
  /** Home Assistant: the title of that integration's config entry ("Living room plug"). */
  integrationTitle?: string;
  /** Home Assistant: the name the owner gave the device (`name_by_user`). */
  nameByUser?: string;
  /** Home Assistant: the device registry id, for linking back. */
  haDeviceId?: string;
  /** UniFi: the Wi-Fi network (SSID), its security mode, the network name and VLAN, wired or wireless. */
  ssid?: string;
  ssidSecurity?: string;
  network?: string;
  vlan?: number;
  wired?: boolean;
  /** First time the source saw the device (Unix ms), when it says. */
  firstSeenMs?: number;
}

export interface SourceSighting {
  source: SightingSource;
  /** Where the source is (URL or file), so two Pi-holes stay apart. */
  location: string;
  /** The source's own id for the device (HA device id, UniFi client MAC, a lease's MAC or address). */
  key: string;
  /** Upper-case colon form, when the source knows it. */
  mac?: string;
  address?: string;
  name?: string;
  /** When the source last saw it (Unix ms). */
  seenMs: number;
  facts: SightingFacts;
}

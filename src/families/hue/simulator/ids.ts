import { createHash } from 'node:crypto';

/**
 * The identifiers a Hue bridge derives from its Ethernet MAC. The bridge id is the MAC with FFFE in the middle
 * (EUI-64 style); upper case in /api/config and the SSDP `hue-bridgeid` header, lower case in CLIP v2 and mDNS.
 * The UPnP UDN is a fixed prefix with the MAC as its last group (deCONZ wiki, "Bridge Discovery", quoting a
 * BSB002's M-SEARCH answer).
 */
export interface HueIds {
  /** `EC:B5:FA:12:34:56` */
  mac: string;
  /** `ECB5FAFFFE123456` */
  bridgeId: string;
  /** `2f402f80-da50-11e1-9b23-ecb5fa123456` */
  udn: string;
  /** `ecb5fa123456`: the description.xml serialNumber. */
  serial: string;
}

export function hueIdsFromMac(mac: string): HueIds {
  const hex = mac.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
  return {
    mac: hex.toUpperCase().match(/../g)?.join(':') ?? mac,
    bridgeId: `${hex.slice(0, 6)}fffe${hex.slice(6)}`.toUpperCase(),
    udn: `2f402f80-da50-11e1-9b23-${hex}`,
    serial: hex,
  };
}

/** The MAC inside a real bridge id, or undefined for a masked one such as the captures' `aabbccddeeffggh`. */
export function macFromBridgeId(bridgeId: string): string | undefined {
  const match = /^([0-9a-f]{6})fffe([0-9a-f]{6})$/i.exec(bridgeId);
  if (!match) return undefined;
  return `${match[1]}${match[2]}`.toUpperCase().match(/../g)?.join(':');
}

/** A stable UUID for a built-in CLIP v2 resource, unique per bridge. */
export function resourceUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

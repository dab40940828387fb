import { z } from 'zod';

/**
 * The parts of a Sonos `device_description.xml` (UPnP Device Architecture 1.0 root device of type
 * `urn:schemas-upnp-org:device:ZonePlayer:1`) iotwarden reads, as fixtures/sonos/device_description shows them. The
 * XML is untrusted: fields are read with {@link xmlFields} and validated here, all optional but the few that make it
 * a Sonos player.
 */

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character and entity references decoded (XML 1.0 §4.1); an unknown entity is kept as written. */
export function decodeXmlText(text: string): string {
  return text.replace(/&(#x[0-9A-Fa-f]{1,6}|#\d{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return safeCodePoint(Number.parseInt(ref.slice(2), 16)) ?? whole;
    if (ref.startsWith('#')) return safeCodePoint(Number.parseInt(ref.slice(1), 10)) ?? whole;
    return XML_ENTITIES[ref] ?? whole;
  });
}

function safeCodePoint(code: number): string | undefined {
  return code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : undefined;
}

/**
 * The simple elements of the root `<device>`, by tag name, first occurrence winning. Its `<iconList>`, `<serviceList>`
 * and `<deviceList>` are dropped first, so an embedded MediaRenderer's `<UDN>` never overrides the player's own.
 */
export function xmlFields(xml: string): Record<string, string> {
  const start = xml.search(/<device>/);
  if (start === -1) return {};
  // The embedded devices (with their own UDNs) first, then the root's own lists; what is left is flat.
  const body = xml
    .slice(start + '<device>'.length)
    .replace(/<deviceList>[\s\S]*<\/deviceList>/, '')
    .replace(/<(iconList|serviceList)>[\s\S]*?<\/\1>/g, '');
  const fields: Record<string, string> = {};
  for (const match of body.matchAll(/<([A-Za-z][\w.-]{0,40})>([^<]{0,512})<\/\1>/g)) {
    const tag = match[1] as string;
    if (!(tag in fields)) fields[tag] = decodeXmlText(match[2] as string).trim();
  }
  return fields;
}

export const ZONE_PLAYER_TYPE = 'urn:schemas-upnp-org:device:ZonePlayer:1';

export const sonosDescriptionSchema = z.looseObject({
  deviceType: z.literal(ZONE_PLAYER_TYPE),
  manufacturer: z.string().regex(/^Sonos/),
  modelNumber: z.string().min(1).max(32),
  modelName: z.string().max(64).optional(),
  displayName: z.string().max(64).optional(),
  softwareVersion: z.string().max(32).optional(),
  hardwareVersion: z.string().max(32).optional(),
  displayVersion: z.string().max(32).optional(),
  /** 1 = S1, 2 = S2 (newer firmware only). */
  swGen: z.string().regex(/^\d$/).optional(),
  /** `<MAC with dashes>:<check letter>`. */
  serialNum: z.string().max(32).optional(),
  MACAddress: z.string().max(32).optional(),
  UDN: z.string().max(64).optional(),
  roomName: z.string().max(256).optional(),
});

export type SonosDescription = z.infer<typeof sonosDescriptionSchema>;

/** The player's MAC: `MACAddress`, else the serial number's MAC part, else the 12 hex digits of the UDN. */
export function sonosMac(description: SonosDescription): string | undefined {
  const fromSerial = description.serialNum?.split(':')[0]?.replace(/-/g, ':');
  const fromUdn = /RINCON_([0-9A-F]{12})01400/i
    .exec(description.UDN ?? '')?.[1]
    ?.match(/../g)
    ?.join(':');
  for (const candidate of [description.MACAddress, fromSerial, fromUdn]) {
    if (candidate && /^([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}$/.test(candidate)) return candidate.toUpperCase();
  }
  return undefined;
}

/** The `Version` attribute of the `UpdateItem` a `CheckForUpdate` answers (node-sonos-ts ZoneGroupTopology). */
export function updateItemVersion(updateItem: string): string | undefined {
  const version = /<UpdateItem\b[^>]*\sVersion="([^"]{1,32})"/.exec(decodeXmlText(updateItem))?.[1];
  return version && /^\d+\.\d+-\d+$/.test(version) ? version : undefined;
}

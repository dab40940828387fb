import type { TxtData } from 'dns-packet';

/** Multicast DNS port (RFC 6762 §3): also where a host answers unicast queries (§5.5). */
export const MDNS_PORT = 5353;

/** The meta-query that lists every service type a host offers (RFC 6763 §9). */
export const SERVICE_ENUMERATION_NAME = '_services._dns-sd._udp.local';

/** Names compare case-insensitively (RFC 6762 §16) and may carry the root's trailing dot. */
export function canonicalName(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

/**
 * TXT record strings for a key/value map. An empty map is one empty string, because a TXT record with no strings
 * is invalid (RFC 6763 §6.1).
 */
export function encodeTxt(txt: Record<string, string>): string[] {
  const strings = Object.entries(txt).map(([key, value]) => `${key}=${value}`);
  return strings.length > 0 ? strings : [''];
}

/**
 * TXT strings → map. `key` alone is a boolean attribute (value ''); the first occurrence of a key wins and keys
 * are matched case-insensitively (RFC 6763 §6.4), but kept as the device spelled them.
 */
export function decodeTxt(data: TxtData): Record<string, string> {
  const strings = Array.isArray(data) ? data : [data];
  const txt: Record<string, string> = {};
  const seen = new Set<string>();
  for (const item of strings) {
    const text = typeof item === 'string' ? item : item.toString('utf8');
    if (text === '') continue;
    const eq = text.indexOf('=');
    const key = eq === -1 ? text : text.slice(0, eq);
    if (key === '' || seen.has(key.toLowerCase())) continue;
    seen.add(key.toLowerCase());
    txt[key] = eq === -1 ? '' : text.slice(eq + 1);
  }
  return txt;
}

/**
 * Sets the "unicast response" (QU) bit, the top bit of each question's class (RFC 6762 §5.4), which dns-packet
 * cannot encode. Walks the question section of a packet dns-packet built (no name compression in questions).
 */
export function withUnicastResponseBit(packet: Buffer): Buffer {
  const out = Buffer.from(packet);
  const questions = out.readUInt16BE(4);
  let offset = 12;
  for (let q = 0; q < questions; q++) {
    while (offset < out.length && out[offset] !== 0) offset += (out[offset] as number) + 1;
    offset += 1; // the root label
    const classOffset = offset + 2;
    out.writeUInt16BE(out.readUInt16BE(classOffset) | 0x8000, classOffset);
    offset += 4;
  }
  return out;
}

/** `_http._tcp.local` → `_http._tcp`; instance `Kitchen._http._tcp.local` → `Kitchen` for that type. */
export function serviceTypeOf(name: string): string {
  return canonicalName(name).replace(/\.local$/, '');
}

export function instanceOf(fullName: string, type: string): string | undefined {
  const suffix = `.${type}.local`;
  const trimmed = fullName.replace(/\.$/, '');
  if (!trimmed.toLowerCase().endsWith(suffix.toLowerCase())) return undefined;
  return trimmed.slice(0, trimmed.length - suffix.length);
}

/** Small read-only helpers that every check uses to look at one host's facts the same way. */
import { displayName } from '../families/display-name.ts';
import type { DeviceFacts, DeviceFamily, HostFacts, ServiceFacts } from '../families/facts.ts';

/** The family of the host, `generic` when no family adapter claimed it. */
export function familyOf(host: HostFacts): DeviceFamily {
  return host.device?.family ?? 'generic';
}

/** How to call the host in a sentence: the name a person knows it by, else its model or address. Untrusted. */
export function deviceLabel(host: HostFacts): string {
  const device = host.device;
  const model = device?.model ? `${device.vendor} ${device.model}` : undefined;
  return nonEmpty(displayName(host)) ?? model ?? host.address;
}

const NOUNS: Record<DeviceFamily, { one: string; many: string }> = {
  shelly: { one: 'Shelly', many: 'Shellys' },
  kasa: { one: 'Kasa device', many: 'Kasa devices' },
  hue: { one: 'Hue bridge', many: 'Hue bridges' },
  tasmota: { one: 'Tasmota device', many: 'Tasmota devices' },
  esphome: { one: 'ESPHome device', many: 'ESPHome devices' },
  generic: { one: 'device', many: 'devices' },
};

/** "Shelly" / "3 Shellys": the noun for a count of devices of one family. */
export function familyNoun(family: DeviceFamily, count: number): string {
  return count === 1 ? NOUNS[family].one : NOUNS[family].many;
}

/** Services on the host whose identifier gave one of these names. */
export function servicesNamed(host: HostFacts, ...names: string[]): ServiceFacts[] {
  return host.services.filter((service) => names.includes(service.name));
}

/**
 * Shelly generation, from the model id (Gen1 `SH…`, Gen3 `S3…`, Gen4 `S4…`) and else from the protocol:
 * Gen1 speaks the REST API, Gen2+ JSON-RPC (../shared/fixtures/README.md, shelly/).
 */
export function shellyGeneration(device: DeviceFacts): number | undefined {
  const model = device.model?.toUpperCase() ?? '';
  if (model.startsWith('SH')) return 1;
  if (model.startsWith('S3')) return 3;
  if (model.startsWith('S4')) return 4;
  if (device.protocols.includes('shelly-rpc')) return 2;
  if (device.protocols.includes('shelly-http')) return 1;
  return undefined;
}

/**
 * Why a check could not run: the adapter's own limitation sentence when one mentions a keyword (it knows best,
 * e.g. "login enabled and no credentials configured"), else the check's fallback. Keywords are in priority order:
 * the first keyword that any limitation mentions picks the sentence.
 */
export function limitationReason(host: HostFacts, keywords: readonly string[], fallback: string): string {
  const limitations = (host.device?.limitations ?? []).map((text) => ({ text, lower: text.toLowerCase() }));
  for (const word of keywords) {
    const match = limitations.find((limitation) => limitation.lower.includes(word));
    if (match) return match.text;
  }
  return fallback;
}

/** A short list of names for a sentence: "a, b and c", or "a, b, c and 4 more". */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length <= 1) return names[0] ?? '';
  if (names.length <= max) return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

function nonEmpty(text: string | undefined): string | undefined {
  return text && text.trim().length > 0 ? text : undefined;
}

/** Small read-only helpers that every check uses to look at one host's facts the same way. */

import type { FamilyAdvice } from '../families/descriptor.ts';
import { displayName } from '../families/display-name.ts';
import type { DeviceFamily, HostFacts, ServiceFacts } from '../families/facts.ts';
import { hostProfile, profileOf } from '../families/index.ts';

/** Advice, firmware handling and nouns for the host: its family's, or those of a device no family identified. */
export function adviceFor(host: HostFacts): FamilyAdvice {
  return hostProfile(host).advice;
}

/** How to call the host in a sentence: the name a person knows it by, else its model or address. Untrusted. */
export function deviceLabel(host: HostFacts): string {
  const device = host.device;
  const model = device?.model ? `${device.vendor} ${device.model}` : undefined;
  return nonEmpty(displayName(host)) ?? model ?? host.address;
}

/** "Shelly" / "3 Shellys": the noun for a count of devices of one family. */
export function familyNoun(family: DeviceFamily, count: number): string {
  const nouns = profileOf({ family }).nouns;
  return count === 1 ? nouns.one : nouns.many;
}

/** Services on the host whose identifier gave one of these names. */
export function servicesNamed(host: HostFacts, ...names: string[]): ServiceFacts[] {
  return host.services.filter((service) => names.includes(service.name));
}

/**
 * Why a check could not run: the adapter's own limitation sentence when one mentions a keyword (it knows best,
 * e.g. "login enabled and no credentials configured"), else the check's fallback. Keywords are in priority order:
 * the first keyword that any limitation mentions picks the sentence. When the inspection was cut short (the scan
 * leaves a "could not fully inspect: …" limitation, app/scan/inspect-host.ts), the fallback says so.
 */
export function limitationReason(host: HostFacts, keywords: readonly string[], fallback: string): string {
  const limitations = (host.device?.limitations ?? []).map((text) => ({ text, lower: text.toLowerCase() }));
  for (const word of keywords) {
    const match = limitations.find((limitation) => limitation.lower.includes(word));
    if (match) return match.text;
  }
  const stopped = limitations.find((limitation) => limitation.lower.startsWith('could not fully inspect'));
  return stopped ? `${fallback} (${stopped.text})` : fallback;
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

/**
 * Domain classification with provenance. A name matches an entry when it equals the entry's suffix or ends with
 * `.suffix` (label boundary, so `evilshelly.cloud` does not match `shelly.cloud`). The longest suffix wins; the
 * owner's entries (iotwarden.yaml `dns.domains`) win over the built-in data at equal length and always say so.
 */

import { BUILT_IN_DOMAIN_DATA, type DomainData } from '../../checks/domain-data.ts';
import type { DomainCategory, DomainClassification } from '../../checks/privacy-facts.ts';

/** An owner's entry from iotwarden.yaml. */
export interface UserDomainEntry {
  domain: string;
  category: Exclude<DomainCategory, 'unknown'>;
  vendor?: string | undefined;
  note?: string | undefined;
}

interface Rule {
  suffix: string;
  classification: DomainClassification;
  /** Owner entries outrank built-in ones at the same suffix length. */
  rank: number;
}

export type DomainClassifier = (domain: string) => DomainClassification;

/** Builds a classifier over the built-in data plus the owner's entries. Results are cached per name. */
export function domainClassifier(
  userEntries: readonly UserDomainEntry[] = [],
  data: DomainData = BUILT_IN_DOMAIN_DATA,
): DomainClassifier {
  const rules = new Map<string, Rule>();
  for (const entry of data.entries) {
    rules.set(entry.suffix, {
      suffix: entry.suffix,
      rank: 0,
      classification: withOptional({ category: entry.category, matched: entry.suffix }, entry, {
        origin: 'built-in',
        label: `built-in data ${data.version}, entry ${entry.suffix}`,
        reference: entry.source,
      }),
    });
  }
  userEntries.forEach((entry, index) => {
    const suffix = normalise(entry.domain);
    rules.set(suffix, {
      suffix,
      rank: 1,
      classification: withOptional({ category: entry.category, matched: suffix }, entry, {
        origin: 'config',
        label: `iotwarden.yaml dns.domains[${index}] (${suffix})`,
      }),
    });
  });
  const cache = new Map<string, DomainClassification>();
  return (domain) => {
    const name = normalise(domain);
    const cached = cache.get(name);
    if (cached) return cached;
    const result = lookup(name, rules);
    cache.set(name, result);
    return result;
  };
}

function lookup(name: string, rules: ReadonlyMap<string, Rule>): DomainClassification {
  // Walk from the full name towards the TLD: the first hit is the longest matching suffix.
  let candidate = name;
  for (;;) {
    const rule = rules.get(candidate);
    if (rule) return rule.classification;
    const dot = candidate.indexOf('.');
    if (dot < 0) break;
    candidate = candidate.slice(dot + 1);
  }
  if (name !== '' && !name.includes('.')) {
    // A single-label name is never resolved on the internet: a search-domain or LAN host lookup (RFC 8375 §1).
    return {
      category: 'local',
      note: 'single-label name',
      source: { origin: 'built-in', label: 'rule: single-label name', reference: 'RFC 8375 section 1' },
    };
  }
  return { category: 'unknown', source: { origin: 'none', label: 'no entry matched' } };
}

function withOptional(
  base: { category: DomainCategory; matched: string },
  entry: { vendor?: string | undefined; note?: string | undefined },
  source: DomainClassification['source'],
): DomainClassification {
  const result: DomainClassification = { ...base, source };
  if (entry.vendor) result.vendor = entry.vendor;
  if (entry.note) result.note = entry.note;
  return result;
}

/** Lower case, no trailing dot (`Shelly.Cloud.` → `shelly.cloud`). */
export function normalise(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.+$/, '');
}

/** "vendor cloud (Shelly)", "tracking (Samsung)", "time", "unknown". */
export function describeClassification(classification: DomainClassification): string {
  const label = classification.category.replace('-', ' ');
  return classification.vendor ? `${label} (${classification.vendor})` : label;
}

/**
 * `iotwarden advise <vendor/model>`: everything iotwarden knows about a product before it enters the home — its
 * local API and authentication, cloud dependence, update history (the firmware catalogue), advisories (with KEV
 * status) and its vendor's trust record. Works without an inventory.
 */
import { ADVISORIES, type Advisory, matchAdvisories } from '../../checks/advisories.ts';
import { BUILT_IN_KEV, kevIndex } from '../../checks/kev.ts';
import { type VendorTrust, vendorTrustOf } from '../../checks/vendor-trust.ts';
import { UsageError } from '../../errors/index.ts';
import { emptyDeviceFacts } from '../../families/facts.ts';
import type { FunctionCategory, LocalOperation } from '../../families/function-category.ts';
import { type AnyFamily, FAMILIES, selects } from '../../families/index.ts';
import { sanitizeText } from '../../util/untrusted-text.ts';
import type { FirmwareCatalogue, KnownRelease } from '../firmware/catalogue.ts';

export interface AdviceFamily {
  family: string;
  category: FunctionCategory;
  localApi: string;
  localAuth: 'none' | 'optional' | 'required';
  localOperation: LocalOperation;
  /** Who installs updates: the device itself, the vendor's app, or the owner. */
  updatedBy: string;
  releases: KnownRelease[];
  /** Median days between dated releases in the catalogue; null with fewer than two dated releases. */
  medianReleaseGapDays: number | null;
  advisories: Array<{
    id: string;
    severity: string;
    title: string;
    fixedVersion: string | null;
    onKev: boolean;
    sources: string[];
  }>;
}

export interface Advice {
  query: string;
  vendor: string;
  model: string | null;
  families: AdviceFamily[];
  trust: VendorTrust;
  /** One line: should the owner buy it, in plain words, from the facts above. */
  verdict: string;
}

const norm = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

function matchingFamilies(vendor: string): AnyFamily[] {
  const wanted = norm(vendor);
  return FAMILIES.filter(
    (f) =>
      norm(f.line) === wanted ||
      norm(f.id) === wanted ||
      norm(f.vendor).startsWith(wanted) ||
      norm(f.vendor.split(' ')[0] ?? '') === wanted,
  );
}

function medianGapDays(releases: readonly KnownRelease[]): number | null {
  const dates = releases.flatMap((r) => (r.releaseDate ? [Date.parse(r.releaseDate)] : [])).sort((a, b) => a - b);
  if (dates.length < 2) return null;
  const gaps = dates
    .slice(1)
    .map((d, i) => Math.round((d - dates[i]!) / 86_400_000))
    .sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)]!;
}

function familyAdvice(family: AnyFamily, model: string | null, catalogue: FirmwareCatalogue): AdviceFamily {
  const facts = { ...emptyDeviceFacts(family.id, family.vendor), ...(model ? { model } : {}) };
  const onKev = kevIndex(BUILT_IN_KEV);
  const advisories: Advisory[] = model
    ? matchAdvisories(facts).map((m) => m.advisory)
    : ADVISORIES.filter((a) => selects(a.family, family.id));
  const releases = catalogue.releasesFor(facts);
  return {
    family: family.id,
    category: family.risk.category(model ?? undefined),
    localApi: family.risk.localApi,
    localAuth: family.risk.localAuth,
    localOperation: family.risk.localOperation,
    updatedBy: family.firmware.updatedBy,
    releases,
    medianReleaseGapDays: medianGapDays(releases),
    advisories: advisories.map((a) => ({
      id: a.id,
      severity: a.severity,
      title: a.title,
      fixedVersion: a.products.find((p) => p.fixedVersion)?.fixedVersion ?? null,
      onKev: onKev(a.id) !== undefined,
      sources: a.sources,
    })),
  };
}

function verdictOf(families: readonly AdviceFamily[], trust: VendorTrust): string {
  const noAuth = families.filter((f) => f.localAuth === 'none').map((f) => f.family);
  const cloud = families.every((f) => f.localOperation === 'cloud-required');
  const unfixed = families.some((f) => f.advisories.some((a) => a.fixedVersion === null));
  const exploited = families.some((f) => f.advisories.some((a) => a.onKev));
  const worries = [
    noAuth.length > 0
      ? `${noAuth.length === families.length ? 'anyone on your network can control it' : `on ${noAuth.join(', ')} anyone on your network can control it`} (no local authentication)`
      : undefined,
    cloud ? 'it needs the vendor cloud to work' : undefined,
    unfixed ? 'a published flaw has no fix yet' : undefined,
    exploited ? 'a flaw is being exploited (CISA KEV)' : undefined,
    trust.level === 'poor' || trust.level === 'mixed' ? `vendor trust is ${trust.level} (${trust.summary})` : undefined,
    trust.level === 'unknown' ? `vendor trust is not known (${trust.summary})` : undefined,
  ].filter((w): w is string => w !== undefined);
  if (worries.length === 0)
    return `Reasonable choice: local API with authentication available, vendor trust ${trust.level}.`;
  return `Think twice: ${worries.join('; ')}.`;
}

/** Advice on `vendor` or `vendor/model` (`shelly/SHSW-1`, `kasa/HS100`, `tuya`). Unknown vendors exit 2. */
export function adviseOn(query: string, catalogue: FirmwareCatalogue): Advice {
  const [vendorPart = '', ...rest] = query.split('/');
  const model = rest.join('/').trim() || null;
  const families = matchingFamilies(vendorPart.trim());
  if (vendorPart.trim() === '' || families.length === 0) {
    const known = [...new Set(FAMILIES.map((f) => f.line))].join(', ');
    throw new UsageError(
      `no vendor "${sanitizeText(vendorPart, { maxLength: 60 })}" known to iotwarden (known: ${known}); write vendor or vendor/model`,
      {
        code: 'ERR_ADVISE_UNKNOWN',
      },
    );
  }
  const trust = vendorTrustOf(families[0]!.line);
  const advice = families.map((family) => familyAdvice(family, model, catalogue));
  return { query, vendor: families[0]!.vendor, model, families: advice, trust, verdict: verdictOf(advice, trust) };
}

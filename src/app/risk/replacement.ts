/**
 * Two things the register says about a device's kind rather than its findings: how it depends on its maker's cloud,
 * and what could replace it (a family of the same category whose vendor has better trust, from the descriptors).
 */
import type { VendorTrust } from '../../checks/vendor-trust.ts';
import { vendorTrustOf } from '../../checks/vendor-trust.ts';
import type { FunctionCategory } from '../../families/function-category.ts';
import { type AnyFamily, FAMILIES } from '../../families/index.ts';
import type { ReportDevice } from '../report/report-model.ts';
import type { DeviceContext } from './types.ts';

const TRUST_RANK = { unknown: 0, poor: 1, mixed: 2, good: 3 } as const;
const AUTH_RANK = { none: 0, optional: 1, required: 2 } as const;

const LOCAL_TEXT = {
  'local-only': 'works without the cloud',
  'after-cloud-setup': 'works locally after setup through the vendor cloud',
  'cloud-required': 'needs the vendor cloud to work',
} as const;

/** Categories whose devices usually live in their maker's cloud when iotwarden finds no local API on them. */
const CLOUD_KINDS = new Set<FunctionCategory>(['speaker', 'camera']);

/** One line on cloud dependence: the family's own, or what iotwarden saw on an unidentified device. */
export function cloudUse(device: ReportDevice, context: DeviceContext): string {
  const family = FAMILIES.find((f) => f.id === device.family);
  const cloudOn = device.findings.some((f) => f.checkId === 'cloud.enabled');
  if (family) return `${LOCAL_TEXT[family.risk.localOperation]}${cloudOn ? '; its cloud connection is on' : ''}`;
  const localAdmin =
    device.protocols.length > 0 || device.services.some((s) => s.name !== 'https' && s.name !== 'unknown');
  if (CLOUD_KINDS.has(context.category.value) && !localAdmin && device.findings.length === 0) {
    return "cloud-only: iotwarden found no local API on it, so its maker's cloud runs it";
  }
  return 'unknown';
}

function better(candidate: AnyFamily, trust: VendorTrust, current: AnyFamily | undefined): boolean {
  const theirs = vendorTrustOf(candidate.line);
  // Never suggest a device anyone on the network can control without a password.
  if (theirs.level === 'unknown' || candidate.risk.localAuth === 'none') return false;
  const ours = TRUST_RANK[trust.level];
  if (TRUST_RANK[theirs.level] !== ours) return TRUST_RANK[theirs.level] > ours;
  return AUTH_RANK[candidate.risk.localAuth] > AUTH_RANK[current?.risk.localAuth ?? 'none'];
}

/** A same-category family with better vendor trust (or, at equal trust, stronger local authentication). */
export function replacementFor(
  category: FunctionCategory,
  current: AnyFamily | undefined,
  trust: VendorTrust,
): string | null {
  const candidate = FAMILIES.find(
    (family) =>
      family.line !== current?.line && family.risk.category(undefined) === category && better(family, trust, current),
  );
  if (!candidate) return null;
  const theirs = vendorTrustOf(candidate.line);
  return `a ${candidate.vendor} ${category} (vendor trust ${theirs.level}; local API: ${candidate.risk.localApi})`;
}

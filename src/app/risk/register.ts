/**
 * The risk register (issue 16): every device with its impact × likelihood level, the main driver, the owner's
 * upside and decision, ordered worst first. A pure function of the report model and the owner's records, so the
 * CLI, the report and the HTTP API build the same register.
 */
import { BUILT_IN_KEV, type KevEntry, kevIndex } from '../../checks/kev.ts';
import { type VendorTrust, vendorTrustOf } from '../../checks/vendor-trust.ts';
import { familyById } from '../../families/index.ts';
import type { StoredRiskDecision } from '../../store/index.ts';
import type { StoredHold } from '../firmware/types.ts';
import type { ReportDevice, ReportModel } from '../report/report-model.ts';
import { deviceContext } from './context.ts';
import { type DecisionView, decisionView } from './decision-view.ts';
import { assessImpact } from './impact.ts';
import { assessLikelihood } from './likelihood.ts';
import { reasonLine, riskLevel } from './matrix.ts';
import { cloudUse, replacementFor } from './replacement.ts';
import type { DeviceContext, Impact, Likelihood, OwnerContext, RiskLevel } from './types.ts';
import { RISK_LEVELS } from './types.ts';
import { daysSince, type UnpatchedSince } from './unpatched.ts';

export interface RiskEntry {
  deviceId: string;
  /** The owner's name for the device. Untrusted text. */
  name: string | null;
  address: string;
  family: string;
  vendor: string | null;
  model: string | null;
  context: DeviceContext;
  impact: Impact;
  likelihood: Likelihood;
  /** impact × likelihood, 1–25. */
  score: number;
  level: RiskLevel;
  /** The cell's reasoning in one line. Contains device-derived text (finding subjects); escape when rendering. */
  reason: string;
  /** The strongest likelihood factor, or the impact when nothing raises the likelihood. */
  mainDriver: string;
  upside: string | null;
  /** How the device depends on its maker's cloud. */
  cloud: string;
  vendorTrust: Pick<VendorTrust, 'vendor' | 'level' | 'summary'>;
  /** A firmware hold the owner set: its risk stays visible beside the hold. */
  firmwareHold: { until: string; reason: string } | null;
  decision: DecisionView | null;
  /** A device of the same category from a vendor with better trust, for `replace`. */
  replacement: string | null;
}

export interface RiskRegister {
  generatedAt: string;
  entries: RiskEntry[];
  /** Count per level. */
  levels: Record<RiskLevel, number>;
}

export interface RegisterInputs {
  owner?: ReadonlyMap<string, OwnerContext>;
  decisions?: readonly StoredRiskDecision[];
  holds?: readonly StoredHold[];
  nowMs: number;
  timeZone: string;
  kev?: (cve: string) => KevEntry | undefined;
  trust?: (line: string | undefined) => VendorTrust;
  /** The first dated release newer than a device's firmware (from the firmware catalogue in use). */
  newerRelease?: (device: ReportDevice) => UnpatchedSince | undefined;
}

/** Internet ports the router forwards, by internal address (from service.upnp-port-mapping subjects). */
function upnpExposure(model: ReportModel): Map<string, string[]> {
  const byAddress = new Map<string, string[]>();
  for (const device of model.devices) {
    for (const finding of device.findings) {
      if (finding.checkId !== 'service.upnp-port-mapping' || !finding.subject) continue;
      const address = /→\s*([^:\s]+):/.exec(finding.subject)?.[1];
      if (address) byAddress.set(address, [...(byAddress.get(address) ?? []), finding.subject]);
    }
  }
  return byAddress;
}

function holdOf(device: ReportDevice, holds: readonly StoredHold[]): RiskEntry['firmwareHold'] {
  const hold = holds.find(
    (h) =>
      (h.scope === 'device' && h.target === device.id) ||
      (h.scope === 'model' && device.model !== null && device.model.toUpperCase().startsWith(h.target.toUpperCase())),
  );
  return hold ? { until: hold.until, reason: hold.reason } : null;
}

function entryFor(device: ReportDevice, inputs: RegisterInputs, exposure: Map<string, string[]>): RiskEntry {
  const context = deviceContext(device, inputs.owner?.get(device.id));
  const family = familyById(device.family);
  const trust = (inputs.trust ?? vendorTrustOf)(family?.line);
  const address = device.addresses[0] ?? '';
  const cloud = cloudUse(device, context);
  const newer = inputs.newerRelease?.(device);
  const likelihood = assessLikelihood(device, {
    exposedBy: device.addresses.flatMap((a) => exposure.get(a) ?? []),
    kev: inputs.kev ?? kevIndex(BUILT_IN_KEV),
    trust,
    cloudOnly: cloud.startsWith('cloud-only'),
    unpatched: newer && { ...newer, days: daysSince(newer.releaseDate, inputs.nowMs) },
  });
  const impact = assessImpact(context);
  const score = impact.level * likelihood.level;
  const stored = inputs.decisions?.filter((d) => d.deviceId === device.id).at(-1);
  const main = likelihood.factors[0];
  return {
    deviceId: device.id,
    name: device.name,
    address,
    family: device.family,
    vendor: device.vendor,
    model: device.model,
    context,
    impact,
    likelihood,
    score,
    level: riskLevel(score),
    reason: reasonLine(impact, likelihood),
    mainDriver: main ? main.because : `${impact.because.split(' (')[0]}`,
    upside: context.upside?.value ?? null,
    cloud,
    vendorTrust: { vendor: trust.vendor, level: trust.level, summary: trust.summary },
    firmwareHold: holdOf(device, inputs.holds ?? []),
    decision: stored ? decisionView(stored, device.findings, address, inputs) : null,
    replacement: replacementFor(context.category.value, family, trust),
  };
}

/** Worst first: score, then impact, then likelihood, then name, so the order is stable. */
function compareEntries(a: RiskEntry, b: RiskEntry): number {
  return (
    b.score - a.score ||
    b.impact.level - a.impact.level ||
    b.likelihood.level - a.likelihood.level ||
    (a.name ?? a.address).localeCompare(b.name ?? b.address)
  );
}

/** The register of the home in `model`. */
export function buildRiskRegister(model: ReportModel, inputs: RegisterInputs): RiskRegister {
  const exposure = upnpExposure(model);
  const entries = model.devices.map((device) => entryFor(device, inputs, exposure)).sort(compareEntries);
  const levels = Object.fromEntries(RISK_LEVELS.map((level) => [level, 0])) as Record<RiskLevel, number>;
  for (const entry of entries) levels[entry.level] += 1;
  return { generatedAt: new Date(inputs.nowMs).toISOString(), entries, levels };
}

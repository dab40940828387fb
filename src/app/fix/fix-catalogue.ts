/**
 * Which fixes apply to a host: its family's (from the descriptor) and those of the generic services it runs (a UPnP
 * router). The engine never asks which vendor a device is; it asks the table.
 */

import type { HostFacts } from '../../families/facts.ts';
import { familyById } from '../../families/index.ts';
import type { FindingRef, FixSupport, ManualFix, SettingChange, SettingFix } from '../../families/setting-fix.ts';
import { UPNP_IGD_FIXES } from '../../services/index.ts';

/** Generic services and the fixes they bring, by the service name a scan records. */
const SERVICE_FIXES: ReadonlyArray<{ service: string; fixes: FixSupport }> = [
  { service: 'upnp-igd', fixes: UPNP_IGD_FIXES },
];

function supportFor(host: HostFacts): FixSupport[] {
  const family = familyById(host.device?.family);
  const services = SERVICE_FIXES.filter((entry) => host.services.some((s) => s.name === entry.service));
  return [...(family ? [family.fixes] : []), ...services.map((entry) => entry.fixes)];
}

/** The automatic fix for one finding on this host, with the change it would make; undefined when there is none. */
export function settingFixFor(
  host: HostFacts,
  finding: FindingRef,
): { fix: SettingFix; change: SettingChange } | undefined {
  for (const support of supportFor(host)) {
    for (const fix of support.settings) {
      if (fix.checkId !== finding.checkId) continue;
      const change = fix.plan(host, finding);
      if (change) return { fix, change };
    }
  }
  return undefined;
}

/** Manual steps written for this finding on this host, when a family has some; undefined otherwise. */
export function manualStepsFor(host: HostFacts, finding: FindingRef): string[] | undefined {
  for (const support of supportFor(host)) {
    const manual: ManualFix | undefined = support.manual.find((m) => m.checkId === finding.checkId);
    const steps = manual?.steps(host, finding);
    if (steps) return steps;
  }
  return undefined;
}

/** Every setting fix, for looking one up by the id the journal recorded. */
export function settingFixById(host: HostFacts, fixId: string): SettingFix | undefined {
  for (const support of supportFor(host)) {
    const fix = support.settings.find((f) => f.id === fixId);
    if (fix) return fix;
  }
  return undefined;
}

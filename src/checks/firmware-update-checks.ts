/** `firmware.update-available` and `firmware.auto-update-off`. */
import type { DeviceFacts, HostFacts } from '../families/facts.ts';
import { profileOf } from '../families/index.ts';
import { compareVersions } from '../families/version-scheme.ts';
import { matchAdvisories } from './advisories.ts';
import { type CheckDefinition, type CheckResult, makeFinding, pass, skip } from './check.ts';
import { autoUpdateSteps, updateSteps } from './firmware-steps.ts';
import { deviceLabel, limitationReason } from './host-view.ts';

const UPDATE_KEYWORDS = ['newer', 'swupdate', 'update', 'firmware', 'key', 'credential', 'password', 'login'];

export const updateAvailableCheck: CheckDefinition = {
  id: 'firmware.update-available',
  title: 'Newer firmware available',
  severity: 'medium',
  severityRationale: 'Updates carry security fixes; every week on old firmware leaves known holes open.',
  references: { etsi: ['5.3-2', '5.3-8'], owasp: ['I4', 'I5'], nist: ['Software Update'] },
  explanation:
    'The vendor has released newer firmware than the device runs. Updates often fix security problems that are public knowledge, so installing them is one of the most effective things you can do.',
  action: 'Install the firmware update on',
  run(host: HostFacts): CheckResult {
    const device = host.device;
    if (!device) return pass();
    const installed = device.firmware.installed;
    if (!installed)
      return skip(
        updateAvailableCheck,
        limitationReason(host, UPDATE_KEYWORDS, 'the installed firmware version is unknown'),
      );
    const candidates = newerVersions(device, installed);
    if (candidates === undefined)
      return skip(updateAvailableCheck, `cannot compare the firmware version "${installed}"`);
    if (candidates.length === 0) {
      if (device.firmware.latest !== undefined) return pass();
      return skip(updateAvailableCheck, limitationReason(host, UPDATE_KEYWORDS, profileOf(device).firmware.noLatest));
    }
    const newest = candidates[0]!;
    return {
      findings: [
        makeFinding(updateAvailableCheck, {
          subject: newest.version,
          detail: `${deviceLabel(host)} runs firmware ${installed}; ${newest.version} is available (${newest.source}).`,
          evidence: [device.firmware.updateEvidence],
          remediation: updateSteps(host),
        }),
      ],
    };
  },
};

/** Versions newer than `installed`, newest first: what the device reports, and fixed versions from advisories. */
function newerVersions(device: DeviceFacts, installed: string): Array<{ version: string; source: string }> | undefined {
  const scheme = profileOf(device).versionScheme;
  const candidates: Array<{ version: string; source: string }> = [];
  const latest = device.firmware.latest;
  if (latest) {
    const order = compareVersions(scheme, latest, installed);
    if (order === undefined) return undefined;
    if (order > 0)
      candidates.push({
        version: latest,
        source: device.firmware.latestSource === 'catalogue' ? 'release catalogue' : 'reported by the device',
      });
  }
  for (const match of matchAdvisories(device)) {
    const fixed = match.product.fixedVersion;
    if (fixed && (compareVersions(scheme, fixed, installed) ?? 0) > 0) {
      candidates.push({ version: fixed, source: `fixes ${match.advisory.id}` });
    }
  }
  return candidates.sort((a, b) => compareVersions(scheme, b.version, a.version) ?? 0);
}

export const autoUpdateOffCheck: CheckDefinition = {
  id: 'firmware.auto-update-off',
  title: 'Automatic updates are off',
  severity: 'low',
  severityRationale: 'Not a hole by itself, but future fixes will only arrive when someone remembers to install them.',
  references: { etsi: ['5.3-3', '5.3-4'], owasp: ['I4', 'I9'], nist: ['Software Update'] },
  explanation:
    'The device can install updates by itself, but that switch is off. Security fixes will then wait until someone installs them by hand, which in practice often means never.',
  action: 'Turn on automatic updates for',
  run(host: HostFacts): CheckResult {
    const device = host.device;
    if (!device) return pass();
    const autoUpdate = device.firmware.autoUpdate;
    if (autoUpdate === true) return pass();
    if (autoUpdate === undefined) {
      return skip(autoUpdateOffCheck, autoUpdateUnknownReason(host, device));
    }
    return {
      findings: [
        makeFinding(autoUpdateOffCheck, {
          detail: `${deviceLabel(host)} has automatic firmware updates switched off.`,
          evidence: [device.firmware.autoUpdateEvidence],
          remediation: autoUpdateSteps(host),
        }),
      ],
    };
  },
};

/** Why the automatic-update setting is unknown: the family has no switch, or iotwarden could not read it. */
function autoUpdateUnknownReason(host: HostFacts, device: DeviceFacts): string {
  const support = profileOf(device).firmware.autoUpdate;
  if (support.kind === 'none') return support.reason;
  return limitationReason(host, ['auto', 'update', 'key', 'credential'], support.unreadReason);
}

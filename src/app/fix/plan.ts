/**
 * `fix plan` as a use case: the findings of each device's latest scan, each answered by a change through the
 * device's own API (setting, before → after, side effects, undoable) or by exact manual steps. A dry run: nothing
 * is sent to any device. No CLI types: the `serve` API calls this too.
 */
import { findCheck } from '../../checks/catalogue.ts';
import type { Finding } from '../../checks/finding.ts';
import { UsageError } from '../../errors/index.ts';
import type { HostFacts } from '../../families/facts.ts';
import { familyById } from '../../families/index.ts';
import type { SettingChange } from '../../families/setting-fix.ts';
import type { DeviceSummary, Store } from '../../store/index.ts';
import { requireDevice } from '../diff/device-diff.ts';
import { manualStepsFor, settingFixFor } from './fix-catalogue.ts';

export interface PlanFinding {
  checkId: string;
  severity: Finding['severity'];
  title: string;
  subject: string | undefined;
}

export interface PlannedDevice {
  deviceId: string;
  /** The owner's name for it: untrusted text, escaped by whoever prints it. */
  name: string | undefined;
  address: string;
  family: string | undefined;
}

/** One change iotwarden can make. */
export interface PlannedChange {
  device: PlannedDevice;
  finding: PlanFinding;
  fixId: string;
  change: SettingChange;
}

/** A finding no local API fixes: the steps the owner takes. */
export interface ManualItem {
  device: PlannedDevice;
  finding: PlanFinding;
  steps: string[];
}

export interface FixPlan {
  changes: PlannedChange[];
  manual: ManualItem[];
}

export interface FixPlanRequest {
  store: Store;
  /** Only this device (id, name, address or MAC). */
  device?: string | undefined;
  /** Only findings of this check. */
  check?: string | undefined;
}

/** A check id the catalogue knows, or a usage error naming it (exit 2). */
export function requireCheckId(check: string): void {
  if (!findCheck(check)) {
    throw new UsageError(`no check has the id "${check}" (iotwarden findings lists them)`, {
      code: 'ERR_UNKNOWN_CHECK',
    });
  }
}

function plannedDevice(device: DeviceSummary): PlannedDevice {
  return { deviceId: device.deviceId, name: device.name, address: device.address, family: device.family };
}

/** The integration that must be told a new password, from the family table (Home Assistant's domain). */
function integrationEffect(host: HostFacts): string[] {
  const integration = familyById(host.device?.family)?.homeAssistant.integration;
  return integration
    ? [
        `Home Assistant's ${integration} integration, if it controls this device, must be reconfigured with the new password`,
      ]
    : [];
}

function planDevice(device: DeviceSummary, findings: Finding[]): FixPlan {
  const plan: FixPlan = { changes: [], manual: [] };
  const seen = new Set<string>();
  for (const found of findings) {
    const finding: PlanFinding = {
      checkId: found.checkId,
      severity: found.severity,
      title: found.title,
      subject: found.subject,
    };
    const automatic = settingFixFor(device.facts, finding);
    if (automatic) {
      // Several findings can name one change (three debug logs, one Sys.SetConfig): plan it once.
      const key = `${automatic.fix.id} ${automatic.change.target ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const change = automatic.change.newPassword
        ? { ...automatic.change, sideEffects: [...automatic.change.sideEffects, ...integrationEffect(device.facts)] }
        : automatic.change;
      plan.changes.push({ device: plannedDevice(device), finding, fixId: automatic.fix.id, change });
      continue;
    }
    const steps = manualStepsFor(device.facts, finding) ?? found.remediation;
    plan.manual.push({ device: plannedDevice(device), finding, steps });
  }
  // A new password changes the credential every later call needs: it goes last on its device.
  plan.changes.sort((a, b) => Number(Boolean(a.change.newPassword)) - Number(Boolean(b.change.newPassword)));
  return plan;
}

export async function buildFixPlan(request: FixPlanRequest): Promise<FixPlan> {
  const { store } = request;
  if (request.check !== undefined) requireCheckId(request.check);
  const only = request.device === undefined ? undefined : await requireDevice(store, request.device);
  const devices = (await store.devices()).filter((d) => only === undefined || d.deviceId === only.deviceId);
  const findings = await store.findings();
  const plan: FixPlan = { changes: [], manual: [] };
  for (const device of devices) {
    const mine = findings
      .filter((f) => f.deviceId === device.deviceId)
      .map((f) => f.finding)
      .filter((f) => request.check === undefined || f.checkId === request.check);
    const part = planDevice(device, mine);
    plan.changes.push(...part.changes);
    plan.manual.push(...part.manual);
  }
  return plan;
}

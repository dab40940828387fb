/**
 * Changing one device setting that a finding complains about, through the device's own local API (issue 13). A
 * family (or a generic service such as a UPnP router) declares the settings it can change; the app's fix engine
 * (src/app/fix/) plans, journals, applies, verifies and rolls back without knowing any vendor.
 *
 * Readings are plain words (`on`, `off`, `time.google.com`), never secrets: they are stored in the fix journal and
 * the audit log, and printed by `fix plan`.
 */
import type { Evidence, HostFacts } from './facts.ts';
import type { InstallContext, InstallDevice } from './installer.ts';

/** The finding a change answers: its check and, where a host has several, its subject. */
export interface FindingRef {
  checkId: string;
  subject?: string | undefined;
}

/** What one change does, as `fix plan` shows it. Never holds a secret. */
export interface SettingChange {
  /** The setting in plain words: `login`, `vendor cloud`, `SNTP server`. */
  setting: string;
  /** Which one, where a device has several (a UPnP mapping `TCP 8554 → 192.168.1.50:554`); never a secret. */
  target?: string;
  /** The value now and after the change, as `read` spells them. */
  before: string;
  after: string;
  /** What else happens: a reboot, an integration that must log in again, local control that changes. */
  sideEffects: string[];
  /** Whether `revert` can put the old value back. */
  undoable: boolean;
  /** The change sets a password: the engine supplies it (configured or generated) as the device's credential. */
  newPassword?: { username: string };
}

/** One reading of the setting, with the exchange it came from. */
export interface SettingReading {
  value: string;
  evidence: Evidence;
}

/**
 * One setting a family can change. `read`, `write` and `revert` authenticate with `context.credentials`: for a
 * password change the engine hands `write` the new credential already (so `read` afterwards is the login with it),
 * and `revert` the credentials that may still work.
 */
export interface SettingFix {
  /** Stable id: stored in the journal (`shelly-gen1.cloud-off`). */
  readonly id: string;
  /** The check whose findings this fixes. */
  readonly checkId: string;
  /** The change for this host and finding, or undefined when this fix does not apply to it. */
  plan(host: HostFacts, finding: FindingRef): SettingChange | undefined;
  read(device: InstallDevice, context: InstallContext, change: SettingChange): Promise<SettingReading>;
  /** Makes the change; throws the family's device errors when the device refuses or cannot be reached. */
  write(device: InstallDevice, context: InstallContext, change: SettingChange): Promise<Evidence>;
  /** Puts `before` back; absent where the API cannot (a Kasa plug cannot be bound again without the cloud account). */
  revert?(device: InstallDevice, context: InstallContext, change: SettingChange): Promise<Evidence>;
}

/** A finding no local API can fix: the exact steps the owner takes instead. */
export interface ManualFix {
  readonly checkId: string;
  /** Steps for this host, or undefined when this manual fix does not apply (the finding's own advice is used). */
  steps(host: HostFacts, finding: FindingRef): string[] | undefined;
}

/** What a family or service can do about its findings. */
export interface FixSupport {
  settings: readonly SettingFix[];
  manual: readonly ManualFix[];
}

/** A family that changes nothing itself: every finding is answered with its own remediation text. */
export const NO_FIXES: FixSupport = { settings: [], manual: [] };

/** `on`/`off` as readings spell a switch. */
export function onOff(value: boolean): string {
  return value ? 'on' : 'off';
}

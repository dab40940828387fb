/** Reading a setting back after a change until it shows, the device having perhaps rebooted to apply it. */
import { DeviceAuthError } from '../../errors/index.ts';
import type { InstallContext, InstallDevice } from '../../families/installer.ts';
import type { SettingChange, SettingFix, SettingReading } from '../../families/setting-fix.ts';

export type VerifyResult =
  | { ok: true; reading: SettingReading }
  | { ok: false; reading: SettingReading | undefined; reason: string; authRefused: boolean };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Reads until the value is `target` or `waitMs` passed. Unreachable and timeouts are retried (a reboot); a refused
 * login twice in a row ends the wait: the device is up and does not take the credential.
 */
export async function waitForValue(
  fix: SettingFix,
  device: InstallDevice,
  context: InstallContext,
  change: SettingChange,
  target: string,
  timing: { waitMs: number; pollMs: number },
): Promise<VerifyResult> {
  const deadline = context.clock.now() + timing.waitMs;
  let last: SettingReading | undefined;
  let reason = 'the device did not answer';
  let refusals = 0;
  for (;;) {
    try {
      last = await fix.read(device, context, change);
      if (last.value === target) return { ok: true, reading: last };
      reason = `the device accepted the change but still reports ${change.setting} ${last.value}`;
      refusals = 0;
    } catch (error) {
      if (context.signal.aborted) throw error;
      reason = message(error);
      refusals = error instanceof DeviceAuthError ? refusals + 1 : 0;
      if (refusals >= 2) return { ok: false, reading: last, reason, authRefused: true };
    }
    if (context.clock.now() >= deadline) return { ok: false, reading: last, reason, authRefused: false };
    await context.clock.sleep(timing.pollMs, context.signal);
  }
}

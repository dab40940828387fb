import type { FirmwareRepository } from '../../store/firmware-repository.ts';
import type { Logger } from '../../util/logger.ts';
import type { RolloutCandidate } from './rollout-types.ts';
import type { AuditActor, HeldRiskAlert } from './types.ts';

/**
 * A held device whose update fixes a critical or high CVE is raised at once: logged as a warning and written to
 * the audit log with both risks side by side, once per device and offered version (so a scheduler that looks every
 * few minutes does not repeat it).
 */
export async function auditAlertOnce(
  firmware: FirmwareRepository,
  candidate: RolloutCandidate,
  alert: HeldRiskAlert,
  options: { actor: AuditActor; nowMs: number; log: Logger },
): Promise<boolean> {
  const { deviceId } = candidate.device;
  const latest = candidate.state.latest;
  const earlier = await firmware.auditEntries({ deviceId });
  if (earlier.some((e) => e.action === 'alert' && e.afterVersion === latest)) return false;
  options.log.warn({ device: candidate.device.name ?? deviceId, severity: alert.severity }, alert.message);
  await firmware.appendAudit({
    timeMs: options.nowMs,
    actor: options.actor,
    action: 'alert',
    deviceId,
    ...(candidate.device.model ? { model: candidate.device.model } : {}),
    ...(candidate.state.installed ? { beforeVersion: candidate.state.installed } : {}),
    ...(latest ? { afterVersion: latest } : {}),
    result: 'info',
    detail: alert.message,
    data: {
      severity: alert.severity,
      cves: alert.vulnerabilities.map((v) => v.id),
      breakages: alert.breakages.map((b) => b.id),
    },
  });
  return true;
}

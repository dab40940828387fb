/**
 * Policy changes made by editing iotwarden.yaml reach the audit log too: whenever a writing command (hold, release,
 * catalog update, apply, the scheduler) runs, the `firmware:` section is fingerprinted and compared with the one
 * last recorded.
 */
import { createHash } from 'node:crypto';
import type { FirmwarePolicyConfig } from '../../config/firmware-policy-schema.ts';
import type { FirmwareRepository } from '../../store/firmware-repository.ts';
import type { AuditActor, AuditEntry } from './types.ts';

/** Appends a `policy-change` entry when the firmware policy differs from the last one recorded; returns it. */
export async function auditPolicyChange(
  store: FirmwareRepository,
  config: FirmwarePolicyConfig | undefined,
  options: { actor: AuditActor; nowMs: number; file?: string | undefined },
): Promise<AuditEntry | undefined> {
  const policy = config ?? {};
  const sha256 = createHash('sha256').update(canonicalJson(policy)).digest('hex');
  const last = await store.lastAudit('policy-change');
  const lastSha = (last?.data as { sha256?: unknown } | undefined)?.sha256;
  if (lastSha === sha256) return undefined;
  return store.appendAudit({
    timeMs: options.nowMs,
    actor: options.actor,
    action: 'policy-change',
    result: 'info',
    detail: `${last ? 'Firmware policy changed' : 'Firmware policy recorded'}${options.file ? ` (${options.file})` : ''}: ${summarise(config)}`,
    data: { sha256, policy },
  });
}

function summarise(config: FirmwarePolicyConfig | undefined): string {
  const rule = config?.default;
  const window = rule?.window ? `${rule.window.start}–${rule.window.end}` : '03:00–05:00';
  const count = (rules: Record<string, unknown> | undefined, what: string): string => {
    const n = Object.keys(rules ?? {}).length;
    return `${n} ${what} rule${n === 1 ? '' : 's'}`;
  };
  return `default ${rule?.mode ?? 'auto'}, window ${window}${config?.timeZone ? ` ${config.timeZone}` : ''}; ${count(config?.vendors, 'vendor')}, ${count(config?.models, 'model')}, ${count(config?.devices, 'device')}`;
}

/** JSON with object keys sorted, so the fingerprint does not change when only the YAML's key order does. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

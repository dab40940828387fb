/**
 * The firmware policy as iotwarden.yaml states it, next to the built-in defaults it falls back on (policy-engine.ts):
 * what installs by itself, when (the maintenance window), how carefully (canaries, soak), and which holds the file
 * sets. Holds set from the CLI or the dashboard live in the database; only their number is shown here, the Firmware
 * page lists them.
 */
import type { FirmwarePolicyConfig, PolicyRuleConfig } from '../../config/firmware-policy-schema.ts';
import { DEFAULT_ROLLOUT, DEFAULT_WINDOW } from '../firmware/policy-engine.ts';
import { systemTimeZone } from '../firmware/policy-window.ts';

type Source = 'config' | 'built-in';

/** A rule for a vendor, a model or a device, as written. */
export interface PolicyRuleView {
  level: 'vendor' | 'model' | 'device';
  /** The vendor, model or device the rule names (config text). */
  key: string;
  mode: 'auto' | 'notify' | 'hold' | null;
  reason: string | null;
  until: string | null;
  window: { start: string; end: string } | null;
  canaryCount: number | null;
  soakMs: number | null;
  acceptBreakages: string[];
}

export interface FirmwarePolicyView {
  /** Whether iotwarden.yaml has a `firmware:` section at all. */
  configured: boolean;
  timeZone: { value: string; source: 'config' | 'system' };
  default: {
    mode: { value: 'auto' | 'notify' | 'hold'; source: Source };
    window: { value: { start: string; end: string }; source: Source };
    canaryCount: { value: number; source: Source };
    soakMs: { value: number; source: Source };
    acceptBreakages: string[];
  };
  rules: PolicyRuleView[];
  holds: { inConfig: number; setFromCliOrDashboard: number };
}

function ruleView(level: PolicyRuleView['level'], key: string, rule: PolicyRuleConfig): PolicyRuleView {
  return {
    level,
    key,
    mode: rule.mode ?? null,
    reason: rule.reason ?? null,
    until: rule.until ?? null,
    window: rule.window ?? null,
    canaryCount: rule.rollout?.canaryCount ?? null,
    soakMs: rule.rollout?.soak ?? null,
    acceptBreakages: rule.acceptBreakages ?? [],
  };
}

function pick<T>(configured: T | undefined, builtIn: T): { value: T; source: Source } {
  return configured === undefined ? { value: builtIn, source: 'built-in' } : { value: configured, source: 'config' };
}

/** `activeHolds`: holds set with `firmware hold` or the dashboard that are not released (expired ones included). */
export function firmwarePolicyView(config: FirmwarePolicyConfig | undefined, activeHolds: number): FirmwarePolicyView {
  const base = config?.default ?? {};
  const rules = [
    ...Object.entries(config?.vendors ?? {}).map(([key, rule]) => ruleView('vendor', key, rule)),
    ...Object.entries(config?.models ?? {}).map(([key, rule]) => ruleView('model', key, rule)),
    ...Object.entries(config?.devices ?? {}).map(([key, rule]) => ruleView('device', key, rule)),
  ];
  return {
    configured: config !== undefined,
    timeZone: config?.timeZone
      ? { value: config.timeZone, source: 'config' }
      : { value: systemTimeZone(), source: 'system' },
    default: {
      mode: pick<'auto' | 'notify' | 'hold'>(base.mode, 'auto'),
      window: pick(base.window, DEFAULT_WINDOW),
      canaryCount: pick(base.rollout?.canaryCount, DEFAULT_ROLLOUT.canaryCount),
      soakMs: pick(base.rollout?.soak, DEFAULT_ROLLOUT.soakMs),
      acceptBreakages: base.acceptBreakages ?? [],
    },
    rules,
    holds: {
      inConfig: rules.filter((r) => r.mode === 'hold').length + (base.mode === 'hold' ? 1 : 0),
      setFromCliOrDashboard: activeHolds,
    },
  };
}

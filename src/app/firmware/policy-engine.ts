/**
 * Firmware policy: building it from iotwarden.yaml plus stored holds (`loadPolicy`), resolving it for one device
 * (`resolvePolicy`, precedence device > model > vendor > default), and the pure decision (`decide`).
 */
import type { FirmwarePolicyConfig } from '../../config/firmware-policy-schema.ts';
import { decideWithResolved } from './policy-decide.ts';
import { deviceMatches, holdMatches, modelMatches, vendorMatches } from './policy-match.ts';
import { dateStartMs, systemTimeZone } from './policy-window.ts';
import type {
  EffectiveHold,
  FirmwareDecision,
  FirmwareDevice,
  FirmwarePolicy,
  FirmwareState,
  MaintenanceWindow,
  PolicyLevel,
  PolicyRule,
  ResolvedPolicy,
  RolloutSettings,
  StoredHold,
} from './types.ts';

/** 03:00–05:00 local time, when a household is asleep and a reboot disturbs nobody. */
export const DEFAULT_WINDOW: MaintenanceWindow = { start: '03:00', end: '05:00' };
/** One canary, then a day of soak before the rest of the model. */
export const DEFAULT_ROLLOUT: RolloutSettings = { canaryCount: 1, soakMs: 24 * 3_600_000 };

type RuleConfig = NonNullable<FirmwarePolicyConfig['default']>;

function toRule(config: RuleConfig): PolicyRule {
  const rule: PolicyRule = {};
  if (config.mode !== undefined) rule.mode = config.mode;
  if (config.reason !== undefined) rule.reason = config.reason;
  if (config.until !== undefined) rule.until = config.until;
  if (config.window !== undefined) rule.window = config.window;
  if (config.acceptBreakages !== undefined) rule.acceptBreakages = config.acceptBreakages;
  if (config.rollout !== undefined) {
    const rollout: Partial<RolloutSettings> = {};
    if (config.rollout.canaryCount !== undefined) rollout.canaryCount = config.rollout.canaryCount;
    if (config.rollout.soak !== undefined) rollout.soakMs = config.rollout.soak;
    rule.rollout = rollout;
  }
  return rule;
}

function mapRules(rules: Record<string, RuleConfig> | undefined): Record<string, PolicyRule> {
  return Object.fromEntries(Object.entries(rules ?? {}).map(([key, rule]) => [key, toRule(rule)]));
}

/**
 * The firmware policy from the config's `firmware:` section (validated by firmwarePolicyConfigSchema; undefined
 * means none) and the unreleased holds from the store. `timeZone` overrides the configured/system zone (tests).
 */
export function loadPolicy(
  config: FirmwarePolicyConfig | undefined,
  holds: readonly StoredHold[] = [],
  options: { timeZone?: string } = {},
): FirmwarePolicy {
  const base = config?.default ? toRule(config.default) : {};
  return {
    timeZone: options.timeZone ?? config?.timeZone ?? systemTimeZone(),
    default: {
      ...base,
      mode: base.mode ?? 'auto',
      window: base.window ?? DEFAULT_WINDOW,
      rollout: { ...DEFAULT_ROLLOUT, ...base.rollout },
    },
    vendors: mapRules(config?.vendors),
    models: mapRules(config?.models),
    devices: mapRules(config?.devices),
    holds,
  };
}

interface LevelRules {
  level: PolicyLevel;
  rules: PolicyRule[];
  holds: StoredHold[];
}

function levelsFor(policy: FirmwarePolicy, device: FirmwareDevice): LevelRules[] {
  const pick = (rules: Record<string, PolicyRule>, matches: (key: string) => boolean): PolicyRule[] =>
    Object.entries(rules)
      .filter(([key]) => matches(key))
      .map(([, rule]) => rule);
  const holds = policy.holds.filter((hold) => holdMatches(hold, device)).sort((a, b) => b.createdMs - a.createdMs);
  return [
    {
      level: 'device',
      rules: pick(policy.devices, (key) => deviceMatches(key, device)),
      holds: holds.filter((h) => h.scope === 'device'),
    },
    {
      level: 'model',
      rules: pick(policy.models, (key) => modelMatches(key, device.model)),
      holds: holds.filter((h) => h.scope === 'model'),
    },
    { level: 'vendor', rules: pick(policy.vendors, (key) => vendorMatches(key, device)), holds: [] },
    { level: 'default', rules: [policy.default], holds: [] },
  ];
}

/**
 * The policy for one device at `nowMs`. Each field comes from the most specific level that sets it. At one level a
 * hold from the CLI beats the config. An expired hold is ignored (listed in `expiredHolds`), so the device falls
 * back to the next rule down, which is `auto` unless configured otherwise.
 */
export function resolvePolicy(policy: FirmwarePolicy, device: FirmwareDevice, nowMs: number): ResolvedPolicy {
  const expiredHolds: EffectiveHold[] = [];
  let mode: ResolvedPolicy['mode'] | undefined;
  let level: PolicyLevel = 'default';
  let hold: EffectiveHold | undefined;
  let window: MaintenanceWindow | undefined;
  const rollout: { canaryCount?: number | undefined; soakMs?: number | undefined } = {};
  const accepted = new Set<string>();
  for (const entry of levelsFor(policy, device)) {
    const candidates: EffectiveHold[] = [
      ...entry.holds.map((h) => storedToEffective(h, entry.level, policy.timeZone)),
      ...entry.rules.flatMap((rule) => configHold(rule, entry.level, policy.timeZone)),
    ];
    for (const candidate of candidates) {
      if (candidate.untilMs <= nowMs) expiredHolds.push(candidate);
      else if (mode === undefined) {
        mode = 'hold';
        level = entry.level;
        hold = candidate;
      }
    }
    for (const rule of entry.rules) {
      if (mode === undefined && rule.mode !== undefined && rule.mode !== 'hold') {
        mode = rule.mode;
        level = entry.level;
      }
      window ??= rule.window;
      rollout.canaryCount ??= rule.rollout?.canaryCount;
      rollout.soakMs ??= rule.rollout?.soakMs;
      for (const id of rule.acceptBreakages ?? []) accepted.add(id);
    }
  }
  return {
    mode: mode ?? 'auto',
    level,
    hold,
    expiredHolds,
    window: window ?? DEFAULT_WINDOW,
    rollout: {
      canaryCount: rollout.canaryCount ?? DEFAULT_ROLLOUT.canaryCount,
      soakMs: rollout.soakMs ?? DEFAULT_ROLLOUT.soakMs,
    },
    acceptBreakages: [...accepted],
    timeZone: policy.timeZone,
  };
}

function storedToEffective(hold: StoredHold, level: PolicyLevel, timeZone: string): EffectiveHold {
  return {
    level,
    source: 'store',
    reason: hold.reason,
    until: hold.until,
    untilMs: dateStartMs(hold.until, timeZone),
    automatic: hold.automatic,
    holdId: hold.id,
  };
}

function configHold(rule: PolicyRule, level: PolicyLevel, timeZone: string): EffectiveHold[] {
  if (rule.mode !== 'hold' || rule.reason === undefined || rule.until === undefined) return [];
  return [
    {
      level,
      source: 'config',
      reason: rule.reason,
      until: rule.until,
      untilMs: dateStartMs(rule.until, timeZone),
      automatic: false,
    },
  ];
}

/**
 * What to do about one device's firmware at `nowMs`. Pure: no I/O, the same inputs always give the same answer.
 * Order: unknown → up-to-date → held (with an alert when the update fixes a critical/high CVE) → decision-needed
 * (a known breakage hits how this home uses the device) → notify → install (in the window) or wait-window.
 */
export function decide(
  device: FirmwareDevice,
  state: FirmwareState,
  policy: FirmwarePolicy,
  nowMs: number,
): FirmwareDecision {
  return decideWithResolved(device, state, resolvePolicy(policy, device, nowMs), nowMs);
}

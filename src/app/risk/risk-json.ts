/**
 * The `risk --json` contract (README, "Risk"): one object `{register: {...}}`. Fields are only ever added; an unknown
 * value is null, never missing. Strings from devices are exact (the JSON writer escapes control characters).
 */
import type { RiskEntry, RiskRegister } from './register.ts';

/** Schema version of the risk JSON; bump on additions so consumers can tell. */
export const RISK_JSON_VERSION = 1;

function entryJson(entry: RiskEntry): Record<string, unknown> {
  const fact = <T>(f: { value: T; source: string } | undefined) => (f ? { value: f.value, source: f.source } : null);
  return {
    deviceId: entry.deviceId,
    name: entry.name,
    address: entry.address,
    family: entry.family,
    vendor: entry.vendor,
    model: entry.model,
    level: entry.level,
    score: entry.score,
    impact: entry.impact,
    likelihood: entry.likelihood,
    reason: entry.reason,
    mainDriver: entry.mainDriver,
    upside: entry.upside,
    context: {
      category: fact(entry.context.category),
      controls: fact(entry.context.controls),
      room: fact(entry.context.room),
      outside: fact(entry.context.outside),
      users: fact(entry.context.users),
      upside: fact(entry.context.upside),
    },
    cloud: entry.cloud,
    vendorTrust: entry.vendorTrust,
    firmwareHold: entry.firmwareHold,
    decision: entry.decision,
    replacement: entry.replacement,
  };
}

/** The register as the JSON contract has it. */
export function riskRegisterJson(register: RiskRegister): Record<string, unknown> {
  return {
    schemaVersion: RISK_JSON_VERSION,
    generatedAt: register.generatedAt,
    levels: register.levels,
    entries: register.entries.map(entryJson),
  };
}

import { child, type JsonRecord } from '../../shelly/simulator/json-tools.ts';
import { finiteNumber, gen1Bool } from '../../shelly/simulator/query-flags.ts';

/** How a Gen1 parameter is read: a flag, a number (with bounds), free text, or one of a few words. */
export type ParamKind =
  | { type: 'bool' }
  /** A flag stored as 0/1, as `btn_reverse` is (Gen1 API docs, `/settings/relay/0`). */
  | { type: 'bool01' }
  | { type: 'number'; min?: number; max?: number; integer?: boolean }
  | { type: 'text'; maxLength?: number; nullWhenEmpty?: boolean }
  | { type: 'enum'; values: readonly string[] };

/** One query parameter and the settings key it writes (a dotted path from the endpoint's object). */
export interface ParamRule {
  param: string;
  key: string;
  kind: ParamKind;
  /** Applies only where the device's settings already have the key (model-specific parameters). */
  ifPresent?: boolean;
}

export const bool: ParamKind = { type: 'bool' };
export const bool01: ParamKind = { type: 'bool01' };
export const text: ParamKind = { type: 'text', maxLength: 256 };
export const num = (min?: number, max?: number): ParamKind => ({
  type: 'number',
  ...(min !== undefined ? { min } : {}),
  ...(max !== undefined ? { max } : {}),
});
export const oneOf = (...values: string[]): ParamKind => ({ type: 'enum', values });

/** The outcome of applying rules: which keys changed, or the first refused parameter. */
export type RulesOutcome = { changed: boolean } | { error: string };

function parse(kind: ParamKind, raw: string): { value: unknown } | undefined {
  switch (kind.type) {
    case 'bool':
      return { value: gen1Bool(raw) };
    case 'bool01':
      return { value: gen1Bool(raw) ? 1 : 0 };
    case 'number': {
      const value = finiteNumber(raw);
      if (value === undefined) return undefined;
      if (kind.min !== undefined && value < kind.min) return undefined;
      if (kind.max !== undefined && value > kind.max) return undefined;
      return { value };
    }
    case 'text':
      if (kind.maxLength !== undefined && raw.length > kind.maxLength) return undefined;
      return { value: raw === '' && kind.nullWhenEmpty ? null : raw };
    case 'enum':
      return kind.values.includes(raw) ? { value: raw } : undefined;
  }
}

function holder(target: JsonRecord, key: string): { parent: JsonRecord; leaf: string } {
  const parts = key.split('.');
  const leaf = parts.pop() ?? key;
  let parent = target;
  for (const part of parts) parent = child(parent, part);
  return { parent, leaf };
}

/**
 * Applies the parameters present in `params` to `target`, all or nothing: a value the device refuses leaves every
 * setting as it was and names the parameter, as a Gen1 device answers a bad value with HTTP 400 and a text/plain
 * message (Gen1 API docs, HTTP dialect).
 */
export function applyRules(target: JsonRecord, rules: readonly ParamRule[], params: URLSearchParams): RulesOutcome {
  const writes: Array<{ parent: JsonRecord; leaf: string; value: unknown }> = [];
  for (const rule of rules) {
    const raw = params.get(rule.param);
    if (raw === null) continue;
    const { parent, leaf } = holder(target, rule.key);
    if (rule.ifPresent && !(leaf in parent)) continue;
    const parsed = parse(rule.kind, raw);
    if (!parsed) return { error: `Bad value for ${rule.param}!` };
    writes.push({ parent, leaf, value: parsed.value });
  }
  let changed = false;
  for (const write of writes) {
    if (write.parent[write.leaf] !== write.value) changed = true;
    write.parent[write.leaf] = write.value;
  }
  return { changed };
}

/**
 * The part of the CLIP v2 request schema the lab bridge accepts in PUT bodies, checked the way the bridge checks
 * it: the first violation becomes a 400 whose description reads like the bridge's
 * (`error: 'json-schema validation', keyword: 'maximum', details: {actual: 501, expected: 500, instanceRef:
 * '#/color_temperature/mirek', …}`, quoted from a bridge in home-assistant/core issue 61584). The bridge also names
 * its schema definition (`schemaRef`); those names are not published, so the lab leaves `schemaRef` out.
 */
export type Rule =
  | { kind: 'object'; props: Record<string, Rule> }
  | { kind: 'boolean' }
  | { kind: 'number'; min?: number; max?: number; integer?: boolean }
  | { kind: 'string'; min?: number; max?: number }
  | { kind: 'enum'; values: readonly string[] };

export const obj = (props: Record<string, Rule>): Rule => ({ kind: 'object', props });
export const bool: Rule = { kind: 'boolean' };
export const num = (min?: number, max?: number, integer = false): Rule => ({
  kind: 'number',
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
  integer,
});
export const str = (min?: number, max?: number): Rule => ({
  kind: 'string',
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
export const oneOf = (...values: string[]): Rule => ({ kind: 'enum', values });

function violation(keyword: string, actual: unknown, expected: unknown, ref: string): string {
  const show = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));
  return `error: 'json-schema validation', keyword: '${keyword}', details: {actual: ${show(actual)}, expected: ${show(expected)}, instanceRef: '${ref}'}`;
}

/** The first way `value` breaks `rule`, as the bridge describes it, or undefined. */
export function validate(value: unknown, rule: Rule, ref = '#'): string | undefined {
  switch (rule.kind) {
    case 'object': {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return violation('type', value, 'object', ref);
      for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
        const child = rule.props[key];
        if (!child) return violation('additionalProperties', key, Object.keys(rule.props), ref);
        const problem = validate(inner, child, `${ref}/${key}`);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'boolean':
      return typeof value === 'boolean' ? undefined : violation('type', value, 'boolean', ref);
    case 'number':
      if (typeof value !== 'number' || (rule.integer && !Number.isInteger(value))) {
        return violation('type', value, rule.integer ? 'integer' : 'number', ref);
      }
      if (rule.min !== undefined && value < rule.min) return violation('minimum', value, rule.min, ref);
      if (rule.max !== undefined && value > rule.max) return violation('maximum', value, rule.max, ref);
      return undefined;
    case 'string':
      if (typeof value !== 'string') return violation('type', value, 'string', ref);
      if (rule.min !== undefined && value.length < rule.min) return violation('minLength', value.length, rule.min, ref);
      if (rule.max !== undefined && value.length > rule.max) return violation('maxLength', value.length, rule.max, ref);
      return undefined;
    case 'enum':
      return typeof value === 'string' && rule.values.includes(value)
        ? undefined
        : violation('enum', value, rule.values, ref);
  }
}

const xy = obj({ x: num(0, 1), y: num(0, 1) });
const metadata = obj({ name: str(1, 32), archetype: str(1) });
const delta = (field: string, max: number, integer: boolean): Rule =>
  obj({ action: oneOf('up', 'down', 'stop'), [field]: num(0, max, integer) });

/** The light features both light and grouped_light take (CLIP v2 reference, "light" and "grouped_light" PUT). */
const LIGHTING = {
  on: obj({ on: bool }),
  dimming: obj({ brightness: num(0, 100) }),
  dimming_delta: delta('brightness_delta', 100, false),
  color: obj({ xy }),
  color_temperature: obj({ mirek: num(153, 500, true) }),
  color_temperature_delta: delta('mirek_delta', 347, true),
  dynamics: obj({ duration: num(0, undefined, true), speed: num(0, 1) }),
  alert: obj({ action: oneOf('breathe') }),
};

/** Per resource type, the PUT body the lab bridge carries out. Types missing here answer 405. */
export const PUT_SCHEMAS: Record<string, Rule> = {
  light: obj({ type: oneOf('light'), ...LIGHTING, identify: obj({ action: oneOf('identify') }), metadata }),
  grouped_light: obj({ type: oneOf('grouped_light'), ...LIGHTING }),
  scene: obj({
    type: oneOf('scene'),
    metadata: obj({ name: str(1, 32) }),
    recall: obj({
      action: oneOf('active', 'dynamic_palette', 'static'),
      duration: num(0, undefined, true),
      dimming: obj({ brightness: num(0, 100) }),
    }),
    speed: num(0, 1),
    auto_dynamic: bool,
  }),
  device: obj({ type: oneOf('device'), identify: obj({ action: oneOf('identify') }), metadata }),
  room: obj({ type: oneOf('room'), metadata }),
  zone: obj({ type: oneOf('zone'), metadata }),
  motion: obj({ type: oneOf('motion'), enabled: bool, sensitivity: obj({ sensitivity: num(0, 4, true) }) }),
  temperature: obj({ type: oneOf('temperature'), enabled: bool }),
  light_level: obj({ type: oneOf('light_level'), enabled: bool }),
  geofence_client: obj({ type: oneOf('geofence_client'), name: str(1, 32), is_at_home: bool }),
};

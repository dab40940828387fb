/**
 * JSON nested 100,000 levels deep. `JSON.parse` accepts it, but any recursive walk over the result (redaction,
 * `JSON.stringify`, `structuredClone`) overflows the stack: the red-team pass of issue 8 lost a Shelly's
 * "no login" finding to exactly this in /settings.
 */
export const DEEP_JSON_LEVELS = 100_000;

let cached: string | undefined;

/** `[[[…1…]]]`, 100,000 levels: about 200 kB of text, built once. */
export function deepJsonText(): string {
  cached ??= `${'['.repeat(DEEP_JSON_LEVELS)}1${']'.repeat(DEEP_JSON_LEVELS)}`;
  return cached;
}

/** A JSON object's text with one more key whose value is the deep array, appended without parsing anything. */
export function withDeepKey(objectText: string, key = 'deep'): string {
  const close = objectText.lastIndexOf('}');
  const open = objectText.slice(0, close).trimEnd();
  const separator = open.endsWith('{') ? '' : ',';
  return `${open}${separator}${JSON.stringify(key)}:${deepJsonText()}}`;
}

/**
 * The one output boundary for untrusted text. Device-supplied strings (names, models, banners, evidence) and log
 * lines are hostile until proven otherwise: they can carry terminal escape sequences that clear the screen, retitle
 * the window or plant OSC 8 hyperlinks (ECMA-48 §5.3–5.6: ESC, CSI, OSC, DCS, ST, and their C1 forms), a lone
 * carriage return that overwrites what the reader just saw, a bell, NUL, or bidi overrides that reorder text
 * (Trojan Source, CVE-2021-42574).
 *
 * Rather than guessing where a sequence ends and dropping it, every control code point is written as a visible escape
 * (`\x1b`, `\r`, `\u009b`, `\u202e`). Once ESC, CSI, OSC, DCS and ST are visible, whatever followed them is plain
 * printable text, so no terminal can interpret it, and the reader sees that the device sent something odd.
 * Backslashes are left as they are: an ambiguous `\x1b` typed by a device is harmless, and doubling every
 * backslash would garble ordinary text.
 */

/** Default caps, in UTF-16 code units of the sanitised text, ellipsis included. */
export const MAX_LINE_CHARS = 1024;
export const MAX_BLOCK_CHARS = 16 * 1024;

export interface SanitizeOptions {
  /** Keep line feeds and tabs (evidence blocks); a CR directly before a LF is dropped. Otherwise they are escaped. */
  multiline?: boolean;
  /** Longest result; longer text ends in "…". Default {@link MAX_LINE_CHARS}, or {@link MAX_BLOCK_CHARS} when multiline. */
  maxLength?: number;
}

/** Bidi embeddings, overrides and isolates, the invisible direction marks, and the Unicode line separators. */
const INVISIBLE_CONTROLS = new Set([
  0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

const NAMED_C0: Record<number, string> = { 9: '\\t', 10: '\\n', 13: '\\r' };

const hex = (code: number, digits: number): string => code.toString(16).padStart(digits, '0');

/** Whether a UTF-16 code unit must never reach a terminal raw: C0, DEL, C1, bidi controls, separators, surrogates. */
function isControl(code: number): boolean {
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || INVISIBLE_CONTROLS.has(code);
}

/** The visible form of one code point (or lone surrogate) at `index`, and how many code units it used. */
function visibleAt(text: string, index: number, multiline: boolean): { piece: string; units: number } {
  const code = text.charCodeAt(index);
  if (code >= 0xd800 && code <= 0xdfff) {
    const next = text.charCodeAt(index + 1);
    const paired = code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
    // A lone surrogate is not text: it would reach the terminal as U+FFFD and hide what the device sent.
    return paired ? { piece: text.slice(index, index + 2), units: 2 } : { piece: `\\u${hex(code, 4)}`, units: 1 };
  }
  if (!isControl(code)) return { piece: text[index] as string, units: 1 };
  if (multiline && (code === 0x0a || code === 0x09)) return { piece: text[index] as string, units: 1 };
  // CRLF line ends (HTTP evidence) are line ends, not an attempt to overwrite a line.
  if (multiline && code === 0x0d && text.charCodeAt(index + 1) === 0x0a) return { piece: '', units: 1 };
  if (code < 0x80) return { piece: NAMED_C0[code] ?? `\\x${hex(code, 2)}`, units: 1 };
  return { piece: `\\u${hex(code, 4)}`, units: 1 };
}

/**
 * Untrusted text made safe for a terminal (and as the first step of HTML and Markdown escaping): control characters
 * become visible escapes, and the result is at most `maxLength` long, ending in "…" when it was cut.
 */
export function sanitizeText(text: string, options: SanitizeOptions = {}): string {
  const multiline = options.multiline === true;
  const max = Math.max(1, options.maxLength ?? (multiline ? MAX_BLOCK_CHARS : MAX_LINE_CHARS));
  let out = '';
  let cut: string | undefined;
  for (let index = 0; index < text.length; ) {
    const { piece, units } = visibleAt(text, index, multiline);
    index += units;
    // Remember the longest prefix that still leaves room for the ellipsis, in case the rest does not fit.
    if (cut === undefined && out.length + piece.length > max - 1) cut = out;
    if (out.length + piece.length > max) return `${cut ?? ''}…`;
    out += piece;
  }
  return out;
}

/** Code points JSON.stringify leaves raw that a terminal (or a naive reader of the file) would act on. */
const JSON_RAW_CONTROLS = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes JSON text safe to print: JSON.stringify escapes C0 controls but leaves DEL, C1 (U+0080–U+009F), bidi controls
 * and U+2028/2029 raw. They can only occur inside strings, so replacing them with `\u00XX` keeps the same value.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(JSON_RAW_CONTROLS, (char) => `\\u${hex(char.charCodeAt(0), 4)}`);
}

/** `value` as two-space indented JSON with one trailing newline, every control code point escaped. */
export function jsonText(value: unknown): string {
  return `${escapeJsonControls(JSON.stringify(value ?? null, null, 2))}\n`;
}

/**
 * Device-supplied text (names, banners, evidence) is hostile until proven otherwise: it can carry terminal escape
 * sequences that rewrite the screen, NUL bytes, bidi overrides that reorder what a reader sees (Trojan Source,
 * CVE-2021-42574), or markup. Every output runs untrusted text through `sanitizeText` first and then escapes it
 * for its own format.
 */

const ESC = 0x1b;
const CSI = 0x9b;
const BEL = 0x07;

/** Bidi embeddings, overrides and isolates, plus the invisible direction marks. */
const BIDI_CONTROLS = new Set([
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

export interface SanitizeOptions {
  /** Keep line feeds and tabs (evidence blocks). Otherwise they become spaces. */
  multiline?: boolean;
}

/** Removes ANSI/VT escape sequences, C0/C1 control characters and bidi controls. */
export function sanitizeText(text: string, options: SanitizeOptions = {}): string {
  let out = '';
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === ESC || code === CSI) {
      index = skipEscape(text, index);
      continue;
    }
    index += 1;
    if (code === 0x0a || code === 0x09) {
      out += options.multiline ? text[index - 1] : ' ';
    } else if (code === 0x0d) {
      out += options.multiline ? '' : ' ';
    } else if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || BIDI_CONTROLS.has(code)) {
      // dropped: control characters have no business in a report
    } else {
      out += text[index - 1];
    }
  }
  return out;
}

/** Index just past the escape sequence starting at `start` (ECMA-48: CSI, OSC/DCS strings, two-byte escapes). */
function skipEscape(text: string, start: number): number {
  const isCsi = text.charCodeAt(start) === CSI || text[start + 1] === '[';
  if (isCsi) {
    let index = text.charCodeAt(start) === CSI ? start + 1 : start + 2;
    // Parameter and intermediate bytes 0x20–0x3f, then one final byte 0x40–0x7e.
    while (index < text.length && text.charCodeAt(index) >= 0x20 && text.charCodeAt(index) <= 0x3f) index += 1;
    return Math.min(text.length, index + 1);
  }
  const kind = text[start + 1];
  if (kind === ']' || kind === 'P' || kind === '_' || kind === '^' || kind === 'X') {
    // String sequences run to BEL or ESC \ (string terminator).
    let index = start + 2;
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code === BEL) return index + 1;
      if (code === ESC && text[index + 1] === '\\') return index + 2;
      index += 1;
    }
    return text.length;
  }
  return Math.min(text.length, start + 2);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Sanitised and HTML-escaped, safe in element content and in quoted attribute values. */
export function escapeHtml(text: string, options: SanitizeOptions = {}): string {
  return sanitizeText(text, options).replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

/**
 * Sanitised and Markdown-escaped for inline text: no emphasis, links, raw HTML, entities or table breaks from
 * device text. Characters that only matter at the start of a line (headings, list markers) are escaped there.
 */
export function escapeMarkdown(text: string): string {
  return sanitizeText(text)
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_[\]<>|~]/g, (char) => `\\${char}`)
    .replace(/^(\s*)([#+=-])/, (_match, space: string, marker: string) => `${space}\\${marker}`)
    .replace(/^(\s*\d+)([.)])(?=\s|$)/, (_match, digits: string, marker: string) => `${digits}\\${marker}`);
}

/** A fenced code block whose fence is longer than any backtick run inside, so content cannot close it. */
export function markdownCodeBlock(text: string): string {
  const clean = sanitizeText(text, { multiline: true });
  const longestRun = Math.max(0, ...[...clean.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return `${fence}text\n${clean}\n${fence}`;
}

/**
 * Escaping for the report formats. Untrusted text first passes the one output boundary, `sanitizeText` in
 * src/util/untrusted-text.ts (control characters become visible escapes, length is capped), and is then escaped for
 * its format here.
 */
import { type SanitizeOptions, sanitizeText } from '../../util/untrusted-text.ts';

/**
 * Re-exported so code written against the former home of the sanitiser keeps compiling; new code imports it from
 * src/util/untrusted-text.ts. There is only one implementation.
 */
export { type SanitizeOptions, sanitizeText };

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

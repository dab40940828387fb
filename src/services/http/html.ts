/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * The `<title>` of a page, entity-decoded, whitespace-collapsed and capped: a device controls this text, so it is
 * bounded here and escaped again by whatever renders it.
 */
export function extractTitle(html: string, maxChars = 120): string | undefined {
  const match = /<title[^>]*>([\s\S]{0,2000}?)<\/title>/i.exec(html);
  if (!match?.[1]) return undefined;
  const decoded = match[1]
    .replace(/&#(\d{1,7});/g, (_, n: string) => safeCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]{1,6});/gi, (_, n: string) => safeCodePoint(Number.parseInt(n, 16)))
    .replace(/&([a-z]+);/gi, (whole, name: string) => ENTITIES[name.toLowerCase()] ?? whole);
  const text = decoded.replace(/\s+/g, ' ').trim();
  return text.length > 0 ? text.slice(0, maxChars) : undefined;
}

function safeCodePoint(n: number): string {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : '';
}

/** A login form in the page: a password field means the UI asks for credentials even though it answered 200. */
export function hasPasswordField(html: string): boolean {
  return /<input\b[^>]*\btype\s*=\s*["']?password\b/i.test(html);
}

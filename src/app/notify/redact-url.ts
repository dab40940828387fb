/**
 * How a target URL is shown outside iotwarden.yaml: its scheme, host and port only. Everything after the host can be
 * a secret in its own right, so it is never shown, not even its length: an ntfy topic is readable by whoever knows its
 * name (https://docs.ntfy.sh/publish/: "topics are public unless access control is set up"), a Home Assistant
 * webhook id is the webhook's only authentication (https://www.home-assistant.io/docs/automation/trigger/#webhook-trigger),
 * and user:password or `?token=` travel in URLs too.
 */

/** What a redacted URL looks like, and whether anything was hidden. */
export interface RedactedUrl {
  /** `https://ntfy.sh/…`: the origin, then `…` when a path, query, fragment or user info was hidden. */
  shown: string;
  hidden: boolean;
}

export function redactUrl(url: string): RedactedUrl {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The config schema accepts only URLs; should one still not parse, nothing of it is shown.
    return { shown: '(not a URL)', hidden: true };
  }
  const hidden =
    (parsed.pathname !== '/' && parsed.pathname !== '') ||
    parsed.search !== '' ||
    parsed.hash !== '' ||
    parsed.username !== '' ||
    parsed.password !== '';
  // URL.origin is "null" for schemes it does not know; rebuild it from the parts that are never secret.
  const origin = `${parsed.protocol}//${parsed.host}`;
  return { shown: hidden ? `${origin}/…` : `${origin}/`, hidden };
}

/**
 * `text` with every copy of `url` in it redacted: some errors quote the URL they were given (Node's fetch refuses a
 * URL with user info and names it in full), and a delivery error is stored and shown.
 */
export function withoutUrl(text: string, url: string): string {
  const copies = new Set([url]);
  try {
    copies.add(new URL(url).href);
  } catch {
    // Not a URL: only the text as written can be in the message.
  }
  let result = text;
  for (const copy of copies) result = result.replaceAll(copy, redactUrl(url).shown);
  return result;
}

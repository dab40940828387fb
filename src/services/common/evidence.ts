import type { ProbeContext, ProbeTarget } from '../../families/device-adapter.ts';
import type { Evidence } from '../../families/facts.ts';

/** Evidence stays short: enough to prove the point, never a whole page (about 300 characters a side). */
export const EVIDENCE_MAX_CHARS = 300;

/**
 * Makes device text safe to store and show: control characters (ANSI escapes, NUL, bells) and bidi overrides
 * become `\u{NN}`, line feeds and tabs stay, and the result is cut at `maxChars` with an ellipsis. Outputs escape again for their medium.
 */
export function printable(text: string, maxChars = EVIDENCE_MAX_CHARS): string {
  let cleaned = '';
  // A lone CR can overwrite a terminal line ("\r$ rm -rf"), so only CR LF pairs survive, as LF.
  for (const char of text.replace(/\r\n/g, '\n')) {
    const code = char.codePointAt(0) ?? 0;
    const control = (code < 0x20 && char !== '\n' && char !== '\t') || (code >= 0x7f && code <= 0x9f);
    // Bidirectional overrides and isolates (U+202A-202E, U+2066-2069) can disguise text in terminals and reports.
    const bidi = (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    cleaned += control || bidi ? `\\u{${code.toString(16)}}` : char;
    if (cleaned.length > maxChars) break;
  }
  return cleaned.length > maxChars ? `${cleaned.slice(0, maxChars)}…` : cleaned;
}

export function evidence(sent: string, received: string): Evidence {
  return { sent: printable(sent), received: printable(received) };
}

/** Where to connect for a real port (the lab may have shifted it), and the endpoint to name in errors. */
export function endpointOf(target: ProbeTarget, port: number): { host: string; port: number } {
  return { host: target.address, port: target.connectPort(port, 'tcp') };
}

/** How the user knows the service: the real port, not the one a lab shifted it to. */
export function describeUrl(scheme: string, target: ProbeTarget, port: number, path = ''): string {
  const host = target.address.includes(':') ? `[${target.address}]` : target.address;
  return `${scheme}://${host}:${port}${path}`;
}

/** The common bounded-request options from a probe context. */
export function bounds(context: ProbeContext): { timeoutMs: number; maxBytes: number; signal: AbortSignal } {
  return { timeoutMs: context.timeoutMs, maxBytes: context.maxBytes, signal: context.signal };
}

/** A password shown as asterisks of fixed length, so evidence reveals neither the secret nor its length. */
export const REDACTED = '****';

/** Redis refuses a query buffer past 1 GB; a lab device can refuse far less. */
export const MAX_PENDING_BYTES = 64 * 1024;

/**
 * One command from the buffer: a RESP array of bulk strings, or an inline command line (`PING\r\n`), as redis-server
 * accepts both (networking.c processMultibulkBuffer / processInlineBuffer). `error` means the bytes are not RESP.
 */
export function readCommand(buf: Buffer): { args: string[]; next: number } | 'error' | undefined {
  if (buf.length === 0) return undefined;
  if (buf[0] !== 0x2a) {
    const eol = buf.indexOf('\n');
    if (eol < 0) return undefined;
    const line = buf.toString('utf8', 0, eol).replace(/\r$/, '');
    return { args: line.split(/\s+/).filter((a) => a.length > 0), next: eol + 1 };
  }
  const eol = buf.indexOf('\r\n');
  if (eol < 0) return undefined;
  const count = Number(buf.toString('utf8', 1, eol));
  if (!Number.isInteger(count) || count < 0 || count > 1024) return 'error';
  const args: string[] = [];
  let pos = eol + 2;
  for (let i = 0; i < count; i++) {
    if (pos >= buf.length) return undefined;
    if (buf[pos] !== 0x24) return 'error';
    const end = buf.indexOf('\r\n', pos);
    if (end < 0) return undefined;
    const length = Number(buf.toString('utf8', pos + 1, end));
    if (!Number.isInteger(length) || length < 0 || length > MAX_PENDING_BYTES) return 'error';
    if (buf.length < end + 2 + length + 2) return undefined;
    args.push(buf.toString('utf8', end + 2, end + 2 + length));
    pos = end + 2 + length + 2;
  }
  return { args, next: pos };
}

/** Redis's glob-style pattern (KEYS, PSUBSCRIBE): `*`, `?` and `[...]` classes. */
export function matchGlob(pattern: string, text: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '\\' && i + 1 < pattern.length) source += escapeRegex(pattern[++i] as string);
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) source += '\\[';
      else {
        const body = pattern.slice(i + 1, close).replace(/\\/g, '\\\\');
        source += `[${body.startsWith('^') ? `^${body.slice(1)}` : body}]`;
        i = close;
      }
    } else source += escapeRegex(c);
  }
  return new RegExp(`^${source}$`, 's').test(text);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

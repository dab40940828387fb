import { MAX_JSON_DEPTH, TOO_DEEP } from './bounded-json.ts';

// Character codes: the scan compares numbers, which V8 keeps fast even before the loop is optimised.
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isOpen = (c: number): boolean => c === 0x5b || c === 0x7b; // [ {
const isClose = (c: number): boolean => c === 0x5d || c === 0x7d; // ] }

/**
 * The index just past the container that opens at `start`, skipping strings; -1 when it never closes. One
 * linear pass, whatever the nesting.
 */
function endOfContainer(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (isOpen(c)) depth++;
    else if (isClose(c) && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * `JSON.parse` for device text, with every container nested deeper than `maxDepth` (the root is depth 1) replaced
 * by {@link TOO_DEEP} before parsing, as copyJson does after. Why before: V8's `JSON.parse` takes about half a
 * second for 200 KB of arrays nested 100,000 deep (measured on Node 20: 450 ms), and the event loop stalls for all
 * of it: connects to honest devices time out meanwhile (issue 8, found by test/hostile). The cut is one linear
 * pass over the text. Malformed text throws a SyntaxError, as `JSON.parse` does.
 */
export function parseBoundedJson(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  let out = '';
  let copied = 0;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) inString = true;
    else if (isClose(c)) depth--;
    else if (isOpen(c) && ++depth > maxDepth) {
      const end = endOfContainer(text, i);
      if (end < 0) throw new SyntaxError(`JSON container at position ${i} never closes`);
      out += `${text.slice(copied, i)}${JSON.stringify(TOO_DEEP)}`;
      copied = end;
      i = end - 1;
      depth--;
    }
  }
  return JSON.parse(copied === 0 ? text : out + text.slice(copied));
}

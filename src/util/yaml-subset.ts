/**
 * A fast reader for the plain, block-style subset of YAML that iotwarden writes itself (policy files, see
 * src/app/policy/render-policy.ts): block mappings and sequences indented by spaces, comments, JSON-style
 * double-quoted strings, flow sequences of simple items on one line, plain words and small decimal integers.
 *
 * Why: the full parser (the `yaml` package, with positions so errors can name a line) builds a node per token, and on
 * a 250-device policy that was most of `policy export` (bench:policy). A file in this subset is read here without
 * positions; anything else (anchors, tags, block scalars, single quotes, multi-line values, tabs, duplicate keys,
 * special words such as `null` or `yes`, floats, …) makes this return undefined, and the caller parses it the
 * full way. For every text it accepts it must give exactly what `yaml` gives (YAML 1.2 core schema; checked against
 * the package by yaml-subset.test.ts), so it never decides anything the full parser would decide differently.
 */

interface Line {
  /** Leading spaces. */
  indent: number;
  content: string;
}

/** Bail-out marker: the text is outside the subset. */
class OutsideSubset extends Error {}

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const WORD = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const INTEGER = /^(?:0|[1-9][0-9]{0,14})$/;
/** Plain words the core schema reads as something other than a string (YAML 1.2.2 §10.3.2), and JS specials. */
const SPECIAL = new Set([
  'null',
  'Null',
  'NULL',
  'true',
  'True',
  'TRUE',
  'false',
  'False',
  'FALSE',
  '__proto__',
  'constructor',
  'prototype',
]);

/**
 * The value of `text` when it is in the subset, else undefined. Never throws on any input.
 */
export function parseYamlSubset(text: string): { value: unknown } | undefined {
  try {
    const lines = contentLines(text);
    if (lines.length === 0 || lines[0]!.indent !== 0) return undefined;
    const cursor = { lines, at: 0, depth: 0 };
    const value = parseBlock(cursor, 0);
    if (cursor.at !== lines.length) return undefined;
    return { value };
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    throw error;
  }
}

function outside(): never {
  throw new OutsideSubset();
}

/** Lines with content: comments and blank lines dropped; any character the subset does not allow bails out. */
function contentLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    start = end + 1;
    checkCharacters(raw);
    let indent = 0;
    while (indent < raw.length && raw.charCodeAt(indent) === 32) indent += 1;
    const content = raw.slice(indent).trimEnd();
    if (content === '' || content.startsWith('#')) continue;
    lines.push({ indent, content });
  }
  return lines;
}

/**
 * Printable ASCII, and characters from U+00A0 up that need no care in YAML (YAML 1.2.2 §5.1 c-printable): no
 * controls, tabs, line separators or byte-order marks; astral characters (emoji) only as whole surrogate pairs.
 */
function checkCharacters(raw: string): void {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = raw.charCodeAt(i + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) outside();
      i += 1;
      continue;
    }
    if (c < 0xa0 || (c >= 0xdc00 && c <= 0xdfff) || c === 0x2028 || c === 0x2029 || c >= 0xfeff) outside();
  }
}

interface Cursor {
  lines: Line[];
  at: number;
  /** Blocks open: deeper nesting than MAX_DEPTH is left to the full parser rather than to the call stack. */
  depth: number;
}

/** Far deeper than any policy (four levels); `- - - …` on one line nests once per dash. */
const MAX_DEPTH = 64;

function parseBlock(cursor: Cursor, indent: number): unknown {
  const line = cursor.lines[cursor.at]!;
  if (cursor.depth >= MAX_DEPTH) outside();
  cursor.depth += 1;
  const value = isItem(line.content) ? parseSequence(cursor, indent) : parseMapping(cursor, indent);
  cursor.depth -= 1;
  return value;
}

function isItem(content: string): boolean {
  return content === '-' || content.startsWith('- ');
}

/** A block sequence; `compact` when it is a mapping value at its key's column, which a next key ends. */
function parseSequence(cursor: Cursor, indent: number, compact = false): unknown[] {
  const items: unknown[] = [];
  while (cursor.at < cursor.lines.length) {
    const line = cursor.lines[cursor.at]!;
    if (line.indent < indent || (compact && line.indent === indent && !isItem(line.content))) break;
    if (line.indent > indent || !isItem(line.content)) outside();
    if (line.content === '-') {
      cursor.at += 1;
      items.push(nested(cursor, indent));
      continue;
    }
    // `- key: value` or `- - x`: the item is a block that starts after the dash, at the column of its first character.
    let spaces = 1;
    while (line.content.charCodeAt(1 + spaces) === 32) spaces += 1;
    const rest = line.content.slice(1 + spaces);
    if (isItem(rest) || keyOf(rest) !== undefined) {
      cursor.lines[cursor.at] = { indent: indent + 1 + spaces, content: rest };
      items.push(parseBlock(cursor, indent + 1 + spaces));
    } else {
      items.push(inlineValue(rest));
      cursor.at += 1;
    }
  }
  return items;
}

/** The value of a key or dash with nothing after it: a block indented deeper, or null when none follows. */
function nested(cursor: Cursor, indent: number): unknown {
  const next = cursor.lines[cursor.at];
  if (!next || next.indent <= indent) outside(); // an empty value (null): left to the full parser
  return parseBlock(cursor, next.indent);
}

function parseMapping(cursor: Cursor, indent: number): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  while (cursor.at < cursor.lines.length) {
    const line = cursor.lines[cursor.at]!;
    if (line.indent < indent) break;
    if (line.indent > indent) outside();
    const key = keyOf(line.content);
    if (key === undefined || Object.hasOwn(map, key)) outside();
    const rest = line.content.slice(key.length + 1).trimStart();
    cursor.at += 1;
    if (rest !== '' && !rest.startsWith('#')) {
      map[key] = inlineValue(rest);
      continue;
    }
    // `key:` then a block: deeper, or a sequence at the key's own column (YAML 1.2.2 §8.2.3, compact notation).
    const next = cursor.lines[cursor.at];
    map[key] =
      next && next.indent === indent && isItem(next.content)
        ? parseSequence(cursor, indent, true)
        : nested(cursor, indent);
  }
  return map;
}

/** `key` of a `key: …` or `key:` line with a plain, ordinary key; undefined otherwise. */
function keyOf(content: string): string | undefined {
  const colon = content.indexOf(':');
  if (colon <= 0) return undefined;
  const after = content.charCodeAt(colon + 1);
  if (!Number.isNaN(after) && after !== 32) return undefined;
  const key = content.slice(0, colon);
  return KEY.test(key) && !SPECIAL.has(key) ? key : undefined;
}

/** A value on the rest of a line: a quoted string, a flow sequence or a plain word, then at most a comment. */
function inlineValue(rest: string): unknown {
  let value: unknown;
  let end: number;
  if (rest.startsWith('"')) [value, end] = quoted(rest, 0);
  else if (rest.startsWith('[')) [value, end] = flowSequence(rest);
  else {
    end = rest.search(/\s|$/);
    value = plain(rest.slice(0, end));
  }
  const tail = rest.slice(end);
  if (tail !== '' && !/^\s+#/.test(tail)) outside();
  return value;
}

/** A double-quoted string whose escapes are all JSON's (a subset of YAML's, same meaning), read by JSON.parse. */
function quoted(text: string, from: number): [string, number] {
  let i = from + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') return [JSON.parse(text.slice(from, i + 1)) as string, i + 1];
    if (c === '\\') {
      const escaped = text[i + 1] ?? '';
      if (escaped === 'u') {
        if (!/^[0-9A-Fa-f]{4}$/.test(text.slice(i + 2, i + 6))) outside();
        i += 6;
        continue;
      }
      if (escaped === '' || !'"\\/bfnrt'.includes(escaped)) outside();
      i += 2;
      continue;
    }
    i += 1;
  }
  return outside(); // no closing quote on this line: a multi-line string
}

/** `[a, b, "c"]` on one line: plain words, small integers and quoted strings; nothing nested. */
function flowSequence(text: string): [unknown[], number] {
  const items: unknown[] = [];
  let i = 1;
  const skipSpaces = (): void => {
    while (text[i] === ' ') i += 1;
  };
  skipSpaces();
  if (text[i] === ']') return [items, i + 1];
  for (;;) {
    skipSpaces();
    if (text[i] === '"') {
      const [value, end] = quoted(text, i);
      items.push(value);
      i = end;
    } else {
      const start = i;
      while (i < text.length && !' ,[]{}#'.includes(text[i]!)) i += 1;
      items.push(plain(text.slice(start, i)));
    }
    skipSpaces();
    if (text[i] === ']') return [items, i + 1];
    if (text[i] !== ',') outside();
    i += 1;
  }
}

function plain(word: string): string | number {
  if (INTEGER.test(word)) return Number(word);
  if (!WORD.test(word) || SPECIAL.has(word)) outside();
  return word;
}

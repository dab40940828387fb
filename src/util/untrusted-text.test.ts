import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeJsonControls, jsonText, MAX_LINE_CHARS, sanitizeText } from './untrusted-text.ts';

/** Anything a terminal would act on: C0 (but LF and tab where allowed), DEL, C1, bidi controls, separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters
const RAW_CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the test looks for exactly these characters
const RAW_CONTROL_MULTILINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

describe('sanitizeText', () => {
  it('turns ESC-based sequences into visible text instead of dropping them', () => {
    expect(sanitizeText('\u001b[1;31mred\u001b[0m')).toBe('\\x1b[1;31mred\\x1b[0m');
    expect(sanitizeText('a\u001b[2J\u001b[Hb')).toBe('a\\x1b[2J\\x1b[Hb');
    expect(sanitizeText('\u001b]0;pwned title\u0007visible')).toBe('\\x1b]0;pwned title\\x07visible');
    expect(sanitizeText('\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\')).toBe(
      '\\x1b]8;;http://x\\x1b\\link\\x1b]8;;\\x1b\\',
    );
    expect(sanitizeText('\u001bPq#0;2;0;0;0\u001b\\')).toBe('\\x1bPq#0;2;0;0;0\\x1b\\');
  });

  it('shows C1 controls (CSI, OSC, DCS, ST, NEL) as \\u00XX', () => {
    expect(sanitizeText('x\u009b31my')).toBe('x\\u009b31my');
    expect(sanitizeText('\u009d8;;http://evil\u009clink\u0090q\u009c\u0085')).toBe(
      '\\u009d8;;http://evil\\u009clink\\u0090q\\u009c\\u0085',
    );
  });

  it('shows a lone CR, BEL, NUL, DEL and bidi overrides', () => {
    expect(sanitizeText('ok\r$ rm -rf ~')).toBe('ok\\r$ rm -rf ~');
    expect(sanitizeText('a\u0000b\u0007c\u007fd\u202ee\u2066f\u2028g')).toBe(
      'a\\x00b\\x07c\\x7fd\\u202ee\\u2066f\\u2028g',
    );
    expect(sanitizeText('lone \ud800 surrogate, paired 😀')).toBe('lone \\ud800 surrogate, paired 😀');
  });

  it('escapes line breaks on one line, keeps them in blocks, and reads CRLF as a line end there', () => {
    expect(sanitizeText('one\r\ntwo\tthree')).toBe('one\\r\\ntwo\\tthree');
    expect(sanitizeText('one\r\ntwo\tthree', { multiline: true })).toBe('one\ntwo\tthree');
    expect(sanitizeText('one\rtwo', { multiline: true })).toBe('one\\rtwo');
    expect(sanitizeText('héllo ✓ 日本 back\\slash')).toBe('héllo ✓ 日本 back\\slash');
  });

  it('caps the length with an ellipsis, never splitting an escape', () => {
    expect(sanitizeText('x'.repeat(5000))).toHaveLength(MAX_LINE_CHARS);
    expect(sanitizeText('x'.repeat(5000)).endsWith('…')).toBe(true);
    expect(sanitizeText('abcdef', { maxLength: 6 })).toBe('abcdef');
    expect(sanitizeText('abcdefg', { maxLength: 6 })).toBe('abcde…');
    expect(sanitizeText('abc\u001bdef', { maxLength: 6 })).toBe('abc…');
    expect(sanitizeText('😀😀😀', { maxLength: 4 })).toBe('😀…');
  });

  it('never lets a control character through, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 1, max: 400 }), (text, max) => {
        const line = sanitizeText(text, { maxLength: max });
        const block = sanitizeText(text, { multiline: true, maxLength: max });
        expect(line).not.toMatch(RAW_CONTROL);
        expect(block).not.toMatch(RAW_CONTROL_MULTILINE);
        expect(line.length).toBeLessThanOrEqual(max);
        expect(block.length).toBeLessThanOrEqual(max);
      }),
      { seed: 8, numRuns: 500 },
    );
  });
});

describe('jsonText', () => {
  it('escapes C1, DEL, bidi and separators as \\u00XX and keeps the value', () => {
    const value = { name: 'a\u009bb\u0085c\u007fd\u202ee\u2028f\u001bg' };
    const text = jsonText(value);
    expect(text).toContain('a\\u009bb\\u0085c\\u007fd\\u202ee\\u2028f\\u001bg');
    expect(text).not.toMatch(RAW_CONTROL_MULTILINE);
    expect(JSON.parse(text)).toEqual(value);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('round-trips any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const json = escapeJsonControls(JSON.stringify({ text }));
        expect(json).not.toMatch(RAW_CONTROL);
        expect(JSON.parse(json)).toEqual({ text });
      }),
      { seed: 9, numRuns: 500 },
    );
  });
});

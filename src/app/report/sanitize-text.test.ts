import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, markdownCodeBlock, sanitizeText } from './sanitize-text.ts';

describe('sanitizeText', () => {
  it('removes CSI colour and cursor sequences, OSC titles and C1 CSI', () => {
    expect(sanitizeText('\u001b[1;31mred\u001b[0m')).toBe('red');
    expect(sanitizeText('a\u001b[2J\u001b[Hb')).toBe('ab');
    expect(sanitizeText('\u001b]0;pwned title\u0007visible')).toBe('visible');
    expect(sanitizeText('\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\')).toBe('link');
    expect(sanitizeText('x\u009b31my')).toBe('xy');
  });

  it('drops NUL, DEL, C1 and bidi controls; turns line breaks into spaces unless multiline', () => {
    expect(sanitizeText('a\u0000b\u007fc\u0085d\u202ee\u2066f')).toBe('abcdef');
    expect(sanitizeText('one\r\ntwo\tthree')).toBe('one  two three');
    expect(sanitizeText('one\r\ntwo\tthree', { multiline: true })).toBe('one\ntwo\tthree');
    expect(sanitizeText('héllo ✓ 日本')).toBe('héllo ✓ 日本');
  });
});

describe('format escaping', () => {
  it('escapes HTML metacharacters including quotes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes Markdown syntax and line-start markers', () => {
    expect(escapeMarkdown('*bold* [link](x) <b> | `code`')).toBe('\\*bold\\* \\[link\\](x) \\<b\\> \\| \\`code\\`');
    expect(escapeMarkdown('# heading')).toBe('\\# heading');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
    expect(escapeMarkdown('127.77.1.2')).toBe('127.77.1.2');
    expect(escapeMarkdown('&amp;')).toBe('&amp;amp;');
  });

  it('uses a fence longer than any backtick run inside the block', () => {
    const block = markdownCodeBlock('```\ninjected\n````');
    expect(block.startsWith('`````text\n')).toBe(true);
    expect(block.endsWith('\n`````')).toBe(true);
  });
});

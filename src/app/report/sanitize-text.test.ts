import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, markdownCodeBlock } from './sanitize-text.ts';

describe('format escaping', () => {
  it('escapes HTML metacharacters including quotes, after making control characters visible', () => {
    expect(escapeHtml('<b>\u001b[2J</b>')).toBe('&lt;b&gt;\\x1b[2J&lt;/b&gt;');
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
    // The backslash of a visible escape is itself escaped, so Markdown shows \x1b rather than eating the backslash.
    expect(escapeMarkdown('a\u001bb')).toBe('a\\\\x1bb');
  });

  it('uses a fence longer than any backtick run inside the block', () => {
    const block = markdownCodeBlock('```\ninjected\n````');
    expect(block.startsWith('`````text\n')).toBe(true);
    expect(block.endsWith('\n`````')).toBe(true);
  });
});

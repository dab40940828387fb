import { describe, expect, it } from 'vitest';
import { EVIL_NAME } from '../../lab/kinds/hostile/evil-shelly.ts';
import { extractTitle, hasPasswordField } from '../http/html.ts';
import { evidence, printable } from './evidence.ts';

describe('evidence text from devices', () => {
  it('neutralises ANSI escapes, NUL, bells, lone carriage returns and bidi overrides', () => {
    const safe = printable(EVIL_NAME, 1000);
    const forbidden = [...safe].filter((c) => {
      const code = c.codePointAt(0) ?? 0;
      return (code < 0x20 && c !== '\n' && c !== '\t') || code === 0x7f || code === 0x202e;
    });
    expect(forbidden).toEqual([]);
    expect(safe).toContain('\\u{1b}[2J');
    expect(safe).toContain('\\u{0}');
    expect(safe).toContain('\\u{d}$ rm -rf');
    expect(safe).toContain('\\u{202e}');
    // HTML stays text here; the report renderers escape it for their medium.
    expect(safe).toContain('<script>alert(1)</script>');
  });

  it('keeps CR LF line structure as LF and caps the length', () => {
    expect(printable('a\r\nb\tc')).toBe('a\nb\tc');
    const long = evidence('x'.repeat(1000), 'y');
    expect(long.sent.length).toBe(301);
    expect(long.sent.endsWith('…')).toBe(true);
  });

  it('reads page titles with entities and finds login forms', () => {
    expect(extractTitle('<html><head><title>OpenWrt&nbsp;-&#32;LuCI</title>')).toBe('OpenWrt - LuCI');
    expect(extractTitle('<title>\n  a\n  b </title>')).toBe('a b');
    expect(extractTitle('<title></title>')).toBeUndefined();
    expect(hasPasswordField('<input name="p" type="password">')).toBe(true);
    expect(hasPasswordField('<input type=password>')).toBe(true);
    expect(hasPasswordField('<input type="text" placeholder="password">')).toBe(false);
  });
});

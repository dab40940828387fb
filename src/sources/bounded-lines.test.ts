import { describe, expect, it } from 'vitest';
import { BoundedLineSplitter } from './bounded-lines.ts';

/** Feeds `chunks` through a splitter with a `max`-byte limit; returns the lines and how many were too long. */
function split(chunks: Array<string | Buffer>, max = 8): { lines: string[]; overlong: number } {
  let overlong = 0;
  const splitter = new BoundedLineSplitter(max, () => {
    overlong += 1;
  });
  const lines: string[] = [];
  for (const chunk of chunks) lines.push(...splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
  lines.push(...splitter.end());
  return { lines, overlong };
}

describe('BoundedLineSplitter', () => {
  it('splits on LF and CRLF, keeps empty lines, and returns a last line without a newline', () => {
    expect(split(['a\r\nb\n\nc'])).toEqual({ lines: ['a', 'b', '', 'c'], overlong: 0 });
    expect(split(['a\n'])).toEqual({ lines: ['a'], overlong: 0 });
  });

  it('joins lines across chunks and keeps a UTF-8 character split between them whole', () => {
    const bytes = Buffer.from('grüße\nok\n');
    expect(split([bytes.subarray(0, 3), bytes.subarray(3, 5), bytes.subarray(5)], 64).lines).toEqual(['grüße', 'ok']);
  });

  it('accepts a line of exactly the limit and skips one byte more, once, however many chunks it spans', () => {
    expect(split(['12345678\n'])).toEqual({ lines: ['12345678'], overlong: 0 });
    expect(split(['123456789\nok\n'])).toEqual({ lines: ['ok'], overlong: 1 });
    expect(split(['1234', '5678', '9abc', 'defg', '\nok\n', 'x'.repeat(20)])).toEqual({ lines: ['ok'], overlong: 2 });
  });
});

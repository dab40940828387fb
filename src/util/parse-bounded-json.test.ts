import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyJson, TOO_DEEP } from './bounded-json.ts';
import { parseBoundedJson } from './parse-bounded-json.ts';

const LEVELS = 100_000;

describe('parseBoundedJson', () => {
  it('parses 100,000 nested arrays in a few milliseconds, cutting them at the depth limit', () => {
    const text = `{"login":{"enabled":false},"deep":${'['.repeat(LEVELS)}1${']'.repeat(LEVELS)}}`;
    const started = performance.now();
    const value = parseBoundedJson(text) as { login: unknown; deep: unknown };
    const boundedMs = performance.now() - started;
    // JSON.parse alone takes about 450 ms here (issue 8): the scan's event loop must not stall that long.
    const plainStarted = performance.now();
    JSON.parse(text);
    expect(boundedMs).toBeLessThan((performance.now() - plainStarted) / 2);
    expect(value.login).toEqual({ enabled: false });
    expect(JSON.stringify(value)).toContain(TOO_DEEP);
    expect(value).toEqual(copyJson(JSON.parse(text)));
  });

  it('keeps brackets inside strings, escapes included', () => {
    const text = '{"a":"[[[{\\"]]]","b":[["x"]]}';
    expect(parseBoundedJson(text, 2)).toEqual({ a: '[[[{"]]]', b: [TOO_DEEP] });
  });

  it('equals JSON.parse then copyJson for any JSON value (seeded)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 1, max: 6 }), (value, maxDepth) => {
        const text = JSON.stringify(value);
        expect(parseBoundedJson(text, maxDepth)).toEqual(copyJson(JSON.parse(text), { maxDepth }));
      }),
      { seed: 8, numRuns: 300 },
    );
  });

  it('throws a SyntaxError for malformed text, as JSON.parse does', () => {
    expect(() => parseBoundedJson('[[[[')).toThrow(SyntaxError);
    expect(() => parseBoundedJson('{"a":}')).toThrow(SyntaxError);
    expect(() => parseBoundedJson(`${'['.repeat(LEVELS)}`)).toThrow(SyntaxError);
  });
});

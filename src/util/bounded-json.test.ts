import { describe, expect, it } from 'vitest';
import { copyJson, deeperThan, jsonPreview, TOO_DEEP } from './bounded-json.ts';

/** `depth` nested arrays around a number, parsed from text as a device's answer would be. */
function nestedArrays(depth: number): unknown {
  return JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`);
}

describe('bounded JSON walks', () => {
  it('copy a JSON value exactly when it is shallow', () => {
    const value = { a: [1, { b: 'x', c: null }], d: true, e: { f: [] } };
    expect(copyJson(value)).toEqual(value);
    expect(copyJson(value)).not.toBe(value);
    expect(copyJson('text')).toBe('text');
  });

  it('survive 100,000 levels of nesting and cut them at the limit', () => {
    const deep = nestedArrays(100_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    let cuts = 0;
    const copy = copyJson({ ok: 1, deep }, { maxDepth: 4, onCut: () => cuts++ });
    expect(copy).toEqual({ ok: 1, deep: [[[TOO_DEEP]]] });
    expect(cuts).toBe(1);
    expect(deeperThan(deep)).toBe(true);
    expect(deeperThan({ a: { b: 1 } })).toBe(false);
    expect(jsonPreview(deep, 1000)).toBe(`${'['.repeat(16)}"${TOO_DEEP}"${']'.repeat(16)}`);
  });

  it('map leaves with their key and keep a "__proto__" key as data', () => {
    const value = JSON.parse('{"password":"s3cret","list":["password"],"__proto__":{"polluted":true}}');
    const copy = copyJson(value, { leaf: (v, key) => (key === 'password' ? '***' : v) }) as Record<string, unknown>;
    expect(copy.password).toBe('***');
    expect(copy.list).toEqual(['password']);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('preview undefined and long values readably', () => {
    expect(jsonPreview(undefined)).toBe('undefined');
    expect(jsonPreview({ a: 'x'.repeat(500) }, 10)).toBe('{"a":"xxxx…');
  });
});

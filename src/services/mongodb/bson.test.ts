import { describe, expect, it } from 'vitest';
import { IotwardenError } from '../../errors/index.ts';
import { BsonDouble, BsonInt64, decodeBson, encodeBson } from './bson.ts';

describe('BSON codec', () => {
  it('encodes the bsonspec.org examples byte for byte', () => {
    // https://bsonspec.org/faq.html: {"hello": "world"} and {"BSON": ["awesome", 5.05, 1986]}
    expect(encodeBson({ hello: 'world' })).toEqual(
      Buffer.from('\x16\x00\x00\x00\x02hello\x00\x06\x00\x00\x00world\x00\x00', 'latin1'),
    );
    expect(encodeBson({ BSON: ['awesome', 5.05, 1986] })).toEqual(
      Buffer.from(
        '\x31\x00\x00\x00\x04BSON\x00\x26\x00\x00\x00\x020\x00\x08\x00\x00\x00awesome\x00' +
          '\x011\x00\x33\x33\x33\x33\x33\x33\x14\x40\x102\x00\xc2\x07\x00\x00\x00\x00',
        'latin1',
      ),
    );
  });

  it('round-trips the types the handshake uses', () => {
    const date = new Date(Date.UTC(2026, 0, 1));
    const doc = decodeBson(
      encodeBson({ ok: new BsonDouble(1), n: 3, big: new BsonInt64(5n), t: true, d: date, nested: { a: [null] } }),
    );
    expect(doc.ok).toBe(1);
    expect(doc.n).toBe(3);
    expect((doc.big as BsonInt64).value).toBe(5n);
    expect(doc.t).toBe(true);
    expect(doc.d).toEqual(date);
    expect(doc.nested).toEqual({ a: [null] });
  });

  it('rejects truncated and lying lengths with a typed error instead of reading past the buffer', () => {
    const good = encodeBson({ hello: 'world' });
    expect(() => decodeBson(good.subarray(0, 10))).toThrow(IotwardenError);
    const lying = Buffer.from(good);
    lying.writeInt32LE(0x7fffffff, 11); // the string claims 2 GB
    expect(() => decodeBson(lying)).toThrow(IotwardenError);
  });

  it('never lets a __proto__ key reach the prototype', () => {
    const doc = decodeBson(encodeBson(JSON.parse('{"__proto__": {"polluted": 1}}')));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseYamlSubset } from './yaml-subset.ts';

/** What the full parser makes of a text: its value, or undefined when it reports an error. */
function full(text: string): { value: unknown } | undefined {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  return doc.errors.length > 0 ? undefined : { value: doc.toJS() };
}

const ordinary = fc.constantFrom('confine', 'local-only', 'tcp/443', 'udp/53', 'icmp', 'dns', 'x.y', 'a_b', '12');
const edgy = fc.constantFrom(
  'confine',
  'local-only',
  'tcp/443',
  'udp/53',
  'icmp',
  'yes',
  'no',
  'on',
  'null',
  'true',
  'True',
  'x.y',
  'a_b',
  '0',
  '7',
  '12',
  '007',
  '1.5',
  '-3',
  '1e3',
  '.inf',
  '~',
);
const text = fc.string({
  unit: fc.constantFrom('a', 'é', ' ', '#', ':', '"', '\\', '/', '-', '[', ',', '\u00a0', '😀'),
});
const word = fc.oneof({ arbitrary: ordinary, weight: 4 }, { arbitrary: edgy, weight: 1 });
const scalar = fc.oneof(
  word,
  text.map((t) => JSON.stringify(t)),
);
const key = fc.oneof(
  { arbitrary: fc.constantFrom('device', 'allow', 'mode', 'ports', 'name', 'a-b', 'x', 'suffix', 'note'), weight: 9 },
  { arbitrary: fc.constantFrom('null', '__proto__', 'true'), weight: 1 },
);

/** Renders a random value in the block style the policy renderer uses, with random indents and comments. */
const block: fc.Memo<string[]> = fc.memo((depth) =>
  depth <= 1
    ? fc
        .uniqueArray(fc.tuple(key, scalar), { minLength: 1, maxLength: 3, selector: ([k]) => k })
        .map((pairs) => pairs.map(([k, v]) => `${k}: ${v}`))
    : fc.oneof(
        fc
          .uniqueArray(fc.tuple(key, fc.oneof(scalar, block(depth - 1)), fc.constantFrom(2, 4)), {
            minLength: 1,
            maxLength: 3,
            selector: ([k]) => k,
          })
          .map((entries) =>
            entries.flatMap(([k, v, indent]) =>
              typeof v === 'string' ? [`${k}: ${v}`] : [`${k}:`, ...v.map((l) => ' '.repeat(indent) + l)],
            ),
          ),
        fc
          .array(
            fc.oneof(
              block(depth - 1),
              fc.array(scalar, { maxLength: 3 }).map((s) => [`[${s.join(', ')}]`]),
            ),
            {
              minLength: 1,
              maxLength: 3,
            },
          )
          .map((items) => items.flatMap((lines) => [`- ${lines[0]}`, ...lines.slice(1).map((l) => `  ${l}`)])),
        block(depth - 1).map((lines) => ['# a comment', ...lines, '', '  # an indented comment']),
      ),
);

/** A text, then maybe one character inserted, removed or replaced, to reach the edges of the subset. */
const documents = fc
  .tuple(
    block(4),
    fc.nat(),
    fc.constantFrom('', ' ', '\t', '-', ':', '#', '"', '&a', '*a', '!', '|', '\r', "'", '[', ']', '{', '? '),
    fc.oneof(
      { arbitrary: fc.constantFrom('insert', 'remove', 'replace'), weight: 1 },
      { arbitrary: fc.constant('none'), weight: 1 },
    ),
  )
  .map(([lines, at, piece, how]) => {
    const doc = `${lines.join('\n')}\n`;
    const i = at % (doc.length + 1);
    if (how === 'insert') return doc.slice(0, i) + piece + doc.slice(i);
    if (how === 'remove') return doc.slice(0, i) + doc.slice(i + 1);
    if (how === 'replace') return doc.slice(0, i) + piece + doc.slice(i + 1);
    return doc;
  });

describe('parseYamlSubset', () => {
  it('gives exactly what the yaml package gives, for every text it accepts (and declines the rest)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(documents, (doc) => {
        const fast = parseYamlSubset(doc);
        if (fast === undefined) return;
        accepted += 1;
        expect(full(doc)).toEqual(fast);
      }),
      { numRuns: 5000, seed: 14 },
    );
    // The property says nothing if nearly everything is declined.
    expect(accepted).toBeGreaterThan(1500);
  });

  it('reads a rendered policy and declines what only the full parser can answer', () => {
    const policy = [
      '# header',
      'version: 1',
      'devices:',
      '  # kitchen plug',
      '  - device: "Küche \\"plug\\""',
      '    mode: confine',
      '    defaults: [dhcp, dns, ntp]',
      '    allow:',
      '      # seen: 3 flows on 1 day',
      '      - name: "api.vendor.example"',
      '        ports: [tcp/443, udp/123]',
      '  - device: "b"',
      '    mode: local-only',
      '    defaults: []',
      '    allow: []',
      '',
    ].join('\n');
    expect(parseYamlSubset(policy)).toEqual(full(policy));
    expect(parseYamlSubset(policy)?.value).toMatchObject({ version: 1, devices: [{ device: 'Küche "plug"' }, {}] });
    expect(parseYamlSubset(`a: ${'- '.repeat(100_000)}x\n`)).toBeUndefined();
    expect(parseYamlSubset(`${'- '.repeat(100_000)}x\n`)).toBeUndefined();
    for (const declined of [
      'a: &x 1\nb: *x\n',
      'a: 1\na: 2\n',
      'a:\n',
      'a: |\n  x\n',
      "a: 'x'\n",
      'a:\tb\n',
      'a: 1.5\n',
    ]) {
      expect(parseYamlSubset(declined), declined).toBeUndefined();
    }
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.ts';
import { MAX_ALIAS_NODES, YAML_ALIAS_ERROR_CODES } from './yaml-anchors.ts';
import { MAX_YAML_CHARS, parseYamlSource, YAML_TOO_LARGE } from './yaml-source.ts';

function errorOf(text: string): ConfigError {
  try {
    parseYamlSource(text, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('parsed although it should have been refused');
}

describe('YAML anchors and aliases', () => {
  it('expands ordinary reuse: one block of settings shared by many devices', () => {
    const devices = Array.from({ length: 300 }, (_, i) => `  - { name: d${i}, auth: *login }`).join('\n');
    const text = `login: &login { enabled: true, username: admin }\ndevices:\n${devices}\n`;
    const { value } = parseYamlSource(text, 'test.yaml');
    const parsed = value as { devices: Array<{ auth: unknown }> };
    expect(parsed.devices).toHaveLength(300);
    expect(parsed.devices[299]?.auth).toEqual({ enabled: true, username: 'admin' });
  });

  it(`accepts aliases adding exactly ${MAX_ALIAS_NODES} values and refuses one more, at its line`, () => {
    // A list and its 99 items are 100 values; 100 aliases of it add exactly the limit.
    const head = `one: &one 1\nv: &v [${Array(99).fill('x').join(', ')}]\nlist:\n`;
    const uses = Array.from({ length: MAX_ALIAS_NODES / 100 }, () => '  - *v\n').join('');
    expect(() => parseYamlSource(head + uses, 'test.yaml')).not.toThrow();
    const error = errorOf(`${head + uses}  - *one\n`);
    expect(error.code).toBe(YAML_ALIAS_ERROR_CODES.aliasLimit);
    expect(error.line).toBe(3 + MAX_ALIAS_NODES / 100 + 1);
  });

  it('counts what nested aliases expand to, not how many aliases there are', () => {
    // 4 aliases of a 4,000-value list are only 4 aliases, but 16,000 values.
    const big = `[${Array(3999).fill('x').join(',')}]`;
    const error = errorOf(`big: &big ${big}\ncopies: [*big, *big, *big, *big]\n`);
    expect(error.code).toBe(YAML_ALIAS_ERROR_CODES.aliasLimit);
    expect(error.line).toBe(2);
  });

  it('refuses an alias inside the node it names (a cycle)', () => {
    const error = errorOf('a: 1\nloop: &r\n  self: *r\n');
    expect(error.code).toBe(YAML_ALIAS_ERROR_CODES.alias);
    expect(error.message).toContain('test.yaml:3: alias *r is inside the node it refers to');
  });

  it('refuses an alias used before its anchor, naming the alias line', () => {
    const error = errorOf('first: *late\nsecond: &late 2\n');
    expect(error.code).toBe(YAML_ALIAS_ERROR_CODES.alias);
    expect(error.line).toBe(1);
  });

  it('names the line of a duplicate anchor and of the first one', () => {
    const error = errorOf('a: &x 1\nb:\n  c: 2\nd: &x 3\ne: *x\n');
    expect(error.line).toBe(4);
    expect(error.message).toContain('first on line 1');
  });
});

describe('YAML text size', () => {
  it(`parses ${MAX_YAML_CHARS} characters and refuses one more, naming the file`, () => {
    const text = (n: number) => `a: 1\n#${'x'.repeat(n - 7)}\n`;
    expect(parseYamlSource(text(MAX_YAML_CHARS), 'test.yaml').value).toEqual({ a: 1 });
    const error = errorOf(text(MAX_YAML_CHARS + 1));
    expect(error.code).toBe(YAML_TOO_LARGE);
    expect(error.message).toContain('test.yaml: ');
  });
});

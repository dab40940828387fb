import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.ts';
import { MAX_YAML_CHARS, YAML_TOO_LARGE } from '../util/yaml-source.ts';
import { loadConfig } from './load-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'iotwarden-config-'));

/** A valid config of exactly `bytes` bytes: one network, then comment lines. */
function configOf(name: string, bytes: number): string {
  const head = 'networks:\n  - 127.77.9.0/24\n';
  const line = `# ${'x'.repeat(77)}\n`;
  let text = head + line.repeat(Math.floor((bytes - head.length) / line.length));
  text += `#${'x'.repeat(bytes - text.length - 2)}\n`;
  expect(Buffer.byteLength(text)).toBe(bytes);
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('loadConfig reads a bounded amount', () => {
  it(`reads a config of exactly ${MAX_YAML_CHARS} bytes and refuses one byte more, naming the file`, () => {
    expect(loadConfig(configOf('max.yaml', MAX_YAML_CHARS)).config.networks).toEqual(['127.77.9.0/24']);
    const file = configOf('over.yaml', MAX_YAML_CHARS + 1);
    expect(() => loadConfig(file)).toThrow(
      expect.objectContaining({ code: YAML_TOO_LARGE, message: expect.stringContaining(`${file}: is larger than`) }),
    );
  });

  it('refuses an endless file such as /dev/zero instead of reading it into memory', () => {
    expect(() => loadConfig('/dev/zero')).toThrow(ConfigError);
    expect(() => loadConfig('/dev/zero')).toThrow(expect.objectContaining({ code: YAML_TOO_LARGE }));
  });

  it('still names a missing file', () => {
    expect(() => loadConfig(join(dir, 'nope.yaml'))).toThrow(expect.objectContaining({ code: 'ERR_CONFIG' }));
  });
});

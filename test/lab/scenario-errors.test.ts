import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors/index.ts';
import { loadScenarioFile } from '../../src/lab/scenario/load-scenario.ts';

const dir = mkdtempSync(join(tmpdir(), 'iotwarden-scenario-'));

function scenario(name: string, yaml: string): string {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return file;
}

function errorOf(file: string): ConfigError {
  try {
    loadScenarioFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('scenario loaded although it is invalid');
}

describe('scenario validation', () => {
  it('rejects an unknown kind and names its line', () => {
    const file = scenario(
      'kind.yaml',
      'devices:\n  - name: a\n    kind: shelly-gen1\n  - name: b\n    kind: toaster\n',
    );
    const error = errorOf(file);
    expect(error.line).toBe(5);
    expect(error.message).toContain('unknown kind');
    expect(error.message).toContain('shelly-gen1');
  });

  it('rejects two devices on one address', () => {
    const file = scenario(
      'dup.yaml',
      'devices:\n  - name: a\n    kind: shelly-gen1\n    address: 127.77.9.2\n  - name: b\n    kind: shelly-gen2\n    address: 127.77.9.2\n',
    );
    const error = errorOf(file);
    expect(error.message).toContain('duplicate address 127.77.9.2');
    expect(error.line).toBe(7);
  });

  it('rejects a duplicate device name', () => {
    const file = scenario(
      'dupname.yaml',
      'devices:\n  - name: a\n    kind: shelly-gen1\n  - name: a\n    kind: shelly-gen1\n',
    );
    expect(errorOf(file).message).toContain('duplicate device name "a"');
  });

  it('rejects a missing fixture file with its path', () => {
    const file = scenario('fixture.yaml', 'devices:\n  - name: a\n    kind: shelly-gen1\n    fixture: ./nope.json\n');
    const error = errorOf(file);
    expect(error.message).toContain(`fixture file not found: ${join(dir, 'nope.json')}`);
    expect(error.line).toBe(4);
  });

  it('rejects invalid YAML with the line of the problem', () => {
    const file = scenario('broken.yaml', 'devices:\n  - name: a\n    kind: [shelly-gen1\n');
    const error = errorOf(file);
    expect(error.message).toContain('invalid YAML');
    expect(error.line).toBeGreaterThanOrEqual(3);
  });

  it('rejects a misspelt kind setting instead of ignoring it', () => {
    const file = scenario('typo.yaml', 'devices:\n  - name: a\n    kind: shelly-gen1\n    firmwre: 1.0\n');
    const error = errorOf(file);
    expect(error.message).toContain('firmwre');
    expect(error.line).toBe(4);
  });

  it('refuses addresses outside loopback', () => {
    const file = scenario('addr.yaml', 'devices:\n  - name: a\n    kind: shelly-gen1\n    address: 192.168.1.20\n');
    const error = errorOf(file);
    expect(error.message).toContain('loopback');
    expect(error.line).toBe(4);
  });

  it('names the file when it cannot be read', () => {
    expect(errorOf(join(dir, 'missing.yaml')).message).toContain('missing.yaml: cannot read scenario: ENOENT');
  });

  it('places devices without an address in the scenario network and reads relative fixtures', () => {
    writeFileSync(join(dir, 'dump.json'), JSON.stringify({ shelly: { type: 'SHSW-1' } }));
    const file = scenario(
      'ok.yaml',
      'network: 127.77.9.0/24\ndevices:\n  - name: a\n    kind: shelly-gen1\n    fixture: dump.json\n  - name: b\n    kind: shelly-gen2\n    address: 127.77.9.2\n',
    );
    const loaded = loadScenarioFile(file);
    expect(loaded.devices.map((d) => d.address)).toEqual(['127.77.9.3', '127.77.9.2']);
    expect(loaded.devices[0]?.fixture).toEqual({ shelly: { type: 'SHSW-1' } });
  });
});

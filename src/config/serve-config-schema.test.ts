import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.ts';
import { SERVE_DEFAULTS } from './serve-config-schema.ts';

function load(yaml: string) {
  const file = join(mkdtempSync(join(tmpdir(), 'iotwarden-serve-config-')), 'iotwarden.yaml');
  writeFileSync(file, yaml);
  return { file, load: () => loadConfig(file, {}) };
}

describe('serve: and notifications: in iotwarden.yaml', () => {
  it('defaults every schedule and has no notification targets', () => {
    const { config } = load('networks: []\n').load();
    expect(config.serve).toEqual(SERVE_DEFAULTS);
    expect(config.notifications.targets).toEqual([]);
  });

  it('names the line of a bad cron pattern', () => {
    const { file, load: read } = load('networks: []\nserve:\n  scan: "0 */6 * *"\n');
    expect(read).toThrow(`${file}:3: serve.scan: "0 */6 * *" is not a cron pattern`);
  });

  it('names the line of a bad target, an unknown key, and duplicate names', () => {
    const bad = load(
      'notifications:\n  targets:\n    - { name: hook, kind: webhook, url: "ftp://x/" , secretEnv: S }\n',
    );
    expect(bad.load).toThrow(/iotwarden\.yaml:3: notifications\.targets\.0\.url: /);
    const unknown = load(
      'notifications:\n  targets:\n    - name: hook\n      kind: ntfy\n      url: http://127.0.0.1/t\n      sound: loud\n',
    );
    expect(unknown.load).toThrow(/iotwarden\.yaml:6: .*sound/);
    const twice = load(
      'notifications:\n  targets:\n    - { name: a, kind: ntfy, url: "http://127.0.0.1/x" }\n    - { name: a, kind: ntfy, url: "http://127.0.0.1/y" }\n',
    );
    expect(twice.load).toThrow(/target names must be unique/);
    const noSecret = load('notifications:\n  targets:\n    - { name: a, kind: webhook, url: "http://127.0.0.1/x" }\n');
    expect(noSecret.load).toThrow(/secretEnv/);
  });
});

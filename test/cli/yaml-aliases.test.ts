import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testAddress } from '../support/addresses.ts';

const root = resolve(import.meta.dirname, '../..');
const home = mkdtempSync(join(tmpdir(), 'iotwarden-yaml-aliases-'));

/** Runs the CLI as a user would, in an empty directory with its own HOME, so no config or database leaks in. */
function cli(args: string[]) {
  const run = spawnSync(process.execPath, [join(root, 'bin/iotwarden.js'), ...args], {
    cwd: home,
    encoding: 'utf8',
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: '', XDG_DATA_HOME: '', IOTWARDEN_CONFIG: '', IOTWARDEN_DB: '' },
    timeout: 30_000,
  });
  return { status: run.status, stderr: run.stderr };
}

/** Nine levels of nine aliases: 9⁹ (387 million) values once expanded, from 11 lines. */
function billionLaughs(indent: string): string {
  const levels = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
  return levels
    .map((name, i) => {
      const items = i === 0 ? Array(9).fill('lol') : Array(9).fill(`*${levels[i - 1]}`);
      return `${indent}${name}: &${name} [${items.join(', ')}]\n`;
    })
    .join('');
}

interface Case {
  what: string;
  /** The document, and the 1-based line the error must name. */
  config: { text: string; line: number };
  scenario: { text: string; line: number };
  code: string;
  message: RegExp;
}

const device = () => `  - name: plug\n    kind: shelly-gen1\n    address: ${testAddress()}\n`;

const cases: Case[] = [
  {
    what: 'an unresolved alias',
    config: { text: 'networks:\n  - 127.77.9.0/24\nscan:\n  ports: *ports\n', line: 4 },
    scenario: { text: `devices:\n${device()}    auth: *login\n`, line: 5 },
    code: 'ERR_CONFIG_YAML_ALIAS',
    message: /alias \*(ports|login) has no anchor/,
  },
  {
    what: 'an alias bomb ("billion laughs")',
    config: { text: `networks:\n  - 127.77.9.0/24\n${billionLaughs('')}`, line: 7 },
    scenario: { text: `devices:\n${device()}    laughs:\n${billionLaughs('      ')}`, line: 10 },
    code: 'ERR_CONFIG_YAML_ALIAS_LIMIT',
    message: /aliases expand to more than 10000 values/,
  },
  {
    what: 'a duplicate anchor',
    config: { text: 'networks:\n  - &net 127.77.9.0/24\n  - &net 127.77.8.0/24\nscan:\n  ports: default\n', line: 3 },
    scenario: {
      text: `devices:\n  - &d\n    name: a\n    kind: shelly-gen1\n    address: ${testAddress()}\n  - &d\n    name: b\n    kind: shelly-gen1\n    address: ${testAddress()}\n`,
      line: 6,
    },
    code: 'ERR_CONFIG_YAML_ALIAS',
    message: /anchor &(net|d) is defined twice \(first on line 2\)/,
  },
];

/** One line on stderr naming file and line, the stable code, exit 2, no stack trace. */
function expectConfigError(run: ReturnType<typeof cli>, file: string, expected: Case, line: number): void {
  expect(run.status).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toContain(`${file}:${line}: `);
  expect(run.stderr).toMatch(expected.message);
  expect(run.stderr).toContain(`[${expected.code}]`);
  expect(run.stderr).not.toContain('unexpected error');
  expect(run.stderr).not.toContain('    at ');
}

describe('YAML anchors and aliases are config errors with file, line and exit 2', () => {
  cases.forEach((c, index) => {
    it(`in iotwarden.yaml: ${c.what}`, () => {
      const file = join(home, `config-${index}.yaml`);
      writeFileSync(file, c.config.text);
      // dns import reads the config first and, with it valid, would stop on "no DNS source": never on the network.
      const run = cli(['dns', 'import', '--db', join(home, 'inventory.db'), '--config', file]);
      expectConfigError(run, file, c, c.config.line);
    });

    it(`in a lab scenario: ${c.what}`, () => {
      const file = join(home, `scenario-${index}.yaml`);
      writeFileSync(file, c.scenario.text);
      const run = cli(['lab', '--scenario', file]);
      expectConfigError(run, file, c, c.scenario.line);
    });
  });
});

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { processDeps } from '../../src/cli/deps.ts';
import { buildProgram } from '../../src/cli/program.ts';
import { openStore } from '../../src/store/index.ts';
import { runIotwarden } from '../support/cli.ts';

const root = resolve(import.meta.dirname, '../..');
const home = mkdtempSync(join(tmpdir(), 'iotwarden-cli-'));

/** Runs the CLI as a user would, in an empty directory with its own HOME, so no config or database leaks in. */
function cli(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [join(root, 'bin/iotwarden.js'), ...args], {
    cwd: home,
    encoding: 'utf8',
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: '',
      XDG_DATA_HOME: '',
      IOTWARDEN_CONFIG: '',
      IOTWARDEN_DB: '',
      ...env,
    },
    timeout: 30_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function allCommands(
  command: Command<unknown[], Record<string, unknown>>,
): Array<Command<unknown[], Record<string, unknown>>> {
  return command.commands.flatMap((sub) => [
    sub as Command<unknown[], Record<string, unknown>>,
    ...allCommands(sub as Command<unknown[], Record<string, unknown>>),
  ]);
}

describe('the iotwarden CLI', () => {
  it('documents every command in --help', () => {
    const program = buildProgram(processDeps());
    const commands = allCommands(program as unknown as Command<unknown[], Record<string, unknown>>);
    expect(commands.map((c) => c.name())).toEqual(
      expect.arrayContaining(['scan', 'devices', 'device', 'findings', 'report', 'lab', 'demo']),
    );
    for (const command of commands) {
      expect(command.description(), `${command.name()} has no description`).not.toBe('');
      const path: string[] = [];
      for (let c: typeof command | null = command; c?.parent; c = c.parent as typeof command | null)
        path.unshift(c.name());
      expect(command.helpInformation()).toContain(`Usage: iotwarden ${path.join(' ')}`);
    }
  });

  it('prints help and exits 0', () => {
    const run = cli(['scan', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('--targets');
    expect(run.stdout).toContain('never sweeps your LAN');
  });

  it('refuses to scan when no network is configured, with exit code 2', () => {
    const run = cli(['scan']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('nothing to scan: give --targets or list networks:');
  });

  it('refuses networks larger than /16 unless --allow-large is given', () => {
    const run = cli(['scan', '--targets', '10.0.0.0/8']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('10.0.0.0/8');
    expect(run.stderr).toContain('--allow-large');
    expect(run.stderr).not.toContain('    at ');
  });

  it('names the file and line of a config typo', () => {
    const file = join(home, 'typo.yaml');
    writeFileSync(file, 'networks:\n  - 127.77.9.0/24\nscan:\n  portz: top1000\n');
    const run = cli(['scan', '--config', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${file}:4:`);
    expect(run.stderr).toContain('portz');
  });

  it('rejects an unknown option with exit code 2', () => {
    const run = cli(['devices', '--colour']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown option '--colour'");
  });

  it('shows a stack trace only with --debug', () => {
    const plain = cli(['scan', '--targets', 'not-an-address']);
    expect(plain.status).toBe(2);
    expect(plain.stderr.trim().split('\n')).toHaveLength(1);
    const debug = cli(['scan', '--targets', 'not-an-address', '--debug']);
    expect(debug.status).toBe(2);
    expect(debug.stderr).toContain('    at ');
  });

  it('answers read commands on an empty inventory without failing', () => {
    const db = join(home, 'empty.db');
    const run = cli(['devices', '--db', db]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('No devices yet');
    const json = cli(['devices', '--db', db, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ devices: [], summary: { devices: 0 } });
  });

  it('advises only options that exist when it refuses a scope', async () => {
    const scan = buildProgram(processDeps()).commands.find((c) => c.name() === 'scan')!;
    const options = new Set(scan.options.map((o) => o.long));
    for (const target of ['8.8.8.8', '2001:db8::1', '10.0.0.0/8']) {
      const run = await runIotwarden(['scan', '--targets', target]);
      expect(run.status).toBe(2);
      for (const advised of run.stderr.match(/--[a-z][a-z-]+/g) ?? []) expect(options).toContain(advised);
    }
    const refused = await runIotwarden(['scan', '--targets', '8.8.8.8']);
    expect(refused.stderr).toContain('iotwarden scans only home networks, never public (internet) addresses');
    expect(refused.stderr).not.toMatch(/allow-?public/i);
  });

  it('calls the catalogue "catalogue" in help, and still understands the old "catalog"', async () => {
    const help = await runIotwarden(['--help']);
    expect(help.stdout).toMatch(/^ {2}catalogue {2,}the signed firmware catalogue/m);
    expect(help.stdout).not.toMatch(/\bcatalog\b/);
    const db = join(home, 'catalog.db');
    await (await openStore(db)).close();
    const old = await runIotwarden(['catalog', 'show', '--db', db, '--json']);
    expect(old.status, old.stderr).toBe(0);
    expect(JSON.parse(old.stdout)).toMatchObject({ origin: 'bundled' });
    expect((await runIotwarden(['catalog', '--help'])).stdout).toContain('Usage: iotwarden catalogue ');
  });

  it('leaves the previous report byte-identical when the disk fills up during report -o', () => {
    const dir = join(home, 'reports');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'home.html');
    const previous = Buffer.from('<!DOCTYPE html><title>last week</title><p>the report that must survive</p>\n');
    writeFileSync(file, previous);
    // RLIMIT_FSIZE of 4 KiB (bash ulimit -f counts 1024-byte blocks): writes past it fail with EFBIG, as on a full
    // disk, even for root. The empty-home HTML report is larger than that; a plain write would leave 4096 bytes.
    const run = spawnSync(
      'bash',
      ['-c', 'ulimit -f 4; exec "$0" "$@"', process.execPath, join(root, 'bin/iotwarden.js'), 'report', '-o', file],
      {
        cwd: home,
        encoding: 'utf8',
        env: { ...process.env, HOME: home, IOTWARDEN_DB: join(home, 'none.db') },
        timeout: 30_000,
      },
    );
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain('the previous file is unchanged [ERR_WRITE_FILE]');
    expect(readFileSync(file).equals(previous)).toBe(true);
    expect(readdirSync(dir)).toEqual(['home.html']);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { CliDeps } from '../../src/cli/deps.ts';
import { livePortResolver } from '../../src/net/port-overrides.ts';
import { CapturedOutput, runIotwarden } from '../support/cli.ts';
import { FIX_LAB_CREDENTIALS, type FixLab, startFixLab } from '../support/fix-lab.ts';

/**
 * `iotwarden fix …` and `iotwarden secrets show` as a shell runs them (issue 13): refusal without a terminal and
 * without --yes, unknown devices and checks as usage errors (exit 2), then plan → apply --yes → log against a lab,
 * and the generated password shown only to a terminal.
 */

let lab: FixLab;
let config: string;

beforeAll(async () => {
  lab = await startFixLab((at) => [
    { name: 'workshop-plug', kind: 'shelly-gen2', address: at(16), model: 'SNPL-00112EU', auth: { enabled: false } },
    { name: 'tasmota-plug', kind: 'tasmota', address: at(50), model: 'Sonoff Basic', firmware: '13.4.0(tasmota)' },
  ]);
  config = join(lab.runtime, 'iotwarden.yaml');
  writeFileSync(config, stringify({ networks: [`${lab.prefix}.0/24`], credentials: FIX_LAB_CREDENTIALS }));
  // The lab store stays closed while the CLI opens the same file.
  await lab.store.close();
}, 90_000);

afterAll(async () => {
  await lab?.lab.stop();
});

function run(args: string[], deps: Partial<CliDeps> = {}) {
  return runIotwarden([...args, '--db', lab.db], {
    connectPort: livePortResolver,
    timing: { requestTimeoutMs: 2000 },
    ...deps,
  });
}

describe('iotwarden fix on the command line', () => {
  it('refuses to apply without a terminal and without --yes (exit 2), changing nothing', async () => {
    const result = await run(['fix', 'apply', '--config', config]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('run it on a terminal to confirm, or pass --yes');
  });

  it('treats an unknown device or check as a usage error (exit 2)', async () => {
    const device = await run(['fix', 'plan', '--device', 'no-such-thing']);
    expect(device.status).toBe(2);
    expect(device.stderr).toContain('no device matches "no-such-thing"');
    const check = await run(['fix', 'apply', '--yes', '--check', 'auth.no-such-check', '--config', config]);
    expect(check.status).toBe(2);
    expect(check.stderr).toContain('no check has the id "auth.no-such-check"');
  });

  it('plans, applies with --yes, logs, and shows the generated password only on a terminal', async () => {
    const plan = await run(['fix', 'plan']);
    expect(plan.status).toBe(0);
    expect(plan.stdout).toContain('workshop-plug');
    expect(plan.stdout).toContain('login: off → on');
    expect(plan.stdout).toContain('web password: off → on');
    expect(plan.stdout).toContain('can be undone: yes');

    const applied = await run(['fix', 'apply', '--yes', '--json', '--config', config]);
    expect(applied.status, applied.stderr).toBe(0);
    const result = JSON.parse(applied.stdout) as { changes: Array<{ status: string; password: string }> };
    expect(result.changes.map((c) => `${c.status} ${c.password}`).sort()).toEqual([
      'done configured',
      'done generated',
    ]);

    const log = await run(['fix', 'log']);
    expect(log.stdout).toMatch(/tasmota-plug {2}web password: off → on {2}done/);

    const piped = await run(['secrets', 'show', 'tasmota-plug']);
    expect(piped.status).toBe(2);
    const terminal = Object.assign(new CapturedOutput(), { isTTY: true });
    const shown = await run(['secrets', 'show', 'tasmota-plug'], { out: terminal });
    expect(shown.status).toBe(0);
    const password = /password: (\S+)/.exec(terminal.text)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(20);
    for (const text of [plan.stdout, applied.stdout, applied.stderr, log.stdout]) expect(text).not.toContain(password);
    expect(readFileSync(lab.db).includes(password)).toBe(false);
  }, 60_000);
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli, spawnCli } from '../support/cli-process.ts';
import { FIX_LAB_CREDENTIALS, FIX_LAB_PASSWORD, type FixLab, startFixLab } from '../support/fix-lab.ts';

/**
 * `fix apply` killed with SIGKILL while a change is in flight (journal written, device maybe changed, not yet
 * verified): the next run settles it by reading the device, then finishes the plan, and nothing is changed twice.
 * This is the hook `npm run soak:kill` uses: kill the process at any moment, run it again.
 */

let lab: FixLab;
let config: string;

beforeAll(async () => {
  lab = await startFixLab((at) => [
    {
      name: 'cloud-plug',
      kind: 'shelly-gen2',
      address: at(12),
      model: 'SNPL-00112EU',
      auth: { enabled: true, password: FIX_LAB_PASSWORD },
      cloud: true,
      debug: true,
    },
  ]);
  config = join(lab.runtime, 'iotwarden.yaml');
  writeFileSync(config, stringify({ networks: [`${lab.prefix}.0/24`], credentials: FIX_LAB_CREDENTIALS }));
  await lab.store.close();
}, 90_000);

afterAll(async () => {
  await lab?.lab.stop();
});

function journal(): Array<{ fix_id: string; state: string }> {
  const db = new Database(lab.db, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT fix_id, state FROM fix_changes ORDER BY id').all() as Array<{
      fix_id: string;
      state: string;
    }>;
  } catch {
    return []; // the table appears with the child's migration
  } finally {
    db.close();
  }
}

describe('fix apply killed with kill -9', () => {
  it('leaves "started" without "finished", and the next run reconciles and completes', async () => {
    const options = { home: lab.runtime, env: { IOTWARDEN_RUNTIME_DIR: lab.runtime } };
    const child = spawnCli(['fix', 'apply', '--yes', '--db', lab.db, '--config', config], options);
    const exited = new Promise((resolve) => child.once('close', resolve));
    const deadline = Date.now() + 60_000;
    while (!journal().some((row) => row.state === 'started') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    child.kill('SIGKILL');
    await exited;
    const killed = journal();
    expect(killed.filter((row) => row.state === 'started')).toHaveLength(1);

    const rerun = await runCli(['fix', 'apply', '--yes', '--json', '--db', lab.db, '--config', config], options);
    expect(rerun.status, rerun.stderr).toBe(0);
    const result = JSON.parse(rerun.stdout) as {
      reconciled: Array<{ fixId: string; status: string }>;
      changes: Array<{ fixId: string; status: string }>;
    };
    expect(result.reconciled).toHaveLength(1);
    expect(['done', 'failed']).toContain(result.reconciled[0]?.status);
    // Whatever the killed run got to, the plan ends applied: each change done once, or found already made.
    const outcome = Object.fromEntries(result.changes.map((c) => [c.fixId, c.status]));
    expect(Object.keys(outcome).sort()).toEqual(['shelly-gen2.cloud-off', 'shelly-gen2.debug-off']);
    expect(Object.values(outcome).every((status) => status === 'done' || status === 'already')).toBe(true);
    expect(journal().filter((row) => row.state === 'started')).toEqual([]);
  }, 120_000);
});

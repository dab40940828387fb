import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFixes } from '../../src/app/fix/apply.ts';
import type { FixApplyResult } from '../../src/app/fix/apply-types.ts';
import type { FixEnvironment } from '../../src/app/fix/fix-environment.ts';
import { buildFixPlan, type FixPlan } from '../../src/app/fix/plan.ts';
import { credentialLookup } from '../../src/config/credential-lookup.ts';
import { SEED_HOME_CREDENTIALS } from '../../src/lab/scenario/seed-home.ts';
import { livePortResolver } from '../../src/net/port-overrides.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { SecretsFile, secretsFileFor } from '../../src/store/secrets-file.ts';
import { systemClock } from '../../src/util/clock.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { type SeedHome, startSeedHome } from '../support/seed-home.ts';

/**
 * On the seed home (issue 13): `fix plan`, then `fix apply`, then a rescan. Every automatable finding is gone, no
 * device became unreachable, every Kasa plug still answers its local protocol, a second apply changes nothing, and
 * the generated password appears nowhere but the secrets file.
 */

/** The changes the seed home's findings call for, by device name. */
const AUTOMATABLE: Record<string, string[]> = {
  'coffee-maker': ['kasa-legacy.cloud-unbind'],
  'garden-hue-bridge': ['hue.auto-update'],
  'old-hallway-relay': ['shelly-gen1.login'],
  'pool-pump': ['shelly-gen2.debug-off'],
  'porch-light': ['shelly-gen2.cloud-off'],
  router: ['upnp-igd.delete-mapping'],
  'tasmota-plug': ['tasmota.web-password'],
  'workshop-plug': ['shelly-gen2.login'],
};
const FIXED_CHECKS = [
  'auth.no-login',
  'cloud.enabled',
  'service.debug-interface',
  'firmware.auto-update-off',
  'service.upnp-port-mapping',
];

let home: SeedHome;
let store: Store;
let plan: FixPlan;
let applied: FixApplyResult;

function environment(): FixEnvironment {
  return {
    store,
    secrets: new SecretsFile(secretsFileFor(home.db)),
    credentials: credentialLookup(SEED_HOME_CREDENTIALS),
    connectPort: livePortResolver,
    clock: systemClock,
    log: silentLogger,
    signal: AbortSignal.timeout(120_000),
    requestTimeoutMs: 2000,
    verifyWaitMs: 5000,
    pollIntervalMs: 250,
  };
}

beforeAll(async () => {
  home = await startSeedHome();
  store = await openStore(home.db);
  plan = await buildFixPlan({ store });
  applied = await applyFixes({ env: environment() });
}, 180_000);

afterAll(async () => {
  await store?.close();
  await home?.stop();
});

describe('fix on the seed home', () => {
  it('plans exactly the changes the local APIs can make, and manual steps for the rest', () => {
    const planned: Record<string, string[]> = {};
    for (const item of plan.changes) {
      const name = item.device.name ?? item.device.address;
      planned[name] = [...new Set([...(planned[name] ?? []), item.fixId])];
    }
    expect(planned).toEqual(AUTOMATABLE);
    const esphome = plan.manual.find((m) => m.finding.checkId === 'protocol.esphome-plaintext');
    expect(esphome?.steps.join('\n')).toMatch(/api:\n {2}encryption:\n {4}key: "[A-Za-z0-9+/]{43}="/);
  });

  it('applies every change, verified and health-checked', () => {
    expect(applied.reconciled).toEqual([]);
    expect(applied.stopped).toBe(false);
    const statuses = applied.changes.map((c) => `${c.device.name} ${c.fixId} ${c.status}: ${c.detail}`);
    expect(
      statuses.filter((s) => !s.includes(' done: ')),
      statuses.join('\n'),
    ).toEqual([]);
    expect(applied.homeScoreAfter).toBeGreaterThan(applied.homeScoreBefore);
  });

  it('leaves the automatable findings gone after a rescan, every device reachable, Kasa plugs on their protocol', async () => {
    const before = home.scan.model.devices.length;
    const rescan = await home.rescan();
    expect(rescan.model.devices).toHaveLength(before);
    const fixedNames = Object.keys(AUTOMATABLE);
    for (const device of rescan.model.devices.filter((d) => fixedNames.includes(d.name ?? ''))) {
      const left = device.findings.map((f) => f.checkId).filter((id) => FIXED_CHECKS.includes(id));
      expect(left, device.name ?? '').toEqual([]);
    }
    // The generated Tasmota password is in the secrets file, so the scan still reads the plug's status.
    const tasmota = rescan.model.devices.find((d) => d.name === 'tasmota-plug');
    expect(tasmota?.firmware.installed).toBe('13.4.0(tasmota)');
    const kasa = rescan.model.devices.filter((d) => d.protocols.includes('kasa-xor'));
    expect(kasa.map((d) => d.name).sort()).toEqual(['christmas-tree', 'coffee-maker', 'kids-nightlight', 'tv-plug']);
  }, 60_000);

  it('changes nothing on a second apply', async () => {
    store = await (async () => {
      await store.close();
      return openStore(home.db);
    })();
    const again = await applyFixes({ env: environment() });
    expect(again.changes.filter((c) => c.status !== 'already')).toEqual([]);
  }, 60_000);

  it('keeps the generated password in the 0600 secrets file only', () => {
    const secrets = new SecretsFile(secretsFileFor(home.db));
    const tasmota = secrets.all();
    expect(tasmota.map((s) => s.username)).toEqual(['admin']);
    expect(statSync(secrets.file).mode & 0o777).toBe(0o600);
    const password = tasmota[0]?.password as string;
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(JSON.stringify(applied)).not.toContain(password);
    for (const file of readdirSync(home.runtime).filter((f) => f.startsWith('inventory.db'))) {
      expect(readFileSync(join(home.runtime, file)).includes(password), file).toBe(false);
    }
  });
});

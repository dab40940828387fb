import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanAndAudit } from '../../src/app/scan/scan-and-audit.ts';
import type { SimulatedKasaLegacy } from '../../src/families/kasa-legacy/simulator/simulated-kasa-legacy.ts';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { requestHttp } from '../../src/net/http-client.ts';
import { openStore } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { testNetwork } from '../support/addresses.ts';
import { runIotwarden } from '../support/cli.ts';
import { trustingOnFirstUse } from '../support/trust.ts';

/**
 * The commands as a user runs them, against a small lab with the bundled, signed catalogue: `firmware apply --now`
 * updates the outdated Shelly and stops at the HS100(UK) whose update would close port 9999; `fix auto-update`
 * switches a Hue bridge's own updates on and says where a device has no switch; `run --once` checks and exits.
 */
const prefix = testNetwork().replace(/\.0\/24$/, '');
const runtime = mkdtempSync(join(tmpdir(), 'iotwarden-fw-cli-'));
const db = join(runtime, 'inventory.db');
const config = join(runtime, 'iotwarden.yaml');
const PASSWORD = 'fw-cli-password';
const HUE_KEY = 'fwclihueapplicationkey000000000000000000';
const OLD = '20221027-091427/v1.12.1-ga9117d3';
const NEW = '20230913-112003/v1.14.0-gcb84623';
let lab: RunningLab;

beforeAll(async () => {
  process.env.IOTWARDEN_RUNTIME_DIR = runtime;
  const scenario = buildScenario(
    {
      name: 'firmware-cli',
      network: `${prefix}.0/24`,
      devices: [
        {
          name: 'kitchen-island',
          kind: 'shelly-gen1',
          address: `${prefix}.13`,
          model: 'SHSW-25',
          firmware: OLD,
          auth: { enabled: true, username: 'admin', password: PASSWORD },
          update: { version: NEW, durationMs: 300 },
        },
        {
          name: 'tv-plug',
          kind: 'kasa-legacy',
          address: `${prefix}.33`,
          model: 'HS100(UK)',
          hwVersion: '4.1',
          firmware: '1.0.12 Build 190528 Rel.154535',
          update: { version: '1.1.0 Build 201016 Rel.175121', durationMs: 300, outcome: 'switch-to-klap' },
        },
        { name: 'garden-hue-bridge', kind: 'hue', address: `${prefix}.41`, apiKey: HUE_KEY, autoUpdate: false },
      ],
    },
    { file: '<firmware cli test>', baseDir: process.cwd() },
  );
  lab = await startLab(scenario, { writePortMap: true });
  writeFileSync(
    config,
    `networks: ["${prefix}.0/24"]\nscan: { ports: "80,443,9999" }\ncredentials:\n  - { family: shelly, username: admin, password: ${PASSWORD} }\n  - { family: hue, apiKey: ${HUE_KEY} }\n`,
  );
  await scanAndAudit({
    targets: [`${prefix}.0/24`],
    ports: '80,443,9999',
    allowLarge: false,
    // The lab is this test's own: its devices are trusted on first use (issue 8, test/support/trust.ts).
    credentialEntries: trustingOnFirstUse([
      { family: 'shelly', username: 'admin', password: PASSWORD },
      { family: 'hue', apiKey: HUE_KEY },
    ]),
    credentialChecks: true,
    leaseFiles: [],
    connectTimeoutMs: undefined,
    requestTimeoutMs: undefined,
    connectConcurrency: undefined,
    db,
    progress: undefined,
    log: silentLogger,
  });
}, 30_000);

afterAll(async () => {
  await lab?.stop();
  rmSync(runtime, { recursive: true, force: true });
});

/** `iotwarden …args` in-process on the lab's inventory, with short firmware timings. */
async function iotwarden(...args: string[]): Promise<{ out: string; exitCode: number }> {
  const run = await runIotwarden([...args, '--db', db, '--config', config], {
    logger: () => silentLogger,
    timing: { pollIntervalMs: 200, requestTimeoutMs: 2000 },
  });
  return { out: run.stdout, exitCode: run.status };
}

describe('firmware apply, fix auto-update and run', () => {
  it('apply --now updates the outdated Shelly and stops at the Kasa plug, explaining why', async () => {
    const { out, exitCode } = await iotwarden('firmware', 'apply', '--now');
    expect(out).toMatch(
      /Updated:\n {2}✓ kitchen-island \(SHSW-25\): kitchen-island updated from .*v1\.12\.1.* to .*v1\.14\.0/,
    );
    expect(out).toMatch(/Needs your decision:\n {2}! tv-plug \(HS100\(UK\)\): .*port 9999/);
    expect(out).toMatch(/Options:/);
    expect(exitCode).toBe(0);
    const shelly = lab.device('kitchen-island');
    const port = shelly.ports.find((p) => p.port === 80)?.actual ?? 80;
    const answer = await requestHttp({ host: shelly.address, port, path: '/shelly', timeoutMs: 2000, maxBytes: 65536 });
    expect((answer.json() as { fw: string }).fw).toBe(NEW);
    const plug = lab.device('tv-plug').simulator as SimulatedKasaLegacy;
    expect(plug.sysinfo.sw_ver).toBe('1.0.12 Build 190528 Rel.154535');

    // A second run has nothing left to install and says so in JSON for scripts.
    const again = JSON.parse((await iotwarden('firmware', 'apply', '--now', '--json')).out);
    expect(again.entries.filter((e: { action: string }) => e.action === 'updated')).toEqual([]);
    expect(again.entries.find((e: { name: string }) => e.name === 'tv-plug')).toMatchObject({
      action: 'not-allowed',
      decision: 'decision-needed',
    });
  });

  it("fix auto-update switches the Hue bridge's own updates on, and says where a device has no switch", async () => {
    const hue = await iotwarden('fix', 'auto-update', 'garden-hue-bridge');
    expect(hue.out).toContain('swupdate2.autoinstall.on = true');
    expect(hue.exitCode).toBe(0);
    const shelly = await iotwarden('fix', 'auto-update', 'kitchen-island');
    expect(shelly.out).toMatch(/no automatic-update switch/);
    expect(shelly.exitCode).toBe(2);
    const store = await openStore(db);
    const entries = (await store.firmware.auditEntries()).filter((e) => e.action === 'auto-update');
    await store.close();
    expect(entries.map((e) => e.result)).toEqual(['ok', 'skipped']);
  });

  it('run --once rescans, checks firmware and exits', async () => {
    await iotwarden('run', '--once');
    const store = await openStore(db);
    const checks = (await store.firmware.auditEntries()).filter((e) => e.action === 'check');
    await store.close();
    expect(checks).toHaveLength(1);
    expect(checks[0]?.detail).toMatch(/Checked the firmware of 3 devices/);
  });
});

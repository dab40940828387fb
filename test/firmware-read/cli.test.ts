import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledCatalogue } from '../../src/app/firmware/catalogue-load.ts';
import { trustedKeyFromPem } from '../../src/app/firmware/catalogue-signature.ts';
import { scanAndAudit } from '../../src/app/scan/scan-and-audit.ts';
import type { CliDeps } from '../../src/cli/deps.ts';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { testNetwork } from '../support/addresses.ts';
import { runIotwarden } from '../support/cli.ts';
import { trustingOnFirstUse } from '../support/trust.ts';

/**
 * The read-side firmware CLI against a small lab over real loopback sockets: the lab is scanned into a real SQLite
 * file, then `firmware status|plan|hold|release|log` and `catalogue update|show` run on it as a user would.
 */
const prefix = testNetwork().replace(/\.0\/24$/, '');
const dir = mkdtempSync(join(tmpdir(), 'iotwarden-fw-cli-'));
const db = join(dir, 'inventory.db');
const config = join(dir, 'iotwarden.yaml');
const password = 'lab-shelly-pw';
const gen2 = '1.4.4-g6d2a586';
const clock = new FakeClock(Date.parse('2026-11-26T12:00:00Z'));
let lab: RunningLab;

const scenario = {
  name: 'firmware-cli',
  network: `${prefix}.0/24`,
  devices: [
    {
      name: 'kitchen-island',
      kind: 'shelly-gen1',
      address: `${prefix}.13`,
      model: 'SHSW-25',
      firmware: '20221027-091427/v1.12.1-ga9117d3',
      auth: { enabled: true, username: 'admin', password },
      update: { version: '20230913-112003/v1.14.0-gcb84623' },
    },
    {
      name: 'living-room-dimmer',
      kind: 'shelly-gen2',
      address: `${prefix}.14`,
      model: 'SNSW-001P16EU',
      firmware: '1.0.8-g8c7bb8d',
      auth: { enabled: true, password },
      update: { version: gen2 },
    },
    {
      name: 'porch-light',
      kind: 'shelly-gen2',
      address: `${prefix}.12`,
      model: 'SNSW-001P16EU',
      firmware: gen2,
      auth: { enabled: true, password },
    },
    {
      name: 'tv-plug',
      kind: 'kasa-legacy',
      address: `${prefix}.33`,
      model: 'HS100(UK)',
      hwVersion: '4.1',
      firmware: '1.0.12 Build 190528 Rel.154535',
      cloud: false,
      update: { version: '1.1.0 Build 201016 Rel.175121', outcome: 'switch-to-klap' },
    },
  ],
};

/** Runs `iotwarden …args` in-process on the lab's inventory; a failing command rejects with its stderr. */
async function run(...args: string[]): Promise<string> {
  const storeArgs = args[1] === 'sign' ? [] : ['--db', db, '--config', config];
  const result = await runIotwarden([...args, ...storeArgs], { clock, ...extraDeps });
  if (result.status !== 0) throw new Error(`exit ${result.status}: ${result.stderr}`);
  return result.stdout;
}
let extraDeps: Partial<CliDeps> = {};

async function status(): Promise<Record<string, { action: string; reason: string; state: Record<string, unknown> }>> {
  const json = JSON.parse(await run('firmware', 'status', '--json')) as {
    devices: Array<{
      device: { name: string };
      state: Record<string, unknown>;
      decision: { action: string; reason: string };
    }>;
  };
  return Object.fromEntries(json.devices.map((d) => [d.device.name, { ...d.decision, state: d.state }]));
}

beforeAll(async () => {
  writeFileSync(config, 'firmware:\n  timeZone: UTC\n  default:\n    rollout: { soak: 2h }\n');
  lab = await startLab(buildScenario(scenario, { file: '<firmware cli>', baseDir: process.cwd() }), {});
  const result = await scanAndAudit({
    targets: [`${prefix}.0/24`],
    ports: '80,9999',
    allowLarge: false,
    // The lab is this test's own: its Shellys are trusted on first use (issue 8, test/support/trust.ts).
    credentialEntries: trustingOnFirstUse([{ family: 'shelly', username: 'admin', password }]),
    credentialChecks: false,
    leaseFiles: [],
    connectTimeoutMs: undefined,
    requestTimeoutMs: undefined,
    connectConcurrency: undefined,
    db,
    progress: undefined,
    log: silentLogger,
  });
  expect(result.model.devices).toHaveLength(4);
}, 60_000);

afterAll(async () => {
  await lab?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('iotwarden firmware (read side) on a scanned lab', () => {
  it('status shows every device across vendors: versions, source, policy and why not yet', async () => {
    const rows = await status();
    expect(Object.keys(rows).sort()).toEqual(['kitchen-island', 'living-room-dimmer', 'porch-light', 'tv-plug']);
    expect(rows['kitchen-island']).toMatchObject({
      action: 'wait-window',
      state: { latest: '20230913-112003/v1.14.0-gcb84623', latestSource: 'device', updateAvailable: true },
    });
    // The device offers 1.4.4; the catalogue knows 1.7.4 exists but only the offered version can be installed.
    expect(rows['living-room-dimmer']).toMatchObject({
      action: 'wait-window',
      state: { deviceLatest: '1.4.4', latestSource: 'catalogue', latest: '1.7.4' },
    });
    expect(rows['porch-light']?.action).toBe('notify');
    expect(rows['tv-plug']?.action).toBe('decision-needed');
    expect(rows['tv-plug']?.reason).toContain('port 9999 is open at the latest scan');

    const text = await run('firmware', 'status');
    expect(text).toContain('Firmware catalogue serial 2026112601');
    expect(text).toMatch(/tv-plug\s+TP-Link HS100\(UK\)/);
    expect(text).toContain('DECISION NEEDED tv-plug: This update would break how tv-plug is used here.');
    expect(text).toContain("Home Assistant's TP-Link integration");
    expect(text).toContain('Option 1: Keep the current firmware for now: iotwarden firmware hold tv-plug');
  });

  it('plan is a dry run: next window, canary first, and what waits', async () => {
    const plan = JSON.parse(await run('firmware', 'plan', '--json')) as {
      installs: Array<{ name: string; order: number; role: string; earliest: string; target: string }>;
      waiting: Array<{ name: string; action: string }>;
    };
    expect(plan.installs.map((s) => [s.order, s.name, s.role, s.earliest])).toEqual([
      [1, 'kitchen-island', 'canary', '2026-11-27T03:00:00.000Z'],
      [2, 'living-room-dimmer', 'canary', '2026-11-27T03:00:00.000Z'],
    ]);
    expect(plan.waiting.map((s) => [s.name, s.action])).toEqual([
      ['porch-light', 'notify'],
      ['tv-plug', 'decision-needed'],
    ]);
    const text = await run('firmware', 'plan', '--now');
    expect(text).toContain('1. Thu 26 Nov 12:00  kitchen-island (SHSW-25): v1.12.1 → v1.14.0  [canary]');
  });

  it('hold, then release, with the audit log recording both', async () => {
    expect(
      await run('firmware', 'hold', 'tv-plug', '--reason', 'HA still uses port 9999', '--until', '2026-12-15'),
    ).toContain('Held tv-plug until 2026-12-15');
    expect((await status())['tv-plug']).toMatchObject({
      action: 'held',
      reason: expect.stringContaining('HA still uses port 9999'),
    });
    await run('firmware', 'hold', 'SNSW-001P16EU', '--reason', 'canary failed', '--until', '2026-12-01');
    expect((await status())['living-room-dimmer']?.action).toBe('held');

    const plan = JSON.parse(await run('firmware', 'plan', '--json')) as { installs: Array<{ name: string }> };
    expect(plan.installs.map((s) => s.name)).toEqual(['kitchen-island']);

    // The model hold expires when 2026-12-01 begins (fake clock).
    await clock.advance(Date.parse('2026-12-01T03:30:00Z') - clock.now());
    expect((await status())['living-room-dimmer']?.action).toBe('install');
    expect((await status())['tv-plug']?.action).toBe('held');

    expect(await run('firmware', 'release', 'tv-plug')).toContain('Released 1 hold on tv-plug');
    expect((await status())['tv-plug']?.action).toBe('decision-needed');

    const log = JSON.parse(await run('firmware', 'log', '--json')) as {
      entries: Array<{ action: string; result: string; detail: string }>;
    };
    // The first writing command also records the policy from iotwarden.yaml it ran under.
    expect(log.entries.map((e) => e.action)).toEqual(['policy-change', 'hold', 'hold', 'release']);
    expect(log.entries[0]?.detail).toContain('Firmware policy recorded');
    expect(log.entries[1]?.detail).toContain('HA still uses port 9999');
    const deviceLog = JSON.parse(await run('firmware', 'log', '--json', '--device', 'tv-plug')) as {
      entries: unknown[];
    };
    expect(deviceLog.entries).toHaveLength(2);
    expect(await run('firmware', 'log')).toMatch(/hold\s+tv-plug/);
  });

  it('refuses to hold something it does not know, or without a future date', async () => {
    await expect(run('firmware', 'hold', 'toaster', '--reason', 'x', '--until', '2027-01-01')).rejects.toThrow(
      /^exit 2: iotwarden: "toaster" is neither a known device nor the model of one \(known models: .*HS100\(UK\).*\[ERR_NO_DEVICE\]/,
    );
    await expect(run('firmware', 'hold', 'tv-plug', '--reason', 'x', '--until', '2020-01-01')).rejects.toThrow(
      /^exit 2: .*\[ERR_HOLD_UNTIL\]/,
    );
  });

  it('catalogue update takes a newer signed catalogue and refuses a tampered one', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    extraDeps = {
      trustedKeys: [trustedKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString())],
      bundled: bundledCatalogue(),
    };
    const source = JSON.parse(readFileSync(join(process.cwd(), 'src/firmware-catalogue/catalogue.json'), 'utf8'));
    source.serial += 1;
    // A new advisory for the held plug's update: the held device must now raise an alert.
    source.advisories = [
      {
        id: 'CVE-2099-0001',
        family: 'kasa',
        vendor: 'TP-Link',
        title: 'Test: remote takeover of HS100 legacy firmware',
        summary: 'Test advisory delivered by a catalogue update.',
        severity: 'critical',
        cvss: null,
        condition: null,
        products: [
          {
            product: 'HS100(UK) 4.1',
            models: ['HS100'],
            hardware: ['4.1'],
            affected: { lessThan: '1.1.0 Build 201016 Rel.175121' },
            fixedVersion: '1.1.0 Build 201016 Rel.175121',
          },
        ],
        sources: ['https://example.org/advisory'],
      },
    ];
    const file = join(dir, 'catalogue.json');
    writeFileSync(file, JSON.stringify(source, null, 2));
    const keyFile = join(dir, 'key.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    await run('catalogue', 'sign', '--key', keyFile, file);
    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, readFileSync(file, 'utf8').replace('critical', 'low'));
    writeFileSync(`${tampered}.sig`, readFileSync(`${file}.sig`));
    await expect(run('catalogue', 'update', '--from', tampered)).rejects.toThrow(
      /^exit 1: .*\[ERR_CATALOGUE_BAD_SIGNATURE\]/,
    );

    expect(await run('catalogue', 'update', '--from', file)).toContain(`serial 2026112601 → ${source.serial}`);
    // `catalog` is the old name: a hidden alias, so scripts written for it keep working.
    expect(await run('catalog', 'show')).toContain(`serial ${source.serial}`);

    await run('firmware', 'hold', 'tv-plug', '--reason', 'HA still uses port 9999', '--until', '2027-01-15');
    const held = (await status())['tv-plug'];
    expect(held?.action).toBe('held');
    expect(held?.reason).toContain('ALERT');
    expect(held?.reason).toContain('CVE-2099-0001 (critical');
    const text = await run('firmware', 'status');
    expect(text).toContain('ALERT tv-plug');
    expect(text).toContain('Risk of holding: CVE-2099-0001 (critical) stays open.');
    expect(text).toContain('Risk of updating: HA still uses port 9999; Firmware 1.1.0 closes the local port 9999');

    const log = JSON.parse(await run('firmware', 'log', '--json')) as {
      entries: Array<{ action: string; result: string }>;
    };
    expect(log.entries.filter((e) => e.action === 'catalogue-update').map((e) => e.result)).toEqual(['refused', 'ok']);
    extraDeps = {};
  });
});

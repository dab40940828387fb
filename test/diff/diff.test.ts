import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffDevices, diffPeers } from '../../src/app/diff/device-diff.ts';
import { diffSince, parseSince } from '../../src/app/diff/history-diff.ts';
import { registerDiffCommand } from '../../src/cli/commands/diff.ts';
import { credentialLookup } from '../../src/config/credential-lookup.ts';
import { SEED_SHELLY_PASSWORD } from '../../src/lab/scenario/seed-home.ts';
import { requestHttp } from '../../src/net/http-client.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { type SeedHome, startSeedHome } from '../dns/seed-home-dns.ts';
import { runCommand } from '../support/cli.ts';

let home: SeedHome;
let store: Store;
let config: string;
const credentials = credentialLookup([{ family: 'shelly', username: 'admin', password: SEED_SHELLY_PASSWORD }]);

beforeAll(async () => {
  home = await startSeedHome();
  store = await openStore(home.db, { readonly: true });
  config = join(home.runtime, 'iotwarden.yaml');
  writeFileSync(
    config,
    `credentials:\n  - family: shelly\n    username: admin\n    password: ${SEED_SHELLY_PASSWORD}\n`,
  );
}, 60_000);

afterAll(async () => {
  await store?.close();
  await home?.stop();
});

/** Switches the garage door's cloud over its own Gen1 API (GET /settings/cloud), as its owner would. */
async function setGarageCloud(enabled: boolean): Promise<void> {
  const garage = home.lab.device('garage-door');
  const port = garage.ports.find((p) => p.port === 80)!.actual;
  const response = await requestHttp({
    host: garage.address,
    port,
    path: `/settings/cloud?enabled=${enabled ? 1 : 0}`,
    headers: { authorization: `Basic ${Buffer.from(`admin:${SEED_SHELLY_PASSWORD}`).toString('base64')}` },
    timeoutMs: 2000,
    maxBytes: 1 << 16,
  });
  expect(response.status).toBe(200);
}

describe('iotwarden diff on the seed home', () => {
  it('--peers ranks the garage door SNTP server first among the SHSW-1s, with its traffic hint', async () => {
    const peers = await diffPeers(store, 'garage-door');
    expect(peers.model).toBe('SHSW-1');
    expect(peers.peers.map((p) => p.label).sort()).toEqual(['bedroom-fan', 'old-hallway-relay']);
    expect(peers.odd[0]).toMatchObject({
      key: 'sntp.server',
      value: 'ntp.old-nas.example',
      peerValue: 'time.google.com',
      score: 1,
    });
    expect(peers.odd[0]?.hint).toMatch(/SNTP server/);
    const text = await runCommand(registerDiffCommand, ['diff', '--peers', 'garage-door', '--db', home.db]);
    expect(text).toContain('garage-door (SHSW-1) against 2 other SHSW-1');
    expect(text.split('\n')[2]).toBe('  1. sntp.server: ntp.old-nas.example — 2 of 2 others have time.google.com');
  });

  it('--peers does not single out a device that agrees with its peers', async () => {
    const fan = await diffPeers(store, 'bedroom-fan');
    expect(fan.odd.map((o) => o.key)).not.toContain('sntp.server');
    expect(fan.odd.filter((o) => o.score === 1)).toEqual([]);
  });

  it('compares two identical models down to the one setting that differs, ignoring ids, MACs and names', async () => {
    const stored = await diffDevices(store, 'garage-door', 'bedroom-fan');
    expect(stored.differences.map((d) => [d.key, d.a, d.b])).toEqual([
      ['sntp.server', 'ntp.old-nas.example', 'time.google.com'],
    ]);
    const text = await runCommand(registerDiffCommand, [
      'diff',
      'garage-door',
      'bedroom-fan',
      '--stored',
      '--db',
      home.db,
    ]);
    expect(text).toContain('1 setting differs');
    expect(text).toContain('sntp\n  server: ntp.old-nas.example → time.google.com');
  });

  it('reads the devices now by default, so a change shows at once while the snapshot still has the old value', async () => {
    await setGarageCloud(true);
    try {
      const live = await diffDevices(store, 'garage-door', 'bedroom-fan', { credentials });
      expect(live.a.origin).toBe('live');
      expect(live.b.origin).toBe('live');
      expect(live.differences.map((d) => [d.key, d.a, d.b])).toEqual([
        ['sntp.server', 'ntp.old-nas.example', 'time.google.com'],
        ['cloud.enabled', true, false],
        ['cloud.connected', true, false],
      ]);
      const text = await runCommand(registerDiffCommand, [
        'diff',
        'garage-door',
        'bedroom-fan',
        '--config',
        config,
        '--db',
        home.db,
      ]);
      expect(text).toMatch(
        /^garage-door \(127\.77\.\d+\.10, read now\) ↔ bedroom-fan \(127\.77\.\d+\.17, read now\): 3 settings differ/,
      );
      expect(text).toContain('cloud\n  enabled: true → false\n  connected: true → false');
      expect((await diffDevices(store, 'garage-door', 'bedroom-fan')).differences).toHaveLength(1);
    } finally {
      await setGarageCloud(false);
    }
  });

  it('falls back to the snapshot, and says so, when a device cannot be read now', async () => {
    const noCredentials = await diffDevices(store, 'garage-door', 'bedroom-fan', { credentials: () => undefined });
    expect(noCredentials.a.origin).toBe('snapshot');
    expect(noCredentials.notes[0]).toMatch(/garage-door .* could not be read now .*; using its snapshot/);
    expect(noCredentials.differences).toHaveLength(1);
  });

  it('--since shows what changed on a device between scans', async () => {
    const before = await diffSince(store, 'garage-door', parseSince('7d', Date.now()));
    expect(before.changes).toEqual([]);
    await setGarageCloud(true);
    try {
      await home.rescan([home.lab.device('garage-door').address]);
      const after = await diffSince(store, 'garage-door', parseSince('1h', Date.now()));
      expect(after.snapshots).toBe(2);
      expect(after.changes).toHaveLength(1);
      // Snapshots are stored as canonical JSON (sorted keys), so settings come in key order.
      expect(after.changes[0]?.differences.map((d) => [d.key, d.a, d.b])).toEqual([
        ['cloud.connected', false, true],
        ['cloud.enabled', false, true],
      ]);
      const text = await runCommand(registerDiffCommand, ['diff', 'garage-door', '--since', '7d', '--db', home.db]);
      expect(text).toContain('garage-door: 1 configuration change since');
      expect(text).toContain('  cloud\n    connected: false → true\n    enabled: false → true');
      const json = JSON.parse(
        await runCommand(registerDiffCommand, ['diff', 'garage-door', '--since', '7d', '--json', '--db', home.db]),
      );
      expect(json.changes[0].differences[1]).toMatchObject({ key: 'cloud.enabled', a: false, b: true });
    } finally {
      await setGarageCloud(false);
    }
  });

  it('refuses ambiguous or impossible requests with clear errors', async () => {
    await expect(runCommand(registerDiffCommand, ['diff', 'garage-door', '--db', home.db])).rejects.toThrow(
      /exactly one of/,
    );
    await expect(diffPeers(store, 'no-such-device')).rejects.toMatchObject({ code: 'ERR_NO_DEVICE' });
    await expect(diffPeers(store, 'nas')).rejects.toMatchObject({
      code: expect.stringMatching(/ERR_NO_(PEERS|CONFIG)/),
    });
    expect(() => parseSince('soon', 0)).toThrow(/7d, 12h, 30m/);
    expect(parseSince('2d', 3 * 86_400_000)).toBe(86_400_000);
  });
});

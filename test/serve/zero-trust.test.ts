import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedHomeTrafficClients } from '../../src/lab/dns-traffic/seed-home-traffic.ts';
import { runZeroTrustDemo } from '../../src/lab/flow-traffic/zero-trust-demo.ts';
import { openStore } from '../../src/store/index.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { buildDashboard, launchChromium, loggedInContext } from '../support/browser.ts';
import { ApiClient, ownedServe, type TestServe } from '../support/serve.ts';

/**
 * The zero-trust page's API over the seed home's learned profiles (the demo's flows): the profiles with their
 * confidence, and the impact preview of the generated policy or of the owner's own file named in the config.
 */
const END_MS = Date.UTC(2026, 10, 20, 12);
const DAY_MS = 86_400_000;
let dir: string;
let t: TestServe;
let owner: ApiClient;
let staticDir: string;

interface Overview {
  profiles: Array<{ deviceName: string; status: string; confidence: number; flows: number }>;
  withoutProfile: string[];
  policy: { source: string; file?: string } | undefined;
  preview: {
    devices: Array<{ deviceName: string; mode: string; blockedFlows: number; blocked: Array<{ sentence: string }> }>;
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iotwarden-zt-serve-'));
  const db = join(dir, 'inventory.db');
  const store = await openStore(db);
  await store.recordScan({
    startedMs: END_MS - 9 * DAY_MS,
    finishedMs: END_MS - 9 * DAY_MS + 1000,
    targets: ['127.77.1.0/24'],
    ports: 'default',
    status: 'complete',
    hosts: seedHomeTrafficClients().map((c) => ({
      host: { address: c.address, hostname: c.name, sources: ['arp'], services: [] },
      findings: [],
      skipped: [],
      score: 100,
    })),
  });
  await store.close();
  await runZeroTrustDemo({ db, endMs: END_MS, sampleEvery: 50 });
  staticDir = buildDashboard();
  ({ t, owner } = await ownedServe({ dir, clock: new FakeClock(END_MS), staticDir }));
}, 120_000);
afterAll(async () => {
  await t?.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(staticDir, { recursive: true, force: true });
});

describe('GET /api/zero-trust', () => {
  it('shows the learned profiles and previews the generated policy, which blocks nothing it learned', async () => {
    const answer = await owner.get('/api/zero-trust');
    expect(answer.status).toBe(200);
    const data = answer.body.data as Overview;
    expect(data.profiles.length).toBeGreaterThanOrEqual(15);
    expect(data.profiles.some((p) => p.status === 'learned')).toBe(true);
    for (const p of data.profiles) expect(p.confidence).toBeGreaterThan(0);
    expect(data.policy).toEqual({ source: 'generated' });
    expect(data.preview.devices.map((d) => d.deviceName).sort()).toEqual(data.profiles.map((p) => p.deviceName).sort());
    expect(data.preview.devices.every((d) => d.mode === 'learned' && d.blockedFlows === 0)).toBe(true);
    expect((await new ApiClient(t.url).get('/api/zero-trust')).status).toBe(401);
  });

  it("previews the owner's policy file from the config, naming what local-only would break", async () => {
    writeFileSync(
      join(dir, 'home-policy.yaml'),
      'version: 1\ndevices:\n  - device: garage-door\n    mode: local-only\n',
    );
    writeFileSync(join(dir, 'iotwarden.yaml'), 'networks: []\nzeroTrust: { policy: home-policy.yaml }\n');
    const data = (await owner.get('/api/zero-trust?days=8')).body.data as Overview;
    expect(data.policy).toEqual({ source: 'file', file: join(dir, 'home-policy.yaml') });
    const [garage] = data.preview.devices;
    expect(data.preview.devices).toHaveLength(1);
    expect(garage?.deviceName).toBe('garage-door');
    expect(garage?.mode).toBe('local-only');
    expect(garage?.blockedFlows).toBeGreaterThan(0);
    expect(garage?.blocked.map((b) => b.sentence).join('\n')).toMatch(/garage-door .*blocked/);
  });

  it('shows the profiles and the preview on the dashboard in Chromium, the local-only breakage first', async () => {
    const browser = await launchChromium();
    try {
      const page = await (await loggedInContext(browser, owner)).newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(`${t.url}/zero-trust`);
      await page.waitForSelector('section[data-preview]');
      expect(
        await page.$$eval('table[aria-label="Learned profiles"] tbody tr', (rows) => rows.length),
      ).toBeGreaterThanOrEqual(15);
      const first = await page.textContent('section[data-preview] h3');
      expect(first).toMatch(/^garage-door \(local-only\): \d+ of \d+ flows blocked$/);
      expect(await page.textContent('main')).toContain('your policy');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);

  it('answers a policy file with an unknown key with its code and line, and keeps serving', async () => {
    writeFileSync(
      join(dir, 'home-policy.yaml'),
      'version: 1\ndevices:\n  - device: garage-door\n    moed: local-only\n',
    );
    const answer = await owner.get('/api/zero-trust');
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('ERR_CONFIG');
    expect(answer.body.error.message).toMatch(/home-policy\.yaml.*4|line 4/);
    expect((await owner.get('/api/zero-trust?days=0')).status).toBe(400);
    writeFileSync(join(dir, 'iotwarden.yaml'), 'networks: []\n');
    expect((await owner.get('/api/zero-trust')).status).toBe(200);
  });
});

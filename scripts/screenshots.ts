/// <reference lib="dom" />
/**
 * Screenshots of the dashboard for the README (docs/screenshots/*.png): the demo's seed home, scanned and with its
 * DNS log imported exactly as `iotwarden demo` does it, served by a real serve with a fresh dashboard build, shown
 * in Debian's Chromium. Run: `npx tsx scripts/screenshots.ts`. It fails if a page logs an error or breaks the CSP.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { runSeedHomeDemo } from '../src/lab/seed-home-demo.ts';
import { silentLogger } from '../src/util/logger.ts';
import { buildDashboard, launchChromium, loggedInContext } from '../test/support/browser.ts';
import { ownedServe } from '../test/support/serve.ts';

const OUT = 'docs/screenshots';
// Small enough for the README to stay light, wide enough for the device table's columns.
const VIEWPORT = { width: 1100, height: 680 };
const ONLY = process.argv[2]; // one page's file name, to redo just that shot

/**
 * What the Settings shot shows: the seed home's network, two credentials (one variable set, one not), the built-in
 * firmware policy and two notification targets on loopback (nothing is sent while the shots are taken).
 */
const CONFIG = `networks: ["127.77.1.0/24"]
credentials:
  - { family: shelly, username: admin, passwordEnv: SHELLY_PASSWORD }
  - { family: hue, apiKeyEnv: HUE_KEY }
notifications:
  targets:
    - { name: phone, kind: ntfy, url: "http://127.0.0.1:2586/iotwarden-alerts", minSeverity: high, quietHours: { start: "22:00", end: "07:00" } }
    - { name: automations, kind: webhook, url: "http://127.0.0.1:8123/api/webhook/iotwarden", secretEnv: WEBHOOK_SECRET, minSeverity: medium }
`;
/** Any values: the page shows only whether each is set. */
const ENV = { SHELLY_PASSWORD: 'screenshot-only', WEBHOOK_SECRET: 'screenshot-only' };

async function shoot(page: Page, path: string, file: string, ready: string, theme: 'light' | 'dark' = 'light') {
  if (ONLY && ONLY !== file) return;
  await page.evaluate((t) => localStorage.setItem('iotwarden-theme', t), theme);
  await page.goto(path);
  await page.waitForSelector(ready, { timeout: 15_000 });
  await page.waitForTimeout(300); // charts and the map lay themselves out after the data arrives
  await page.screenshot({ path: join(OUT, file) });
  console.log(`${OUT}/${file}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'iotwarden-screenshots-'));
  process.env.IOTWARDEN_RUNTIME_DIR = dir;
  const demo = await runSeedHomeDemo({ db: join(dir, 'inventory.db'), log: silentLogger });
  const staticDir = buildDashboard();
  const { t, owner } = await ownedServe({ dir, staticDir, configYaml: CONFIG, env: ENV });
  const browser = await launchChromium();
  const problems: string[] = [];
  try {
    mkdirSync(OUT, { recursive: true });
    const anonymous = await browser.newPage({ viewport: VIEWPORT });
    await anonymous.goto(`${t.url}/`);
    await anonymous.waitForSelector('form#login');
    await anonymous.screenshot({ path: join(OUT, 'login.png') });
    const context = await loggedInContext(browser, owner);
    const page = await context.newPage();
    await page.setViewportSize(VIEWPORT);
    // An API error the page shows (a device without readable settings has no peer diff) is not a problem.
    page.on(
      'console',
      (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && problems.push(m.text()),
    );
    page.on('response', (r) => r.status() >= 500 && problems.push(`${r.status()} ${r.url()}`));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${t.url}/`);
    const base = t.url;
    const id = (await owner.get('/api/devices?sort=score&limit=1')).body.data.rows[0].id as string;
    await shoot(page, `${base}/`, 'overview.png', '[data-testid="home-score"]');
    await shoot(page, `${base}/devices`, 'devices.png', 'table.devices tbody tr[data-device]');
    await shoot(page, `${base}/devices/${id}`, 'device.png', '#facts-h');
    await shoot(page, `${base}/firmware`, 'firmware.png', '#firmware-status');
    await shoot(page, `${base}/dns`, 'dns.png', '.dns-device');
    await shoot(page, `${base}/map`, 'map.png', '.map canvas');
    await shoot(page, `${base}/findings`, 'findings-dark.png', '.finding', 'dark');
    await shoot(page, `${base}/settings`, 'settings.png', '#notification-targets-h');
    await shoot(page, `${base}/zero-trust`, 'zero-trust.png', 'section[data-preview]');
  } finally {
    await browser.close();
    await t.stop();
    await demo.lab.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(staticDir, { recursive: true, force: true });
  }
  if (problems.length > 0) throw new Error(`the dashboard reported errors:\n${problems.join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

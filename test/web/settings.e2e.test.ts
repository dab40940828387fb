/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser.
import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testNetwork } from '../support/addresses.ts';
import { buildDashboard, launchChromium, loggedInContext } from '../support/browser.ts';
import { closedPort, type NotifyReceiver, startNotifyReceiver } from '../support/notify-receiver.ts';
import { ownedServe, type TestServe } from '../support/serve.ts';
import {
  HOOK_SECRET,
  HOSTILE_TITLE,
  recordFailedDelivery,
  recordRoomSightings,
  SECRET_MARK,
  SETTINGS_ENV,
  settingsYaml,
  writeSecretsFile,
} from '../support/settings-fixture.ts';

/**
 * Settings and the map by room in Debian's Chromium over a real serve: the page shows every section with the file
 * to edit and never a secret (every secret value holds SECRET_MARK; the rendered page is searched for it), a stored
 * failure whose title is markup shows as text, "send a test notification" reaches a local receiver signed (by
 * mouse and by keyboard) and a failed one says why, the tokens page is in the settings navigation, the dark theme
 * applies, and the map groups devices by Home Assistant room with the rest "unassigned".
 */
const prefix = testNetwork().replace(/\.0\/24$/, '');
let t: TestServe;
let receiver: NotifyReceiver;
let browser: Browser;
let page: Page;
let staticDir: string;
const dialogs: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  staticDir = buildDashboard();
  receiver = await startNotifyReceiver();
  const deadPort = await closedPort();
  const started = await ownedServe({
    configYaml: settingsYaml(receiver.base, deadPort, prefix),
    env: SETTINGS_ENV,
    staticDir,
  });
  t = started.t;
  writeSecretsFile(t.db, prefix);
  await recordFailedDelivery(t.serve.alwaysOn.store, Date.now());
  await recordRoomSightings(t.db, prefix, Date.now());
  browser = await launchChromium();
  page = await (await loggedInContext(browser, started.owner)).newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`${r.status()} ${r.url()}`);
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await receiver?.close();
  if (staticDir) rmSync(staticDir, { recursive: true, force: true });
});

const text = (selector: string) => page.textContent(selector).then((s) => s ?? '');

describe('Settings in Chromium', () => {
  it('opens from the main navigation and shows every section with the file to edit', async () => {
    await page.goto(`${t.url}/`);
    await page.click('nav[aria-label=Main] >> text=Settings');
    await page.waitForSelector('#notification-targets-h');
    expect(await text('h1')).toBe('Settings');
    const headings = await page.$$eval('section.settings-section h2', (hs) => hs.map((h) => h.textContent));
    expect(headings).toEqual(['Networks', 'Credentials', 'Firmware policy', 'Notification targets']);
    expect(await text('#config-source')).toContain(`${t.dir}/iotwarden.yaml`);
    expect(await text('#networks')).toContain(`${prefix}.0/24`);
    expect(await text('#networks .edit-hint')).toContain('networks');
    expect(await text('#credential-entries tr[data-env=SHELLY_PASSWORD]')).toMatch(/\$SHELLY_PASSWORD\s*set/);
    expect(await text('#credential-entries tr[data-env=PORCH_PASSWORD_UNSET]')).toContain('not set');
    expect(await text('#service-secrets tr[data-env=HA_TOKEN]')).toContain('set');
    expect(await text('#secrets-file-devices')).toContain('dev-tasmota-1');
    expect(await text('[data-setting="Maintenance window"]')).toContain('02:00–04:30 UTC');
    expect(await text('#policy-rules')).toContain('HA needs port 9999');
    expect(await page.getAttribute('nav[aria-label=Main] a[href="/settings"]', 'aria-current')).toBe('page');
  });

  it('never shows a secret, and shows a hostile failure title as text', async () => {
    const html = await page.content();
    const shown = await page.evaluate(() => document.body.textContent);
    for (const rendered of [html, shown]) {
      expect(rendered).not.toContain(SECRET_MARK);
      expect(rendered).not.toContain(SECRET_MARK.slice(0, 6));
      expect(rendered).not.toContain('topic-');
    }
    const hook = page.locator('article[data-target=hook]');
    expect(await hook.locator('.failure-list').textContent()).toContain(HOSTILE_TITLE);
    expect(await hook.locator('.failures [role=alert]').textContent()).toContain('1 recent delivery failed');
    expect(await page.$$eval('main img, main script', (found) => found.length)).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('sends a test notification to a local receiver and shows that it was delivered', async () => {
    const before = receiver.received.length;
    await page.click('article[data-target=hook] button.send-test');
    await page.waitForSelector('article[data-target=hook] .test-result[data-state=delivered]');
    expect(await text('article[data-target=hook] .test-result')).toMatch(/^Delivered at .+ \(\d+ ms\)\.$/);
    const got = receiver.received.slice(before);
    expect(got).toHaveLength(1);
    expect(receiver.signatureValid(got[0] as (typeof got)[0], HOOK_SECRET)).toBe(true);
    expect(JSON.parse(got[0]?.body ?? '{}').event.kind).toBe('test');
  });

  it('sends one by keyboard, and says why a delivery failed', async () => {
    const before = receiver.received.length;
    await page.focus('article[data-target=phone] button.send-test');
    await page.keyboard.press('Enter');
    await page.waitForSelector('article[data-target=phone] .test-result[data-state=delivered]');
    expect(receiver.received.length).toBe(before + 1);
    await page.click('article[data-target=gone] button.send-test');
    await page.waitForSelector('article[data-target=gone] .test-result[data-state=failed]');
    expect(await text('article[data-target=gone] .test-result')).toMatch(/^Not delivered: gone: cannot connect/);
    expect(await page.evaluate(() => document.body.textContent)).not.toContain(SECRET_MARK);
  });

  it('jumps to a section from the settings navigation and applies the dark theme', async () => {
    await page.click('nav[aria-label=Settings] >> text=Firmware policy');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('firmware-policy-h');
    expect(new URL(page.url()).pathname).toBe('/settings');
    const light = await page.$eval('.state-unset', (e) => getComputedStyle(e).color);
    await page.click('button[aria-label="Switch to dark theme"], button[aria-label="Switch to light theme"]');
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    const other = await page.$eval('.state-unset', (e) => getComputedStyle(e).color);
    expect(other).not.toBe(light);
    expect(['light', 'dark']).toContain(theme);
  });

  it('reaches the API tokens page from the settings navigation', async () => {
    await page.click('nav[aria-label=Settings] >> text=API tokens');
    await page.waitForSelector('#new-token');
    expect(new URL(page.url()).pathname).toBe('/tokens');
    expect(await page.getAttribute('nav[aria-label=Settings] a[href="/tokens"]', 'aria-current')).toBe('page');
    expect(await page.getAttribute('nav[aria-label=Main] a[href="/settings"]', 'aria-current')).toBe('page');
  });
});

describe('the network map by room', () => {
  it('groups the devices by Home Assistant room, the rest unassigned', async () => {
    await page.click('nav[aria-label=Main] >> text=Map');
    await page.waitForSelector('ul.map-groups li');
    await page.waitForSelector('.map canvas');
    const groups = await page.$$eval('ul.map-groups li', (lis) => lis.map((li) => li.textContent));
    expect(groups.sort()).toEqual(['Kitchen: 1 device', 'Living room: 2 devices', 'unassigned: 1 device']);
    expect(await page.getAttribute('.map', 'aria-label')).toBe('Network map of the devices, grouped by room');
    expect(await text('p.count')).toMatch(/^4 devices in 3 rooms \(Home Assistant areas\)/);
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});

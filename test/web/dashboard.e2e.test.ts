/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVIL_NAME } from '../../src/lab/kinds/hostile/evil-shelly.ts';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/server/security-headers.ts';
import { DEVICES_FIRST_REQUEST } from '../../web/devices-model.ts';
import { testNetwork } from '../support/addresses.ts';
import { buildDashboard, launchChromium } from '../support/browser.ts';
import { ApiClient, OWNER, startTestServe, type TestServe } from '../support/serve.ts';

/**
 * The dashboard end to end, in Debian's Chromium, over a real serve on loopback and a small lab: setup with the
 * token, logout and a wrong password with backoff, login, scan now watched live, the device table sorted and
 * filtered, a device page with a firmware hold and an install shown step by step, a hostile device whose name is markup and script (shown as text,
 * no dialog, no CSP report), a cross-origin form post refused, and logout.
 */
const prefix = testNetwork().replace(/\.0\/24$/, '');
const PASSWORD = 'dashboard-e2e-password';
const OLD = '20221027-091427/v1.12.1-ga9117d3';
const NEW = '20230913-112003/v1.14.0-gcb84623';
const NAMES = ['kitchen-island', 'porch-light', 'tv-plug'];

let lab: RunningLab;
let t: TestServe;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let staticDir: string;
const dialogs: string[] = [];
const cspReports: string[] = [];
const serverErrors: string[] = [];

beforeAll(async () => {
  staticDir = buildDashboard();
  const runtime = mkdtempSync(join(tmpdir(), 'iotwarden-dashboard-e2e-'));
  process.env.IOTWARDEN_RUNTIME_DIR = runtime;
  const scenario = buildScenario(
    {
      name: 'dashboard-e2e',
      network: `${prefix}.0/24`,
      devices: [
        { name: 'porch-light', kind: 'shelly-gen1', address: `${prefix}.11`, auth: { enabled: false } },
        { name: 'tv-plug', kind: 'kasa-legacy', address: `${prefix}.12`, model: 'HS100(UK)', hwVersion: '4.1' },
        {
          name: 'kitchen-island',
          kind: 'shelly-gen1',
          address: `${prefix}.13`,
          model: 'SHSW-25',
          firmware: OLD,
          auth: { enabled: true, username: 'admin', password: PASSWORD },
          update: { version: NEW, durationMs: 300 },
        },
        { name: 'evil', kind: 'hostile', address: `${prefix}.14`, behavior: 'evil-name' },
      ],
    },
    { file: '<dashboard e2e>', baseDir: process.cwd() },
  );
  lab = await startLab(scenario, { writePortMap: true });
  t = await startTestServe({
    dir: runtime,
    staticDir,
    configYaml: `networks: ["${prefix}.0/24"]\nscan: { ports: "80,9999" }\ncredentials:\n  - { family: shelly, username: admin, password: ${PASSWORD}, trustOnFirstUse: true }\n`,
  });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspReports.push(m.text());
  });
  page.on('pageerror', (e) => serverErrors.push(`page error: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 500) serverErrors.push(`${r.status()} ${r.url()}`);
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.stop();
  await lab?.stop();
  rmSync(staticDir, { recursive: true, force: true });
});

const rowNames = () =>
  page.$$eval('table.devices tbody tr[data-device] td.name a', (as) => as.map((a) => a.textContent));

async function logIn(password: string): Promise<string> {
  await page.fill('form#login input[name=username]', OWNER.username);
  await page.fill('form#login input[name=password]', password);
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/login'));
  await page.click('form#login button[type=submit]');
  if ((await answered).ok()) return '';
  await page.waitForSelector('form#login button[type=submit]:not([disabled])');
  return (await page.textContent('#message')) ?? '';
}

describe('the dashboard in Chromium', () => {
  it('sets up the owner with the one-time token, logs out, refuses a wrong password with backoff, logs in', async () => {
    const home = await page.goto(`${t.url}/setup?token=${t.setupToken}`);
    expect(home?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    await page.fill('form#setup input[name=username]', OWNER.username);
    await page.fill('form#setup input[name=password]', OWNER.password);
    await page.click('form#setup button[type=submit]');
    await page.waitForSelector('text=No devices yet');
    expect(new URL(page.url()).pathname).toBe('/');

    await page.click('#logout');
    await page.waitForSelector('form#login');
    expect(await logIn('not the password')).toBe('Wrong username or password.');
    expect(await logIn(OWNER.password)).toMatch(/^Too many failed logins from this address; try again in 1 s\.$/);
    await page.waitForTimeout(1100);
    await logIn(OWNER.password);
    await page.waitForSelector('nav[aria-label=Main]');
    expect(await page.textContent('.who')).toContain(OWNER.username);
  }, 60_000);

  it('starts a scan and shows its progress live until it is done', async () => {
    await page.click('nav >> text=Jobs');
    await page.waitForSelector('h1:text("Jobs")');
    // Record every progress value the page shows (rendered from the live events) while the scan runs.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      const record = () => {
        const box = document.querySelector('#scan-progress');
        const value = box?.querySelector('progress')?.getAttribute('value');
        const sample = box ? `${box.getAttribute('data-state')}:${value}` : '';
        if (sample && seen.at(-1) !== sample) seen.push(sample);
        if (!sample.startsWith('done')) requestAnimationFrame(record);
      };
      requestAnimationFrame(record);
    });
    await page.click('#scan-now');
    await page.waitForSelector('#scan-progress[data-state=done]', { timeout: 45_000 });
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    const running = seen.filter((s) => s.startsWith('running:')).map((s) => Number(s.split(':')[1]));
    expect(running.some((p) => p > 0 && p < 100)).toBe(true); // it moved, and was seen moving
    expect(seen.at(-1)).toBe('done:100');
    expect(await page.textContent('#scan-progress')).toMatch(/Scan complete: 4 devices/);
    await page.waitForSelector('#jobs tbody tr:has-text("done")');
  }, 60_000);

  it('lists the devices, sorts by a column both ways and filters', async () => {
    await page.click('nav >> text=Devices');
    await page.waitForSelector('table.devices tbody tr[data-device]');
    await page.click('button[data-column=name]');
    await expect.poll(() => page.getAttribute('th:has(button[data-column=name])', 'aria-sort')).toBe('ascending');
    const ascending = await rowNames();
    expect(ascending).toHaveLength(4);
    expect(ascending.filter((n) => NAMES.includes(n ?? ''))).toEqual(NAMES);
    await page.click('button[data-column=name]');
    await expect.poll(() => page.getAttribute('th:has(button[data-column=name])', 'aria-sort')).toBe('descending');
    expect((await rowNames()).filter((n) => NAMES.includes(n ?? ''))).toEqual([...NAMES].reverse());
    await page.fill('input[name=q]', 'porch');
    await expect.poll(rowNames).toEqual(['porch-light']);
    await page.fill('input[name=q]', '');
    await expect.poll(async () => (await rowNames()).length).toBe(4);
  });

  it('opened at /devices, asks for the session and the rows beside app.js (the preload hints), once each', async () => {
    const asked: string[] = [];
    const onRequest = (request: { url(): string }) => {
      const url = new URL(request.url());
      if (['/api/devices', '/api/session', '/assets/app.js'].includes(url.pathname))
        asked.push(url.pathname + url.search);
    };
    page.on('request', onRequest);
    const answer = await page.goto(`${t.url}/devices`);
    await page.waitForSelector('table.devices tbody tr[data-device]');
    page.off('request', onRequest);
    expect(answer?.headers().link).toContain(`<${DEVICES_FIRST_REQUEST}>; rel=preload`);
    // Asked before app.js could run (so by the hint), and not again by the page (so the page used that answer).
    expect(asked.indexOf(DEVICES_FIRST_REQUEST)).toBeLessThan(asked.indexOf('/assets/app.js'));
    expect(asked.filter((path) => path === DEVICES_FIRST_REQUEST)).toHaveLength(1);
    expect(asked.filter((path) => path === '/api/session')).toHaveLength(1);
  });

  it('shows a device page and holds its firmware with a reason and an end date', async () => {
    await page.click('table.devices a:text("kitchen-island")');
    await page.waitForSelector('#facts-h');
    expect(await page.textContent('h1')).toBe('kitchen-island');
    expect(await page.textContent('[data-fact=Model]')).toBe('SHSW-25');
    await page.waitForSelector('#fw-h');
    await page.fill('.hold-form input[name=reason]', 'Wait for the spring release');
    await page.fill('.hold-form input[name=until]', '2031-03-01');
    await page.click('.hold-form button[type=submit]');
    await page.waitForSelector('text=Held until 2031-03-01: Wait for the spring release');
    await page.click('button:text("Release")');
    await page.waitForSelector('.hold-form');
  });

  it('installs its firmware from the device page, each step shown, and the page then shows the new version', async () => {
    expect(await page.textContent('h1')).toBe('kitchen-island');
    await page.click('.apply button:text("Install now")');
    await page.waitForSelector('.apply .job-state:text("done")', { timeout: 45_000 });
    const steps = await page.$$eval('.apply .steps li', (items) => items.map((li) => li.textContent));
    expect(steps).toContainEqual(expect.stringMatching(/^kitchen-island: updated — /));
    expect(steps.at(-1)).toMatch(/^1 updated, 0 failed/);
    await expect.poll(() => page.textContent('[data-fact=Firmware]'), { timeout: 10_000 }).toBe(NEW);
  }, 60_000);

  it('shows a hostile device name as text: no markup, no dialog, no CSP report', async () => {
    await page.click('nav >> text=Devices');
    const evil = page.locator('table.devices tbody tr[data-device] td.name a', { hasText: '<script>' });
    await evil.waitFor();
    const shown = (await evil.textContent()) ?? '';
    expect(shown).toContain('<script>alert(1)</script>');
    expect(EVIL_NAME).toContain(shown.slice(0, 20));
    expect(await page.$$eval('main script, main img', (found) => found.length)).toBe(0);
    await evil.click();
    await page.waitForSelector('#facts-h');
    expect(await page.textContent('h1')).toContain('<script>alert(1)</script>');
    expect(await page.$$eval('main script, main img', (found) => found.length)).toBe(0);
    expect(await page.title()).toContain('<script>');
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(cspReports).toEqual([]);
  });

  it('shows the risk register, worst first, device names as text', async () => {
    await page.click('nav >> text=Risk');
    await page.waitForSelector('table.risk tbody tr');
    const rows = await page.$$eval('table.risk tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    expect(rows.length).toBeGreaterThan(1);
    const scores = rows.map((cells) => Number(/= (\d+)/.exec(cells[2] ?? '')?.[1]));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(rows.some((cells) => (cells[1] ?? '').includes('<script>alert(1)</script>'))).toBe(true);
    expect(await page.$$eval('main script, main img', (found) => found.length)).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('refuses a state change posted by a page from another origin', async () => {
    const before = (await fetchJobs()).length;
    const attacker = await attackerPage(
      `<form method="post" action="${t.url}/api/scan" enctype="text/plain"><input name="x" value="y"></form>`,
    );
    try {
      const refused = page.waitForResponse((r) => r.url() === `${t.url}/api/scan`);
      await page.goto(attacker.url);
      await page.evaluate(() => document.querySelector('form')?.submit());
      const answer = await refused;
      expect(answer.status()).toBe(403);
      expect(await answer.json()).toMatchObject({ status: 'error', error: { code: 'ERR_CSRF' } });
      expect((await fetchJobs()).length).toBe(before);
    } finally {
      attacker.server.close();
    }
  });

  it('creates an API token, shown once, that reads the API; revoked, it reads nothing', async () => {
    await page.goto(`${t.url}/tokens`);
    await page.fill('#new-token input[name=name]', 'home-assistant');
    await page.selectOption('#new-token select[name=scope]', 'read');
    await page.click('#new-token button[type=submit]');
    const token = ((await page.textContent('#created-token pre')) ?? '').trim();
    const reader = new ApiClient(t.url, { bearer: token });
    expect((await reader.get('/api/devices')).status).toBe(200);
    expect((await reader.post('/api/scan')).status).toBe(403);
    await page.click('#tokens tr[data-token=home-assistant] button:text("Revoke")');
    await page.waitForSelector('#tokens tr[data-token=home-assistant] td:text("revoked")');
    expect((await reader.get('/api/devices')).status).toBe(401);
  });

  it('logs out: the session ends and every page asks for the login again', async () => {
    await page.goto(`${t.url}/devices`);
    await page.waitForSelector('#logout');
    await page.click('#logout');
    await page.waitForSelector('form#login');
    const answer = await page.goto(`${t.url}/devices`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(answer?.status()).toBe(200);
    await page.waitForSelector('form#login');
    const session = await page.evaluate(async () => (await fetch('/api/session')).status);
    expect(session).toBe(401);
    expect(serverErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  });
});

/** The jobs, as the owner sees them through the API (a separate login; the browser's session is the test's). */
async function fetchJobs(): Promise<unknown[]> {
  const client = new ApiClient(t.url);
  await client.login();
  return (await client.get('/api/jobs')).body.data.jobs;
}

/** A page on another origin (another port of 127.0.0.1: the same site, so the browser sends the session cookie). */
function attackerPage(body: string): Promise<{ server: Server; url: string }> {
  return new Promise((resolve) => {
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html');
      res.end(`<!doctype html><title>not iotwarden</title>${body}`);
    });
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}/` });
    });
  });
}

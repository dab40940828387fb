/**
 * Test support: Debian's Chromium driven by playwright-core (never a downloaded browser), headless, and the built
 * dashboard. Root cannot use Chromium's sandbox, so --no-sandbox is added only when running as root.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import type { ApiClient } from './serve.ts';

export const CHROMIUM = process.env.IOTWARDEN_CHROMIUM ?? '/usr/bin/chromium';

const FLAGS = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

export function launchChromium(): Promise<Browser> {
  const root = process.getuid?.() === 0;
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: root ? [...FLAGS, '--no-sandbox'] : FLAGS,
  });
}

/** Builds the dashboard from the current sources into a fresh folder (never a stale dist/), and returns it. */
export function buildDashboard(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iotwarden-dashboard-'));
  execFileSync(process.execPath, ['scripts/build.mjs', '--dashboard-only', '--out', dir], { stdio: 'inherit' });
  return dir;
}

/** A browser context already logged in as `client` (its session cookie copied in). */
export async function loggedInContext(browser: Browser, client: ApiClient): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const [name, value] = (client.cookie ?? '').split('=');
  if (!name || !value) throw new Error('the client has no session cookie');
  await context.addCookies([{ name, value, url: client.base }]);
  return context;
}

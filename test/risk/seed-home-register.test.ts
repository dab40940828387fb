import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRiskRegister } from '../../src/app/risk/risk-use-cases.ts';
import { topRisksText } from '../../src/cli/output/risk-text.ts';
import { SEED_SHELLY_PASSWORD } from '../../src/lab/scenario/seed-home.ts';
import { requestHttp } from '../../src/net/http-client.ts';
import { openStore } from '../../src/store/index.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { runIotwarden } from '../support/cli.ts';
import { type SeedHome, startSeedHome } from '../support/seed-home.ts';

/**
 * Issue 16, end to end: the seed home's risk register, scanned exactly as the demo does it. One change to the seed
 * home: the garage-door relay has its login switched off, so it has the same weakness as the Christmas-tree plug
 * (anyone on the network can switch it) and the test can show that the stakes, not the finding, rank them.
 */
interface Entry {
  name: string;
  level: string;
  score: number;
  reason: string;
  mainDriver: string;
  cloud: string;
  impact: { level: number; dimension: string };
  likelihood: { level: number; factors: Array<{ id: string; because: string }> };
  context: { category: { value: string; source: string }; room: { value: string } | null };
  firmwareHold: { until: string; reason: string } | null;
  decision: { kind: string; status: string; until: string | null; links: string[] } | null;
}

let home: SeedHome;
const clock = new FakeClock(Date.UTC(2026, 11, 5, 12));

function withoutGarageLogin(scenario: Record<string, unknown>): Record<string, unknown> {
  const devices = (scenario.devices as Array<Record<string, unknown>>).map((device) =>
    device.name === 'garage-door' ? { ...device, auth: { enabled: false, username: 'admin', password: 'x' } } : device,
  );
  return { ...scenario, devices };
}

async function cli(...args: string[]) {
  return runIotwarden([...args, '--db', home.db], { clock });
}

async function register(): Promise<Entry[]> {
  const run = await cli('risk', '--json');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return (JSON.parse(run.stdout) as { register: { entries: Entry[] } }).register.entries;
}

const byName = (entries: Entry[], name: string) => entries.find((e) => e.name === name)!;
const rank = (entries: Entry[], name: string) => entries.findIndex((e) => e.name === name);

beforeAll(async () => {
  home = await startSeedHome(withoutGarageLogin);
}, 90_000);

afterAll(async () => {
  await home?.stop();
});

describe('the seed home risk register', () => {
  it('puts the nursery camera with factory credentials first', async () => {
    const entries = await register();
    const first = entries[0]!;
    expect(first.name).toBe('nursery-camera');
    expect(first.level).toBe('critical');
    expect(first.context.room?.value).toBe('nursery');
    expect(first.likelihood.factors[0]!.id).toBe('default-credentials');
    expect(first.reason).toMatch(/^Anyone on your Wi-Fi could watch the nursery: it still takes its factory password/);
  });

  it('ranks the garage-door relay without auth above the Christmas-tree plug with the same weakness', async () => {
    const entries = await register();
    const garage = byName(entries, 'garage-door');
    const tree = byName(entries, 'christmas-tree');
    // Both can be switched by anyone on the network...
    expect(garage.likelihood.factors.map((f) => f.id)).toContain('no-auth');
    expect(tree.likelihood.factors.map((f) => f.id)).toContain('no-auth');
    // ...but one opens the house.
    expect(garage.context.category.value).toBe('garage-door');
    expect(garage.impact).toMatchObject({ level: 5, dimension: 'safety' });
    expect(tree.impact.level).toBeLessThan(garage.impact.level);
    expect(rank(entries, 'garage-door')).toBeLessThan(rank(entries, 'christmas-tree'));
    expect(garage.reason).toBe(
      'Anyone on your Wi-Fi could open the garage door: it answers without a password; also its password crosses the network in plain text.',
    );
  });

  it('shows a held Kasa plug with its published CVE and its hold side by side', async () => {
    const hold = await cli(
      'firmware',
      'hold',
      'kids-nightlight',
      '--reason',
      'the kids like the old app',
      '--until',
      '2027-03-01',
    );
    expect(hold.status).toBe(0);
    const plug = byName(await register(), 'kids-nightlight');
    expect(plug.firmwareHold).toEqual({ until: '2027-03-01', reason: 'the kids like the old app' });
    const ids = plug.likelihood.factors.map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(['no-auth', 'known-vulnerable', 'unpatched']));
    expect(plug.likelihood.factors.find((f) => f.id === 'known-vulnerable')!.because).toContain('CVE-2026-76784');
    const text = await cli('risk');
    expect(text.stdout).toMatch(/kids-nightlight.*fw held to 2027-03-01/);
  });

  it('sees the kitchen speaker as cloud-only, with its privacy impact', async () => {
    const speaker = byName(await register(), 'kitchen-speaker');
    expect(speaker.context.category.value).toBe('speaker');
    expect(speaker.cloud).toMatch(/^cloud-only/);
    expect(speaker.impact.dimension).toBe('privacy');
    expect(speaker.likelihood.factors.map((f) => f.id)).toEqual(['cloud']);
    expect(speaker.reason).toMatch(/listen in on the kitchen/);
  });

  it('keeps the same order every time', async () => {
    const names = (await register()).map((e) => e.name);
    expect((await register()).map((e) => e.name)).toEqual(names);
    expect(names.slice(0, 3)).toEqual(['nursery-camera', 'garage-door', 'coffee-maker']);
  });
});

describe('outputs', () => {
  it('prints the top three risks with their one-line reasons, as the demo does', async () => {
    const store = await openStore(home.db, { readonly: true });
    try {
      const register = await readRiskRegister({ store, nowMs: clock.now(), timeZone: 'UTC', actor: 'cli' });
      const lines = topRisksText(register, 3, false).trimEnd().split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatch(/^1\. CRITICAL nursery-camera: Anyone on your Wi-Fi could watch the nursery: /);
      expect(lines[1]).toMatch(/^2\. CRITICAL garage-door: Anyone on your Wi-Fi could open the garage door: /);
    } finally {
      await store.close();
    }
  });

  it('puts the matrix and the register in the HTML, Markdown and JSON reports', async () => {
    const html = await cli('report', '--format', 'html');
    expect(html.stdout).toMatch(/<section class="risk"><h2>Risk<\/h2>/);
    expect(html.stdout).toMatch(/<svg class="matrix"[^>]*>.*<title>nursery-camera<\/title>/s);
    const md = await cli('report', '--format', 'md');
    expect(md.stdout).toMatch(/^\| critical \| 5×5 \| nursery-camera \| /m);
    const json = JSON.parse((await cli('report', '--format', 'json')).stdout) as {
      risk: { rows: Array<{ label: string }> };
    };
    expect(json.risk.rows[0]!.label).toBe('nursery-camera');
  });
});

describe('owner context', () => {
  it('takes what the owner says over the name, with the owner as its source, and logs it', async () => {
    const set = await cli(
      'risk',
      'set',
      'tv-plug',
      '--controls',
      'space heater',
      '--room',
      'office',
      '--upside',
      'warm feet',
    );
    expect(set.status).toBe(0);
    const plug = byName(await register(), 'tv-plug') as Entry & { upside: string; impact: { dimension: string } };
    expect(plug.upside).toBe('warm feet');
    expect(plug.impact).toMatchObject({ level: 4, dimension: 'safety' });
    const log = await cli('firmware', 'log', '--json');
    expect(log.stdout).toContain('risk-context');
  });
});

describe('risk decisions', () => {
  it('an acceptance expires and comes back for review, and both are audit-logged', async () => {
    const accept = await cli(
      'risk',
      'accept',
      'christmas-tree',
      '--reason',
      'only on in December',
      '--until',
      '2027-01-15',
    );
    expect(accept.status).toBe(0);
    expect(byName(await register(), 'christmas-tree').decision).toMatchObject({ kind: 'accept', status: 'active' });
    await clock.advance(Date.UTC(2027, 0, 16) - clock.now());
    expect(byName(await register(), 'christmas-tree').decision).toMatchObject({ status: 'expired' });
    const review = await cli('risk', 'review');
    expect(review.stdout).toContain('Expired acceptances, now undecided again: christmas-tree');
    expect(byName(await register(), 'christmas-tree').decision).toBeNull();
    const log = await cli('firmware', 'log', '--json');
    const actions = (JSON.parse(log.stdout) as { entries: Array<{ action: string }> }).entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['risk-accept', 'risk-review']));
  });

  it('a firmware mitigation links to the firmware action and clears when the finding clears', async () => {
    const mitigate = await cli(
      'risk',
      'mitigate',
      'kitchen-island',
      '--action',
      'firmware',
      '--reason',
      'update tonight',
    );
    expect(mitigate.status).toBe(0);
    const before = byName(await register(), 'kitchen-island').decision!;
    expect(before).toMatchObject({ kind: 'mitigate', status: 'pending' });
    expect(before.links[0]).toMatch(/iotwarden firmware apply --now/);
    // The owner updates the relay (its own OTA), and the next scan no longer finds old firmware.
    const island = home.lab.device('kitchen-island');
    const auth = `Basic ${Buffer.from(`admin:${SEED_SHELLY_PASSWORD}`).toString('base64')}`;
    const port = island.ports.find((p) => p.port === 80)!.actual;
    const ota = { host: island.address, port, timeoutMs: 2000, maxBytes: 65536 };
    expect((await requestHttp({ ...ota, path: '/ota?update=true', headers: { authorization: auth } })).status).toBe(
      200,
    );
    for (let i = 0; i < 60; i++) {
      const info = await requestHttp({ ...ota, path: '/shelly', timeoutMs: 500 }).catch(() => undefined);
      if (info && (info.json() as { fw?: string }).fw?.includes('v1.14.0')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await home.rescan([island.address]);
    expect(byName(await register(), 'kitchen-island').decision).toMatchObject({ status: 'done' });
    const review = await cli('risk', 'review');
    expect(review.stdout).toContain('Mitigations done (their findings cleared): kitchen-island');
  }, 30_000);
});

describe('replace and remove', () => {
  it('records a replacement with a suggestion from the same category and better vendor trust', async () => {
    const run = await cli('risk', 'replace', 'aquarium-plug', '--reason', 'no fix for protocol 3.1');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /aquarium-plug: replace; recorded in the audit log\nConsider a TP-Link plug \(vendor trust good; local API: KLAP/,
    );
    expect(byName(await register(), 'aquarium-plug').decision).toMatchObject({ kind: 'replace', status: 'active' });
    const removed = await cli('risk', 'remove', 'stairs-light', '--reason', 'unused');
    expect(removed.status).toBe(0);
    expect(byName(await register(), 'stairs-light').decision).toMatchObject({ kind: 'remove' });
  });
});

describe('an inventory that does not exist yet', () => {
  it('is an empty register, not an error, and is not created', async () => {
    const missing = `${home.runtime}/never-scanned.db`;
    const run = await runIotwarden(['risk', '--db', missing]);
    expect(run).toMatchObject({ status: 0, stdout: 'No devices yet: run iotwarden scan first.\n' });
    expect(existsSync(missing)).toBe(false);
  });
});

describe('bad input exits 2 with a clear message', () => {
  it.each([
    [['risk', 'set', 'garage-door', '--category', 'toaster'], /unknown category "toaster" \(known: light, plug/],
    [
      ['risk', 'accept', 'christmas-tree', '--reason', 'x', '--until', '2020-01-01'],
      /--until 2020-01-01 is not in the future/,
    ],
    [['risk', 'accept', 'christmas-tree', '--reason', 'x', '--until', 'soon'], /--until must be a date/],
    [['risk', 'accept', 'no-such-device', '--reason', 'x', '--until', '2099-01-01'], /no device "no-such-device"/],
    [
      ['risk', 'mitigate', 'christmas-tree', '--reason', 'x', '--action', 'pray'],
      /--action must be one of fix, firmware, confine, move/,
    ],
    [['advise', 'acme/toaster'], /no vendor "acme" known/],
  ])('%j', async (args, message) => {
    const run = args[0] === 'advise' ? await runIotwarden(args) : await cli(...args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});

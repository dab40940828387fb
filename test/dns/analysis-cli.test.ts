import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseDnsIfImported } from '../../src/app/dns/analyse-dns.ts';
import { renderHtml } from '../../src/app/report/render-html.ts';
import { renderMarkdown } from '../../src/app/report/render-markdown.ts';
import { registerDnsCommands } from '../../src/cli/commands/dns.ts';
import { type DnsDemoResult, runDnsDemo } from '../../src/lab/dns-traffic/dns-demo.ts';
import { openStore } from '../../src/store/index.ts';
import { runCommand } from '../support/cli.ts';
import { type SeedHome, startSeedHome } from './seed-home-dns.ts';

let home: SeedHome;
let demo: DnsDemoResult;

beforeAll(async () => {
  home = await startSeedHome();
  demo = await runDnsDemo({
    db: home.db,
    piholeDb: join(home.runtime, 'lab-pihole-FTL.db'),
    prefix: home.prefix,
    hours: 24,
  });
}, 60_000);

afterAll(async () => {
  await home?.stop();
});

describe('the DNS demo story', () => {
  it('names the chatty garage door, its period and the setting that explains it', () => {
    console.log(demo.summary);
    expect(demo.imported).toBeGreaterThan(86_000);
    expect(demo.summary).toContain('garage-door asks ntp.old-nas.example every 1.0 s');
    expect(demo.summary).toContain('although its cloud is off');
    expect(demo.summary).toContain(
      'iotwarden diff --peers garage-door: its sntp.server is ntp.old-nas.example, where 2 of the 2 other SHSW-1 use time.google.com',
    );
  });

  it('puts a privacy section with a per-device chart into the HTML and Markdown reports', () => {
    const html = renderHtml(demo.model);
    expect(html).toContain('<h2>What devices say to the internet</h2>');
    const garage = html.slice(html.indexOf('<h3>garage-door</h3>'));
    expect(garage.indexOf('<svg')).toBeGreaterThan(0);
    expect(garage.slice(0, 6000)).toMatch(/<rect [^>]+><title>[^<]+ UTC: 3\d{3} queries<\/title><\/rect>/);
    // Self-contained: no script, nothing loaded from elsewhere (source URLs are text, never links).
    expect(html).not.toMatch(/<script|\s(src|href)=/);
    const findings = demo.model.devices.find((d) => d.name === 'garage-door')!.findings.map((f) => f.checkId);
    expect(findings).toContain('privacy.phone-home');
    const markdown = renderMarkdown(demo.model);
    expect(markdown).toContain('## What devices say to the internet');
    expect(markdown).toMatch(/### garage-door — \d+ queries, 0 blocked\n\nQueries per hour: `[▁▂▃▄▅▆▇█]+`/);
    expect(markdown).toContain('| ntp.old-nas.example | unknown |');
  });
});

describe('iotwarden dns', () => {
  it('import is idempotent: the same database again adds nothing', async () => {
    const text = await runCommand(registerDnsCommands, [
      'dns',
      'import',
      '--pihole-db',
      demo.piholeDb,
      '--db',
      home.db,
    ]);
    expect(text.startsWith(`✓ pihole-db ${demo.piholeDb}: 0 new queries`)).toBe(true);
    const json = JSON.parse(
      await runCommand(registerDnsCommands, ['dns', 'import', '--pihole-db', demo.piholeDb, '--json', '--db', home.db]),
    );
    expect(json.sources[0]).toMatchObject({ ok: true, result: { imported: 0 } });
  });

  it('import of a missing file reports its stable code and fails the command', async () => {
    let exitCode: number | undefined;
    const text = await runCommand(
      registerDnsCommands,
      ['dns', 'import', '--pihole-db', join(home.runtime, 'nope.db'), '--db', home.db],
      { onExitCode: (code) => (exitCode = code) },
    );
    expect(text).toMatch(/✗ pihole-db .*nope\.db: .*\[ERR_DNS_SOURCE_MISSING\]/);
    expect(exitCode).toBe(1);
  });

  it('report shows a sparkline, the period, the cause and the finding for one device', async () => {
    const text = await runCommand(registerDnsCommands, ['dns', 'report', '--device', 'garage-door', '--db', home.db]);
    const lines = text.split('\n');
    expect(lines[2]).toMatch(/^garage-door · 127\.77\.\d+\.10 · \d+ queries · 0 blocked$/);
    expect(lines[3]).toMatch(/^ {2}[▁▂▃▄▅▆▇█]{20,} {2}queries per hour$/);
    expect(text).toMatch(/ntp\.old-nas\.example +unknown +\d+ +0 +every 1\.0 s +no entry matched/);
    expect(text).toContain(
      'Likely cause: sntp.server is ntp.old-nas.example where 2 of 2 devices of its model use time.google.com',
    );
    expect(text).toContain('! medium privacy.phone-home: Device phones home on a fast timer — ntp.old-nas.example');
    expect(text).not.toContain('living-room-tv');
  });

  it('report --json carries profiles, provenance and findings', async () => {
    const json = JSON.parse(await runCommand(registerDnsCommands, ['dns', 'report', '--json', '--db', home.db]));
    expect(json.totalQueries).toBe(demo.imported);
    const tv = json.devices.find((d: { label: string }) => d.label === 'living-room-tv');
    expect(tv.findings.map((f: { checkId: string }) => f.checkId)).toEqual(['privacy.tracker-contact']);
    const tracker = tv.profile.domains.find((d: { domain: string }) => d.domain === 'app-measurement.com');
    expect(tracker.classification.source).toMatchObject({
      origin: 'built-in',
      reference: 'EasyPrivacy (https://easylist.to/)',
    });
    const quiet = json.devices.find((d: { label: string }) => d.label === 'bedroom-fan');
    expect(quiet.findings).toEqual([]);
    expect(json.devices.find((d: { label: string }) => d.label === 'esphome-sensor')).toBeUndefined();
  });

  it('costs nothing and says so on an inventory without DNS data', async () => {
    const empty = join(home.runtime, 'empty.db');
    const store = await openStore(empty);
    try {
      expect(await analyseDnsIfImported(store)).toBeUndefined();
    } finally {
      await store.close();
    }
    expect(await runCommand(registerDnsCommands, ['dns', 'report', '--db', empty])).toBe(
      'No DNS data yet: run iotwarden dns import first.\n',
    );
    const store2 = await openStore(home.db, { readonly: true });
    try {
      expect((await analyseDnsIfImported(store2))?.totalQueries).toBe(demo.imported);
    } finally {
      await store2.close();
    }
  });

  it('refuses to run without a source', async () => {
    await expect(
      runCommand(registerDnsCommands, ['dns', 'import', '--db', home.db, '--config', join(home.runtime, 'none.yaml')]),
    ).rejects.toThrow(/no DNS source|cannot read config/);
  });
});

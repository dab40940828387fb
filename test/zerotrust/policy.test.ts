import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { learnProfiles } from '../../src/app/policy/learn-profiles.ts';
import { parsePolicy } from '../../src/app/policy/load-policy.ts';
import { exportPolicy, generatePolicyFile } from '../../src/app/policy/policy-use-cases.ts';
import { previewPolicy } from '../../src/app/policy/preview-policy.ts';
import { diffProfile } from '../../src/app/policy/profile-diff.ts';
import { configSchema } from '../../src/config/config-schema.ts';
import { openStore, type Store } from '../../src/store/index.ts';
import { runIotwarden } from '../support/cli.ts';
import { tempDir } from '../support/store.ts';
import { conversations, DAY_MS, NOW_MS, ROLES, seedZeroTrustHome } from '../support/zero-trust-home.ts';

const dir = tempDir();
const db = join(dir.dir, 'zt.db');
const config = configSchema.parse({ roles: ROLES });
let store: Store;

beforeAll(async () => {
  store = await openStore(db);
  await seedZeroTrustHome(store);
});
afterAll(async () => {
  await store.close();
  dir.cleanup();
});

describe('learning profiles', () => {
  it('learns destinations by DNS name, folds server pools into a suffix, and names local peers by role', async () => {
    const result = await learnProfiles(store, config, { nowMs: NOW_MS });
    const coffee = result.devices.find((d) => d.deviceName === 'coffee-maker')!;
    expect(coffee).toMatchObject({ status: 'learned', confidence: 1, daysObserved: 8, version: 1, changed: true });
    const profile = store.profiles.get(coffee.deviceId)!.profile as {
      entries: Array<{ peer: unknown; port: number; direction: string }>;
    };
    expect(profile.entries).toContainEqual(
      expect.objectContaining({ peer: { kind: 'name', name: 'n-devs.tplinkcloud.com' }, port: 443 }),
    );
    expect(profile.entries).toContainEqual(
      expect.objectContaining({
        direction: 'inbound',
        port: 9999,
        peer: expect.objectContaining({ kind: 'device', name: 'home-assistant', roles: ['home-assistant'] }),
      }),
    );
    const plug = result.devices.find((d) => d.deviceName === 'plug-a')!;
    const plugProfile = store.profiles.get(plug.deviceId)!.profile as {
      entries: Array<{ peer: { kind: string; suffix?: string } }>;
    };
    expect(plugProfile.entries.map((e) => e.peer)).toContainEqual(
      expect.objectContaining({ kind: 'suffix', suffix: 'shelly.cloud' }),
    );
  });

  it('keeps the version when nothing changed, and records a new destination after learning as an event', async () => {
    const again = await learnProfiles(store, config, { nowMs: NOW_MS });
    expect(again.devices.every((d) => !d.changed)).toBe(true);
    const source = store.flows.source('netflow', 'test');
    store.flows.commit(source.id, conversations([['192.168.1.30', '203.0.113.99', 6, 8443, 3]], 0, 1), {
      nowMs: NOW_MS,
    });
    const next = await learnProfiles(store, config, { nowMs: NOW_MS });
    const coffee = next.devices.find((d) => d.deviceName === 'coffee-maker')!;
    expect(coffee).toMatchObject({
      version: 2,
      changed: true,
      newDestinations: ['outbound name:evil.example tcp/8443'],
    });
    expect(store.profiles.events().map((e) => e.subject)).toEqual(['outbound name:evil.example tcp/8443']);
    const diff = await diffProfile(store, config, 'coffee-maker');
    expect(diff.lines).toEqual([
      expect.objectContaining({ change: 'added', peer: 'evil.example', service: 'tcp/8443' }),
    ]);
  });
});

describe('policy from profiles', () => {
  it('generates readable YAML that parses back, with modes, roles and defaults', async () => {
    const generated = await generatePolicyFile(store, config);
    const text = generated.text;
    expect(parsePolicy(text, 'generated.yaml')).toEqual(generated.document);
    const coffee = generated.document.devices.find((d) => d.device === 'coffee-maker')!;
    expect(coffee.mode).toBe('learned');
    expect(coffee.allow).toContainEqual(
      expect.objectContaining({ role: 'home-assistant', direction: 'inbound', ports: ['tcp/9999'] }),
    );
    expect(coffee.allow).toContainEqual(expect.objectContaining({ role: 'owner-devices', direction: 'inbound' }));
    const plugA = generated.document.devices.find((d) => d.device === 'plug-a')!;
    // Shelly says its devices work without the internet (src/checks/data/domains.json): local-only, so the learned
    // shelly.cloud pool is left out; the firmware default still lets it update.
    expect(plugA.mode).toBe('local-only');
    expect(plugA.defaults).toEqual(['dhcp', 'dns', 'ntp', 'firmware', 'mdns']);
    expect(plugA.allow.some((e) => e.suffix !== undefined)).toBe(false);
    expect(plugA.allow).toContainEqual(expect.objectContaining({ role: 'same-model', ports: ['tcp/80'] }));
    // The camera template: its tracker and the unnamed address are not its vendor's cloud, so they are not allowed.
    const camera = generated.document.devices.find((d) => d.device === 'camera')!;
    expect(camera.mode).toBe('camera');
    expect(camera.allow.filter((e) => e.direction === 'outbound')).toEqual([]);
    expect(text).toContain('# seen: 160 flows on 8 days');
    expect(await generatePolicyFile(store, config)).toEqual(generated);
  });

  it('refuses an unknown key with its line number, and a device without a profile with a code', async () => {
    const bad =
      'version: 1\ndevices:\n  - device: coffee-maker\n    allow:\n      - name: a.example\n        ports: [tcp/1]\n        portz: [tcp/1]\n';
    expect(() => parsePolicy(bad, 'p.yaml')).toThrow(/p\.yaml:7: .*portz/);
    const file = join(dir.dir, 'bad.yaml');
    writeFileSync(file, bad);
    const run = await runIotwarden(['policy', 'check', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('bad.yaml:7');
    await expect(generatePolicyFile(store, config, { devices: ['192.168.1.99'] })).rejects.toMatchObject({
      code: 'ERR_POLICY_DEVICE',
    });
  });
});

describe('preview', () => {
  it('says what a policy would block and what stays allowed', async () => {
    const document = parsePolicy(
      [
        'version: 1',
        'devices:',
        '  - device: coffee-maker',
        '    allow:',
        '      - role: home-assistant',
        '        direction: inbound',
        '        ports: [tcp/9999]',
      ].join('\n'),
      'p.yaml',
    );
    const preview = await previewPolicy(store, config, document, { nowMs: NOW_MS, days: 8 });
    const coffee = preview.devices[0]!;
    expect(coffee.blocked.map((b) => b.sentence)).toEqual([
      'coffee-maker reaches n-devs.tplinkcloud.com over TCP 443: blocked',
      'phone (owner-devices) controls coffee-maker over TCP 9999: blocked',
      'coffee-maker reaches evil.example over TCP 8443: blocked',
    ]);
    expect(coffee.blocked[1]).toMatchObject({ flows: 40, days: 8 });
    expect(coffee.served).toContainEqual({ origin: 'allow[0]', label: 'role home-assistant', flows: 80 });
    expect(coffee.served).toContainEqual({ origin: 'default dns', label: 'router DNS', flows: 240 });
    expect(coffee.notes[0]).toBe('firmware updates from the vendor: allowed (download.tplinkcloud.com)');
    expect(coffee.blockedFlows).toBe(160 + 40 + 3);
  });
});

describe('export', () => {
  it('nftables: byte-stable, accepted by nft -c, with dnsmasq nftset lines; MUD and OpenWrt too', async () => {
    const { document } = await generatePolicyFile(store, config);
    const first = await exportPolicy(store, config, document, 'nftables');
    const second = await exportPolicy(store, config, document, 'nftables', { check: false });
    expect(second.files).toEqual(first.files);
    if (process.getuid?.() === 0) expect(first.nftCheck).toEqual({ checked: true, ok: true });
    const ruleset = first.files['iotwarden.nft']!;
    expect(ruleset).toContain('table inet iotwarden {');
    expect(ruleset).toMatch(/type ether_addr\n\t\telements = \{ 02:00:00:00:00:30 \}/);
    expect(ruleset).toContain('log prefix "iotwarden drop d');
    expect(first.files['iotwarden-dnsmasq.conf']).toContain(
      'nftset=/download.tplinkcloud.com/4#inet#iotwarden#n1_v4,6#inet#iotwarden#n1_v6',
    );
    const mud = await exportPolicy(store, config, document, 'mud');
    expect(Object.keys(mud.files)).toContain('snpl-00112eu.mud.json');
    const owrt = await exportPolicy(store, config, document, 'openwrt');
    expect(owrt.files['firewall.uci']).toContain("option target 'DROP'");
    expect(owrt.files['dhcp.uci']).toContain("list domain 'download.tplinkcloud.com'");
  });

  it('nft -c rejects a broken ruleset: the check can fail', async () => {
    if (process.getuid?.() !== 0) return;
    const { checkNftables } = await import('../../src/app/policy/nft-check.ts');
    const result = await checkNftables('table inet iotwarden { chain x { ip daddr nonsense accept } }\n');
    expect(result).toMatchObject({ checked: true, ok: false });
  });
});

void DAY_MS;

describe('iotwarden policy (CLI)', () => {
  it('learn → generate → preview → export, with --json, through the command line', async () => {
    const cfg = join(dir.dir, 'iotwarden.yaml');
    writeFileSync(
      cfg,
      `roles:\n  router: [192.168.1.1]\n  home-assistant: [home-assistant]\n  owner-devices: [phone]\n`,
    );
    const clock = { now: () => NOW_MS };
    const common = ['--config', cfg, '--db', db];
    const learn = await runIotwarden(['policy', 'learn', '--json', ...common], { clock } as never);
    expect(learn.status).toBe(0);
    expect(JSON.parse(learn.stdout).devices.length).toBe(6);
    const policyFile = join(dir.dir, 'policy.yaml');
    const generate = await runIotwarden(['policy', 'generate', '--out', policyFile, ...common]);
    expect(generate.status).toBe(0);
    const preview = await runIotwarden(['policy', 'preview', policyFile, '--days', '8', ...common], { clock } as never);
    expect(preview.status).toBe(0);
    // The generated policy allows what was learned; the camera template blocks its tracker.
    expect(preview.stdout).toContain('coffee-maker (learned): 0 of 523 flows would be blocked');
    expect(preview.stdout).toContain('✗ camera reaches tracker.example over TCP 443: blocked (320 flows on 8 days)');
    expect(preview.stdout).toContain('firmware updates from the vendor: allowed (download.tplinkcloud.com)');
    const outDir = join(dir.dir, 'out');
    const exported = await runIotwarden([
      'policy',
      'export',
      policyFile,
      '--format',
      'nftables',
      '--out-dir',
      outDir,
      ...common,
    ]);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain('iotwarden.nft');
    const noDevice = await runIotwarden(['policy', 'generate', 'no-such-device', ...common]);
    expect(noDevice.status).toBe(2);
    expect(noDevice.stderr).toContain('ERR_POLICY_DEVICE');
  });
});

describe('a device without a profile', () => {
  it('cannot get a policy generated: ERR_POLICY_NO_PROFILE, and nothing stored changes', async () => {
    await store.recordScan({
      startedMs: NOW_MS - 1000,
      finishedMs: NOW_MS,
      targets: ['192.168.1.0/24'],
      ports: 'default',
      status: 'complete',
      hosts: [
        {
          host: { address: '192.168.1.77', hostname: 'fridge', sources: ['arp'], services: [] },
          findings: [],
          skipped: [],
          score: 90,
        },
      ],
    });
    const before = store.profiles.latest();
    await expect(generatePolicyFile(store, config, { devices: ['fridge'] })).rejects.toMatchObject({
      code: 'ERR_POLICY_NO_PROFILE',
      message: expect.stringContaining('fridge has no learned profile yet'),
    });
    expect(store.profiles.latest()).toEqual(before);
    expect((await generatePolicyFile(store, config)).withoutProfile).toEqual(['fridge']);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/app/policy/load-policy.ts';
import { exportPolicy } from '../../src/app/policy/policy-use-cases.ts';
import { configSchema } from '../../src/config/config-schema.ts';
import type { HostFacts } from '../../src/families/facts.ts';
import { openStore } from '../../src/store/index.ts';
import { netnsUnavailable, sweepStaleNamespaces } from '../support/netns.ts';
import { HOSTS, INTERNET, NetnsHome } from '../support/netns-home.ts';
import { tempDir } from '../support/store.ts';

/**
 * The exported nftables ruleset and dnsmasq nftset lines, enforced by a real router: network namespaces, a bridge
 * per segment, nftables, and Debian's dnsmasq forwarding to an "internet" dnsmasq. Proves what a policy promises:
 * allowed flows pass, a DNS-named destination opens only once the router resolved it, IoT cannot reach the trusted
 * segment, Home Assistant reaches the device, unknown internet hosts stay closed, and drops are counted.
 */
const unavailable = netnsUnavailable();
if (unavailable) console.warn(`\n*** test/zerotrust/enforcement.test.ts SKIPPED: ${unavailable} ***\n`);
const run = unavailable ? describe.skip : describe;

const POLICY = `version: 1
devices:
  - device: coffee
    defaults: [dhcp, dns]
    allow:
      - name: api.vendor.example
        ports: [tcp/80]
      - role: home-assistant
        direction: inbound
        ports: [tcp/9999]
  - device: plug
    defaults: [dns]
    allow: []
`;

run('zero-trust enforcement in network namespaces', () => {
  const home = new NetnsHome('e');
  const dir = tempDir();
  let ruleset = '';

  beforeAll(async () => {
    sweepStaleNamespaces();
    await home.build();
    home.startInternetDns();
    await home.ready();
    const store = await openStore(join(dir.dir, 'home.db'));
    await store.recordScan({
      startedMs: Date.now() - 1000,
      finishedMs: Date.now(),
      targets: ['10.213.0.0/16'],
      ports: 'default',
      status: 'complete',
      hosts: HOSTS.map((h) => ({
        host: { address: h.address, mac: h.mac, hostname: h.name, sources: ['arp'], services: [] } satisfies HostFacts,
        findings: [],
        skipped: [],
        score: 100,
      })),
    });
    const config = configSchema.parse({ roles: { router: ['10.213.1.1', '10.213.2.1'], 'home-assistant': ['ha'] } });
    const exported = await exportPolicy(store, config, parsePolicy(POLICY, 'policy.yaml'), 'nftables');
    await store.close();
    expect(exported.nftCheck).toEqual({ checked: true, ok: true });
    ruleset = exported.files['iotwarden.nft']!;
    const dnsmasqConf = join(dir.dir, 'iotwarden-dnsmasq.conf');
    writeFileSync(dnsmasqConf, exported.files['iotwarden-dnsmasq.conf']!);
    // Baseline, before the ruleset: the flat-open home lets everything through, so the checks below can fail.
    expect(await home.lab.connects('coffee', home.addressOf('ha'), 8123)).toBe(true);
    expect(await home.lab.connects('coffee', INTERNET.unknown, 80)).toBe(true);
    await home.lab.must('r', ['nft', '-f', '-'], { input: ruleset });
    home.lab.spawn('r', [
      '/usr/sbin/dnsmasq',
      '--no-daemon',
      '--conf-file=/dev/null',
      `--conf-file=${dnsmasqConf}`,
      '--pid-file=',
      '--user=root',
      '--listen-address=10.213.1.1',
      '--bind-interfaces',
      '--no-resolv',
      '--no-hosts',
      `--server=${INTERNET.dns}`,
    ]);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }, 60_000);

  afterAll(async () => {
    await home.cleanup();
    dir.cleanup();
  });

  const resolve = async (from: string, name: string): Promise<string> => {
    const script = `const r=new (require('dns').promises.Resolver)({timeout:1500,tries:2});r.setServers(['10.213.1.1']);r.resolve4(${JSON.stringify(name)}).then(a=>console.log(a.join(',')),e=>{console.error(e.code);process.exit(5)})`;
    const result = await home.lab.exec(from, [process.execPath, '-e', script], { timeoutMs: 8000 });
    return result.stdout.trim();
  };

  it('opens a DNS-named destination only after the router resolved it, through the exported nftset lines', async () => {
    expect(await home.lab.connects('coffee', INTERNET.api, 80)).toBe(false);
    expect(await resolve('coffee', 'api.vendor.example')).toBe(INTERNET.api);
    const set = await home.lab.must('r', ['nft', 'list', 'set', 'inet', 'iotwarden', 'n1_v4']);
    expect(set).toContain(INTERNET.api);
    expect(await home.lab.connects('coffee', INTERNET.api, 80)).toBe(true);
    // Allowed by name, on the allowed port only.
    expect(await home.lab.connects('coffee', INTERNET.api, 443)).toBe(false);
  }, 30_000);

  it('keeps unknown and unlisted internet hosts closed, even once resolved', async () => {
    expect(await resolve('coffee', 'tracker.example')).toBe(INTERNET.tracker);
    expect(await home.lab.connects('coffee', INTERNET.tracker, 80)).toBe(false);
    expect(await home.lab.connects('coffee', INTERNET.unknown, 80)).toBe(false);
    expect(await home.lab.connects('plug', INTERNET.api, 80)).toBe(false);
  }, 30_000);

  it('blocks IoT → trusted and IoT → IoT, and lets Home Assistant (only) reach the device', async () => {
    expect(await home.lab.connects('coffee', home.addressOf('ha'), 8123)).toBe(false);
    expect(await home.lab.connects('plug', home.addressOf('laptop'), 22)).toBe(false);
    expect(await home.lab.connects('ha', home.addressOf('coffee'), 9999)).toBe(true);
    expect(await home.lab.connects('laptop', home.addressOf('coffee'), 9999)).toBe(false);
    expect(await home.lab.connects('ha', home.addressOf('plug'), 80)).toBe(false);
    // Unconfined hosts keep their access: the camera has no policy.
    expect(await home.lab.connects('camera', INTERNET.unknown, 80)).toBe(true);
  }, 30_000);

  it('counts the drops per device', async () => {
    const counters = await home.lab.must('r', ['nft', '-j', 'list', 'counters', 'table', 'inet', 'iotwarden']);
    const parsed = JSON.parse(counters) as { nftables: Array<{ counter?: { name: string; packets: number } }> };
    const drops = Object.fromEntries(
      parsed.nftables.flatMap((e) => (e.counter ? [[e.counter.name, e.counter.packets]] : [])),
    );
    expect(drops.d1_drop).toBeGreaterThan(0);
    expect(drops.d2_drop).toBeGreaterThan(0);
    expect(ruleset).toContain('log prefix "iotwarden drop d1 out: "');
  });
});

import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/index.ts';
import { parseDhcpLeases, readDhcpLeases } from './dhcp-leases.ts';
import { parseIpNeighJson, parseProcNetArp, readNeighbours } from './neighbours.ts';
import { parseTargets } from './targets.ts';

// Sample tables written for this project (test/fixtures/net), not captures of a real home.
const fixture = (name: string): string => new URL(`../../test/fixtures/net/${name}`, import.meta.url).pathname;
const text = (name: string): Promise<string> => readFile(fixture(name), 'utf8');

describe('neighbour tables', () => {
  it('parses /proc/net/arp, skipping incomplete entries', async () => {
    const records = parseProcNetArp(await text('proc-net-arp.txt'));
    expect(records.map((r) => r.address)).toEqual(['192.168.1.1', '192.168.1.23', '192.168.1.41', '10.9.0.5']);
    expect(records[1]).toEqual({
      address: '192.168.1.23',
      mac: 'E8:DB:84:AA:BB:01',
      source: 'arp',
      interface: 'wlan0',
    });
  });

  it('parses ip -j neigh, skipping FAILED and INCOMPLETE entries', async () => {
    const records = parseIpNeighJson(await text('ip-neigh.json'));
    expect(records.map((r) => [r.address, r.state])).toEqual([
      ['192.168.1.1', 'REACHABLE'],
      ['192.168.1.50', 'STALE'],
      ['fe80::e6db:84ff:feaa:bb01', 'DELAY'],
      ['172.16.0.9', 'PERMANENT'],
    ]);
    expect(records[1]?.mac).toBe('5C:62:8B:10:20:30');
    expect(parseIpNeighJson('not json')).toEqual([]);
  });

  it('reads both tables and drops everything outside the targets', async () => {
    const ipNeigh = async (): Promise<string> => text('ip-neigh.json');
    const records = await readNeighbours({
      targets: parseTargets('192.168.1.0/24'),
      arpFile: fixture('proc-net-arp.txt'),
      ipNeigh,
    });
    expect(records.map((r) => `${r.source}:${r.address}`)).toEqual([
      'arp:192.168.1.1',
      'arp:192.168.1.23',
      'arp:192.168.1.41',
      'neigh:192.168.1.1',
      'neigh:192.168.1.50',
    ]);
  });

  it('treats a missing table as empty', async () => {
    const records = await readNeighbours({
      targets: parseTargets('192.168.1.0/24'),
      arpFile: fixture('no-such-file'),
      ipNeigh: async () => {
        throw new Error('ip: command not found');
      },
    });
    expect(records).toEqual([]);
  });
});

describe('DHCP leases', () => {
  it('parses dnsmasq leases: expiry, unknown hostnames, and no DHCPv6 or duid lines', async () => {
    const records = parseDhcpLeases(await text('dnsmasq.leases'), 'dhcp:dnsmasq.leases');
    expect(records).toEqual([
      {
        address: '192.168.1.23',
        mac: 'E8:DB:84:AA:BB:01',
        source: 'dhcp:dnsmasq.leases',
        hostname: 'shelly1-AABB01',
        expiresAt: 1_767_225_600_000,
      },
      { address: '192.168.1.41', mac: '00:17:88:6A:7B:8C', source: 'dhcp:dnsmasq.leases', hostname: 'Philips-hue' },
      { address: '192.168.7.5', mac: '50:C7:BF:01:02:03', source: 'dhcp:dnsmasq.leases', expiresAt: 1_767_229_200_000 },
    ]);
  });

  it('parses ISC dhcpd leases: the last block per address wins, only active bindings count', async () => {
    const records = parseDhcpLeases(await text('dhcpd.leases'), 'dhcp:dhcpd.leases');
    expect(records).toEqual([
      {
        address: '192.168.1.60',
        mac: '24:6F:28:01:02:60',
        source: 'dhcp:dhcpd.leases',
        hostname: 'esphome-web-010260',
        state: 'active',
        expiresAt: Date.UTC(2026, 0, 1, 10, 0, 0),
      },
      {
        address: '192.168.1.62',
        mac: '00:11:32:01:02:62',
        source: 'dhcp:dhcpd.leases',
        hostname: 'nas',
        state: 'active',
      },
    ]);
  });

  it('reads files with a dhcp:<file> source and keeps only leases inside the targets', async () => {
    const file = fixture('dnsmasq.leases');
    const records = await readDhcpLeases([file], parseTargets('192.168.1.0/24'));
    expect(records.map((r) => r.address)).toEqual(['192.168.1.23', '192.168.1.41']);
    expect(records[0]?.source).toBe(`dhcp:${file}`);
  });

  it('names a configured lease file that cannot be read', async () => {
    const missing = fixture('missing.leases');
    const error = await readDhcpLeases([missing], parseTargets('192.168.1.0/24')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(missing);
    expect((error as ConfigError).message).toContain('ENOENT');
  });

  it('caps what it reads, even from a file whose size stat does not know (a pipe, a file still growing)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'iotwarden-leases-'));
    const pipe = join(dir, 'leases.fifo');
    execFileSync('mkfifo', [pipe]);
    // 20 MiB of valid-looking leases through a pipe: stat says 0 bytes, and the cap is 16 MiB.
    const writer = spawn('sh', ['-c', `yes '0 e8:db:84:aa:bb:01 192.168.1.23 plug *' | head -c 20971520 > ${pipe}`]);
    try {
      const error = await readDhcpLeases([pipe], parseTargets('192.168.1.0/24')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toMatch(/over 16777216 bytes/);
    } finally {
      writer.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a large file within the cap (250k leases) without running out of stack', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'iotwarden-leases-'));
    const file = join(dir, 'dhcp.leases');
    await writeFile(file, '0 e8:db:84:aa:bb:01 192.168.1.23 plug *\n'.repeat(250_000));
    try {
      const records = await readDhcpLeases([file], parseTargets('192.168.1.0/24'));
      expect(records).toHaveLength(250_000);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import { runIotwarden } from '../support/cli.ts';
import { finding, scan, tempDir } from '../support/store.ts';

const temp = tempDir();
const db = join(temp.dir, 'inventory.db');

beforeAll(async () => {
  const store = await openStore(db);
  // The first scan finds the garage door; the second finds two more, one of them copying another's identity.
  await store.recordScan(
    scan([{ address: '127.77.200.10', mac: '34:94:54:AA:BB:10', deviceId: 'shelly1-aabb10', name: 'garage-door' }]),
  );
  const second = scan([
    { address: '127.77.200.10', mac: '34:94:54:AA:BB:10', deviceId: 'shelly1-aabb10', name: 'garage-door' },
    { address: '127.77.200.11', mac: '34:94:54:AA:BB:11', name: 'porch-light' },
    { address: '127.77.200.12', mac: '34:94:54:AA:BB:12', name: 'look-alike' },
  ]);
  second.hosts[2]!.findings.push(finding('network.identity-conflict'));
  await store.recordScan(second);
  await store.close();
});

afterAll(() => temp.cleanup());

describe('iotwarden trust and untrust', () => {
  it('trusts one device by name, bound to the identity the inventory knows, and says so once', async () => {
    const run = await runIotwarden(['trust', 'garage-door', '--db', db]);
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toBe(
      'Trusted garage-door (127.77.200.10, MAC 34:94:54:AA:BB:10, id shelly1-aabb10): your configured credentials may be used with it while it presents this identity.\n',
    );
    expect((await runIotwarden(['trust', '127.77.200.10', '--db', db])).stdout).toContain('was trusted already');
  });

  it('lists what is trusted, as a table and as JSON', async () => {
    const table = await runIotwarden(['trust', '--list', '--db', db]);
    expect(table.stdout).toMatch(/^NAME\s+ADDRESS\s+MAC\s+DEVICE ID\s+CERTIFICATE\s+HOW\n/);
    expect(table.stdout).toMatch(/garage-door\s+127\.77\.200\.10\s+34:94:54:AA:BB:10\s+shelly1-aabb10\s+—\s+owner/);
    const json = JSON.parse((await runIotwarden(['trust', '--list', '--json', '--db', db])).stdout);
    expect(json.trusted).toEqual([
      expect.objectContaining({ name: 'garage-door', mac: '34:94:54:AA:BB:10', acceptedBy: 'owner' }),
    ]);
  });

  it('trusts every device first seen in the latest scan, but not one in an identity conflict', async () => {
    const run = await runIotwarden(['trust', '--all-new', '--db', db]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'Trusted 1 device(s) first seen in scan 2: porch-light (127.77.200.11, MAC 34:94:54:AA:BB:11).',
    );
    expect(run.stdout).toContain(
      'Not trusted, because another host claims the same identity (network.identity-conflict): look-alike',
    );
    const names = JSON.parse((await runIotwarden(['trust', '--list', '--json', '--db', db])).stdout).trusted.map(
      (d: { name: string }) => d.name,
    );
    expect(names.sort()).toEqual(['garage-door', 'porch-light']);
  });

  it('untrusts a device, and says when it was not trusted', async () => {
    const run = await runIotwarden(['untrust', 'porch-light', '--db', db]);
    expect(run).toMatchObject({ status: 0 });
    expect(run.stdout).toContain('porch-light (127.77.200.11, MAC 34:94:54:AA:BB:11) is no longer trusted');
    expect((await runIotwarden(['untrust', 'porch-light', '--db', db])).stdout).toContain('was not trusted');
  });

  it('refuses an unknown device, a missing argument and a missing inventory with exit 2 and one clear line', async () => {
    const unknown = await runIotwarden(['trust', 'front-door', '--db', db]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('no device matches "front-door" (try iotwarden devices)');
    expect((await runIotwarden(['untrust', '127.77.200.99', '--db', db])).status).toBe(2);
    const nothing = await runIotwarden(['trust', '--db', db]);
    expect(nothing.status).toBe(2);
    expect(nothing.stderr).toContain('give one device, or --all-new, or --list');
    expect((await runIotwarden(['trust', 'garage-door', '--all-new', '--db', db])).status).toBe(2);
    const missing = await runIotwarden(['trust', '--all-new', '--db', join(temp.dir, 'none.db')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no inventory yet: run iotwarden scan first');
  });
});

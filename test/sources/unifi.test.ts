/**
 * Issue 12: a UniFi Network controller as a device source, against the simulated controller on a loopback address:
 * clients merge into the inventory by MAC with their SSID, the SSID's security mode and the VLAN; the Wi-Fi
 * passphrase never reaches the inventory; a refused login is a clear, coded error that changes nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedUnifiController } from '../../src/sources/unifi/simulator/unifi-controller.ts';
import { openStore } from '../../src/store/index.ts';
import { testAddress } from '../support/addresses.ts';
import { runIotwarden } from '../support/cli.ts';

const PASSWORD_ENV = 'IOTW_TEST_UNIFI_PASSWORD';
const PASSPHRASE = 'wifi-passphrase-never-stored';
let controller: SimulatedUnifiController;
let dir: string;
let db: string;
let config: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iotwarden-unifi-'));
  db = join(dir, 'inventory.db');
  const now = Math.floor(Date.now() / 1000);
  controller = new SimulatedUnifiController({
    host: testAddress(),
    username: 'iotwarden',
    password: 'unifi-pw',
    clients: [
      {
        mac: 'e8:db:84:11:22:33',
        ip: '192.0.2.10',
        hostname: 'garage-door',
        oui: 'Espressif Inc.',
        essid: 'Home-IoT',
        network: 'IoT',
        vlan: 30,
        is_wired: false,
        first_seen: now - 86_400,
        last_seen: now,
      },
      {
        mac: 'a4:83:e7:00:00:01',
        ip: '192.0.2.20',
        name: 'office-pc',
        network: 'LAN',
        is_wired: true,
        first_seen: now - 600,
        last_seen: now,
      },
    ],
    wlans: [
      { _id: 'w1', name: 'Home-IoT', security: 'wpapsk', wpa_mode: 'wpa2', x_passphrase: PASSPHRASE, enabled: true },
    ],
    networks: [
      { _id: 'n1', name: 'LAN', purpose: 'corporate', vlan_enabled: false, ip_subnet: '192.0.2.1/25' },
      { _id: 'n2', name: 'IoT', purpose: 'corporate', vlan: 30, vlan_enabled: true, ip_subnet: '192.0.2.129/25' },
    ],
  });
  await controller.start();
  config = join(dir, 'iotwarden.yaml');
  writeFileSync(
    config,
    `sources:\n  unifi: { url: "${controller.url}", username: iotwarden, passwordEnv: ${PASSWORD_ENV} }\n`,
  );
}, 30_000);

afterAll(async () => {
  await controller?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cli = (args: string[], password: string) =>
  runIotwarden([...args, '--config', config, ...(args[1] === 'test' ? [] : ['--db', db])], {
    env: { ...process.env, [PASSWORD_ENV]: password },
  });

describe('UniFi as a device source', () => {
  it('a login failure names UniFi and what failed, never the password, and imports nothing', async () => {
    const test = await cli(['sources', 'test'], 'wrong-unifi-pw');
    expect(test.status).toBe(1);
    expect(test.stdout).toContain(`✗ unifi ${controller.url}: ERR_SOURCE_AUTH: UniFi`);
    expect(test.stdout).toContain('login refused (HTTP 400)');
    expect(test.stdout + test.stderr).not.toContain('wrong-unifi-pw');
    const imported = await cli(['sources', 'import'], 'wrong-unifi-pw');
    expect(imported.status).toBe(1);
    const store = await openStore(db, { readonly: true });
    expect(await store.devices()).toEqual([]);
    await store.close();
  });

  it('merges clients by MAC with SSID, security mode, network and VLAN; the passphrase is never kept', async () => {
    const test = await cli(['sources', 'test'], 'unifi-pw');
    expect(test.stdout).toContain('login accepted; 2 clients, SSIDs Home-IoT (wpa2), 2 networks');
    const imported = await cli(['sources', 'import'], 'unifi-pw');
    expect(imported.status).toBe(0);
    const store = await openStore(db, { readonly: true });
    try {
      const devices = await store.devices();
      expect(devices).toHaveLength(2);
      const garage = devices.find((d) => d.mac === 'E8:DB:84:11:22:33');
      expect(garage).toMatchObject({ address: '192.0.2.10', name: 'garage-door', scanned: false });
      expect(garage?.context.sources[0]?.facts).toMatchObject({
        ssid: 'Home-IoT',
        ssidSecurity: 'wpa2',
        network: 'IoT',
        vlan: 30,
        wired: false,
        vendor: 'Espressif Inc.',
      });
      expect(devices.find((d) => d.mac === 'A4:83:E7:00:00:01')?.context.sources[0]?.facts.wired).toBe(true);
    } finally {
      await store.close();
    }
    expect(readFileSync(db).includes(Buffer.from(PASSPHRASE))).toBe(false);
    // Importing again matches the same devices by MAC.
    await cli(['sources', 'import'], 'unifi-pw');
    const again = await openStore(db, { readonly: true });
    expect(await again.devices()).toHaveLength(2);
    await again.close();
  });
});

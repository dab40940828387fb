/**
 * Issue 8, defect 1: the owner's credentials went to impostors. Each impostor here records every request it gets;
 * a scan with the owner's credentials configured must send it none of them.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialEntry } from '../../src/config/config-schema.ts';
import { startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { openStore } from '../../src/store/index.ts';
import { testAddress } from '../support/addresses.ts';
import { type Impostor, json, resolverWith, startImpostor, withAuthorization } from '../support/impostor.ts';
import { scanWith, trustingOnFirstUse } from '../support/trust.ts';

const SHELLY_PASSWORD = 'family-wide-shelly-secret';
const HUE_KEY = 'hue-application-key-0123456789abcdef';
const OWNER: CredentialEntry[] = [
  { family: 'shelly', username: 'admin', password: SHELLY_PASSWORD },
  { family: 'hue', apiKey: HUE_KEY },
];

const runtime = mkdtempSync(join(tmpdir(), 'iotwarden-trust-'));
process.env.IOTWARDEN_RUNTIME_DIR = runtime;
let dbCount = 0;
const freshDb = (): string => join(runtime, `inventory-${++dbCount}.db`);

const running: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

/** The facts the inventory keeps for the device at `address` (after the scan). */
async function storedDevice(db: string, address: string) {
  const store = await openStore(db);
  try {
    return (await store.device(address))?.facts.device;
  } finally {
    await store.close();
  }
}

async function impostor(address: string, ports: Parameters<typeof startImpostor>[1]): Promise<Impostor> {
  const started = await startImpostor(address, ports);
  running.push(started);
  return started;
}

/** A host that answers /shelly like a Gen1 Shelly with login on, and 401 to everything else. */
function gen1Impostor(address: string): Promise<Impostor> {
  return impostor(address, [
    {
      port: 80,
      handle: (request, res) => {
        if (request.path === '/shelly') {
          json(res, 200, { type: 'SHSW-1', mac: 'A4CF12F00D01', auth: true, fw: '20230913-112003/v1.14.0-gcb84623' });
        } else json(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Basic realm="shelly"' });
      },
    },
  ]);
}

describe('credentials never reach an impostor', () => {
  it('a Shelly look-alike with login on and 401 on /settings gets no Authorization header', async () => {
    const address = testAddress();
    const fake = await gen1Impostor(address);
    const db = freshDb();
    const result = await scanWith({ db, targets: [address], credentials: OWNER, resolvePort: resolverWith([fake]) });
    expect(fake.requests.map((r) => r.path)).toContain('/settings');
    expect(withAuthorization(fake)).toEqual([]);
    expect(fake.everythingReceived()).not.toContain(Buffer.from(`admin:${SHELLY_PASSWORD}`).toString('base64'));
    // The scan says what it withheld, in its result and as a limitation of the device.
    expect(result.withheld).toEqual([
      { address, credential: 'shelly', reason: expect.stringContaining(`iotwarden trust ${address}`) },
    ]);
    const device = await storedDevice(db, address);
    expect(device?.limitations[0]).toBe(
      `withheld the shelly credential from ${address}: ${result.withheld[0]?.reason}`,
    );
    expect(device?.limitations.join('\n')).toContain('the configured credentials were withheld from this device');
    expect(device?.limitations.join('\n')).not.toContain('no credentials configured');
  });

  it('a Gen2 look-alike whose digest realm is not its device id gets no digest answer', async () => {
    const address = testAddress();
    const fake = await impostor(address, [
      {
        port: 80,
        handle: (request, res) => {
          if (request.path === '/shelly') {
            json(res, 200, {
              id: 'shellyplus1-a8032ab1c2d3',
              mac: 'A8032AB1C2D3',
              model: 'SNSW-001X16EU',
              gen: 2,
              fw_id: '20241011-114455/1.4.4-g6d2a586',
              ver: '1.4.4',
              app: 'Plus1',
              auth_en: true,
              auth_domain: 'shellyplus1-a8032ab1c2d3',
            });
          } else {
            // The realm and nonce the peer chose: an answer would let it test password guesses offline.
            const challenge = 'Digest qop="auth", realm="attacker-chosen", nonce="1725185413", algorithm=SHA-256';
            json(res, 401, { code: 401, message: 'unauthorized' }, { 'www-authenticate': challenge });
          }
        },
      },
    ]);
    // An entry naming this address is the owner's acceptance of the device: the gate lets it through, the realm
    // check alone must keep the password's hash from the peer.
    const credentials: CredentialEntry[] = [{ address, password: SHELLY_PASSWORD }];
    const db = freshDb();
    const result = await scanWith({ db, targets: [address], credentials, resolvePort: resolverWith([fake]) });
    expect(result.withheld).toEqual([]);
    expect(fake.requests.some((r) => r.path === '/rpc')).toBe(true);
    expect(withAuthorization(fake)).toEqual([]);
    const device = await storedDevice(db, address);
    expect(device?.limitations.join('\n')).toContain(
      'digest challenge for realm "attacker-chosen", not the device id "shellyplus1-a8032ab1c2d3": not answered',
    );
  });

  it('a fake Hue bridge on 80 and 443 with another certificate never sees the application key', async () => {
    // First the real (simulated) bridge, trusted on first use: the key is bound to its certificate.
    const address = testAddress();
    const db = freshDb();
    const scenario = { devices: [{ name: 'hue-bridge', kind: 'hue', address, apiKey: HUE_KEY }] };
    const lab = await startLab(buildScenario(scenario, { file: '<hue>', baseDir: process.cwd() }), {
      writePortMap: true,
    });
    const first = await scanWith({ db, targets: [address], credentials: trustingOnFirstUse(OWNER) }).finally(() =>
      lab.stop(),
    );
    expect(first.withheld).toEqual([]);
    const read = await storedDevice(db, address);
    expect(read?.firmware.autoUpdate).toBeDefined(); // swupdate2 needs the key: it was used
    expect(read?.certificate).toMatchObject({ port: 443, chain: 'self-signed' });
    const store = await openStore(db);
    const [bound] = await store.trust.trusted();
    const config = (await store.device(address))?.facts.device?.config;
    await store.close();
    expect(bound?.trust?.binding.tlsSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

    // Then a host at the same address answering exactly like it, with its own certificate.
    const record = (request: { path: string }, res: Parameters<typeof json>[0]) =>
      request.path === '/api/config' ? json(res, 200, config) : json(res, 200, [{ error: { type: 1 } }]);
    const fake = await impostor(address, [
      { port: 80, handle: record },
      { port: 443, handle: record, tlsCommonName: 'not-the-bridge' },
    ]);
    const second = await scanWith({
      db,
      targets: [address],
      credentials: trustingOnFirstUse(OWNER),
      resolvePort: resolverWith([fake]),
    });
    expect(fake.requests.some((r) => r.path === '/api/config')).toBe(true);
    expect(fake.everythingReceived()).not.toContain(HUE_KEY);
    expect(second.withheld).toEqual([
      {
        address,
        credential: 'hue',
        reason: expect.stringMatching(/^its certificate \(SHA-256 .*\) is not the one hue-bridge is bound to/),
      },
    ]);
  });

  it('a Hue look-alike at a new address nobody trusted never sees the key either', async () => {
    const address = testAddress();
    const config = {
      name: 'Hue Bridge',
      bridgeid: 'ECB5FAFFFE1A2B3C',
      modelid: 'BSB002',
      mac: 'ec:b5:fa:1a:2b:3c',
      swversion: '1967054020',
      apiversion: '1.67.0',
    };
    const answer = (request: { path: string }, res: Parameters<typeof json>[0]) =>
      request.path === '/api/config' ? json(res, 200, config) : json(res, 200, [{ error: { type: 1 } }]);
    const fake = await impostor(address, [
      { port: 80, handle: answer },
      { port: 443, handle: answer, tlsCommonName: 'ecb5fafffe1a2b3c' },
    ]);
    const result = await scanWith({
      db: freshDb(),
      targets: [address],
      credentials: OWNER,
      resolvePort: resolverWith([fake]),
    });
    expect(fake.everythingReceived()).not.toContain(HUE_KEY);
    expect(result.withheld.map((w) => w.credential)).toEqual(['hue']);
  });
});

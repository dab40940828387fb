/**
 * Issue 8, defect 2: a cloned MAC took a device over. One inventory goes through the owner's whole story: a first
 * look with every credential kept back, trust, a clone at a new address while the original answers, and a genuine
 * move of the original.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/app/scan/scan-and-audit.ts';
import type { CredentialEntry } from '../../src/config/config-schema.ts';
import { type RunningLab, startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { requestHttp } from '../../src/net/http-client.ts';
import { portResolverFrom, readLivePortMaps } from '../../src/net/port-overrides.ts';
import { openStore } from '../../src/store/index.ts';
import { testNetwork } from '../support/addresses.ts';
import { json, resolverWith, startImpostor, withAuthorization } from '../support/impostor.ts';
import { scanWith, trustAllNewIn } from '../support/trust.ts';

const PASSWORD = 'garage-door-password';
const OWNER: CredentialEntry[] = [{ family: 'shelly', username: 'admin', password: PASSWORD }];
const GARAGE_MAC = '34:94:54:A0:B0:20';
const prefix = testNetwork().replace(/\.0\/24$/, '');
const network = `${prefix}.0/24`;
const home = `${prefix}.20`;
const runtime = mkdtempSync(join(tmpdir(), 'iotwarden-identity-'));
const db = join(runtime, 'inventory.db');

let lab: RunningLab | undefined;
let garageId = '';

function startGarage(address: string): Promise<RunningLab> {
  const scenario = {
    devices: [
      {
        name: 'garage-door',
        kind: 'shelly-gen1',
        address,
        mac: GARAGE_MAC,
        auth: { enabled: true, username: 'admin', password: PASSWORD },
      },
    ],
  };
  return startLab(buildScenario(scenario, { file: '<garage>', baseDir: process.cwd() }), { writePortMap: true });
}

async function inventory<T>(read: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore(db);
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

const findingIds = (result: ScanResult, address: string): string[] =>
  result.model.devices.find((d) => d.addresses.includes(address))?.findings.map((f) => f.checkId) ?? [];

beforeAll(async () => {
  process.env.IOTWARDEN_RUNTIME_DIR = runtime;
  lab = await startGarage(home);
});

afterAll(async () => {
  await lab?.stop();
});

describe('credentials follow identities, and identity conflicts are findings', () => {
  it('keeps the credential back on a first look, and uses it once the owner trusted the device', async () => {
    const first = await scanWith({ db, targets: [network], credentials: OWNER });
    expect(first.withheld).toEqual([
      {
        address: home,
        credential: 'shelly',
        reason: `it is a device you have not trusted; once you have checked it is yours: iotwarden trust ${home}`,
      },
    ]);
    expect(await trustAllNewIn(db)).toHaveLength(1);
    const second = await scanWith({ db, targets: [network], credentials: OWNER });
    expect(second.withheld).toEqual([]);
    const garage = await inventory((store) => store.device(home));
    expect(garage?.facts.device?.cloud).toBeDefined(); // /settings was read with the password
    garageId = garage!.deviceId;
  });

  it('a MAC clone at a new address while the original answers: a conflict on both, no move, no password', async () => {
    const labPort = portResolverFrom(readLivePortMaps())(home, 80, 'tcp');
    const shelly = (
      await requestHttp({ host: home, port: labPort, path: '/shelly', timeoutMs: 2000, maxBytes: 65536 })
    ).json();
    // Below the original's address, so that matching by MAC alone would have handed it the record.
    const cloneAddress = `${prefix}.5`;
    const clone = await startImpostor(cloneAddress, [
      {
        port: 80,
        handle: (request, res) =>
          request.path === '/shelly'
            ? json(res, 200, shelly)
            : json(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Basic realm="garage-door"' }),
      },
    ]);
    try {
      const result = await scanWith({ db, targets: [network], credentials: OWNER, resolvePort: resolverWith([clone]) });
      expect(withAuthorization(clone)).toEqual([]);
      expect(findingIds(result, home)).toContain('network.identity-conflict');
      expect(findingIds(result, cloneAddress)).toContain('network.identity-conflict');
      expect(result.record.changes.filter((c) => c.kind === 'address-changed')).toEqual([]);
      expect(result.record.devices.find((d) => d.address === cloneAddress)?.deviceId).not.toBe(garageId);
      expect(await inventory(async (store) => (await store.device(garageId))?.address)).toBe(home);
      expect(result.withheld).toEqual([
        {
          address: cloneAddress,
          credential: 'shelly',
          reason: `it claims MAC ${GARAGE_MAC}, which is bound to garage-door at ${home}; a move is only believed once ${home} stops answering`,
        },
      ]);
      const onClone = result.model.devices
        .find((d) => d.addresses.includes(cloneAddress))
        ?.findings.find((f) => f.checkId === 'network.identity-conflict');
      expect(onClone?.detail).toContain(`the original still answers at ${home}`);
      expect(onClone?.evidence).toHaveLength(2);
    } finally {
      await clone.stop();
    }
  });

  it('a genuine move (old address silent, same ids) moves the record, and the credential follows it', async () => {
    await lab?.stop();
    const moved = `${prefix}.21`;
    lab = await startGarage(moved);
    const result = await scanWith({ db, targets: [network], credentials: OWNER });
    expect(result.record.changes).toContainEqual({
      kind: 'address-changed',
      deviceId: garageId,
      address: moved,
      from: home,
    });
    expect(findingIds(result, moved)).not.toContain('network.identity-conflict');
    // The credential waited for the scan to confirm the move; from now on it goes to the new address.
    expect(result.withheld.map((w) => w.address)).toEqual([moved]);
    const next = await scanWith({ db, targets: [network], credentials: OWNER });
    expect(next.withheld).toEqual([]);
    expect(await inventory(async (store) => (await store.device(garageId))?.address)).toBe(moved);
  });
});

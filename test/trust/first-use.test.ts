/** `trustOnFirstUse: true`: the first use trusts and binds the device; a later different identity gets nothing. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CredentialEntry } from '../../src/config/config-schema.ts';
import { startLab } from '../../src/lab/lab.ts';
import { buildScenario } from '../../src/lab/scenario/load-scenario.ts';
import { openStore } from '../../src/store/index.ts';
import { testAddress } from '../support/addresses.ts';
import { type Impostor, json, resolverWith, startImpostor, withAuthorization } from '../support/impostor.ts';
import { scanWith } from '../support/trust.ts';

const PASSWORD = 'porch-light-password';
const TOFU: CredentialEntry[] = [{ family: 'shelly', password: PASSWORD, trustOnFirstUse: true }];
const MAC = 'A8:03:2A:B1:C2:D3';
const runtime = mkdtempSync(join(tmpdir(), 'iotwarden-tofu-'));
const db = join(runtime, 'inventory.db');
const address = testAddress();
let impostor: Impostor | undefined;

afterAll(async () => {
  await impostor?.stop();
});

describe('trustOnFirstUse', () => {
  it('binds the credential to the identity of its first use and refuses a later different one', async () => {
    process.env.IOTWARDEN_RUNTIME_DIR = runtime;
    const scenario = {
      devices: [
        { name: 'porch-light', kind: 'shelly-gen2', address, mac: MAC, auth: { enabled: true, password: PASSWORD } },
      ],
    };
    const lab = await startLab(buildScenario(scenario, { file: '<porch>', baseDir: process.cwd() }), {
      writePortMap: true,
    });
    const first = await scanWith({ db, targets: [address], credentials: TOFU }).finally(() => lab.stop());
    expect(first.withheld).toEqual([]);
    const store = await openStore(db);
    const [trusted] = await store.trust.trusted();
    const deviceId = (await store.device(address))?.facts.device?.deviceId;
    await store.close();
    expect(trusted?.trust).toMatchObject({
      acceptedBy: 'first-use',
      binding: { mac: MAC, stableId: `shelly:${deviceId}` },
    });

    // Later, at the same address: the same device id, the right realm, but another MAC.
    impostor = await startImpostor(address, [
      {
        port: 80,
        handle: (request, res) => {
          if (request.path === '/shelly') {
            json(res, 200, {
              id: deviceId,
              mac: 'A8032AB1FFFF',
              model: 'SNSW-001X16EU',
              gen: 2,
              fw_id: '20241011-114455/1.4.4-g6d2a586',
              ver: '1.4.4',
              auth_en: true,
              auth_domain: deviceId,
            });
          } else {
            const challenge = `Digest qop="auth", realm="${deviceId}", nonce="1725185413", algorithm=SHA-256`;
            json(res, 401, { code: 401, message: 'unauthorized' }, { 'www-authenticate': challenge });
          }
        },
      },
    ]);
    const later = await scanWith({ db, targets: [address], credentials: TOFU, resolvePort: resolverWith([impostor]) });
    expect(impostor.requests.map((r) => r.path)).toContain('/shelly');
    expect(withAuthorization(impostor)).toEqual([]);
    expect(later.withheld).toEqual([
      { address, credential: 'shelly', reason: `it has MAC A8:03:2A:B1:FF:FF, but porch-light is bound to ${MAC}` },
    ]);
  });
});

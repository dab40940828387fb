import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scan, tempDir } from '../../../test/support/store.ts';
import type { CredentialEntry } from '../../config/config-schema.ts';
import { emptyDeviceFacts } from '../../families/facts.ts';
import { credentialFor, type InstallContext, type InstallDevice } from '../../families/installer.ts';
import { openStore, type Store } from '../../store/index.ts';
import { gatedLookup } from './credential-gate.ts';

let store: Store;
let cleanup: () => void;

beforeEach(async () => {
  const temp = tempDir();
  cleanup = temp.cleanup;
  store = await openStore(join(temp.dir, 'inventory.db'));
  await store.recordScan(
    scan([
      { address: '127.77.201.10', mac: '34:94:54:AA:BB:01', deviceId: 'shelly1-aabb01', family: 'shelly-gen1' },
      { address: '127.77.201.11', mac: '34:94:54:AA:BB:02', deviceId: 'shelly1-aabb02', family: 'shelly-gen1' },
    ]),
  );
});

afterEach(async () => {
  await store.close();
  cleanup();
});

const SHELLY: CredentialEntry[] = [{ family: 'shelly', username: 'admin', password: 'family-wide' }];

describe('gatedLookup (reads of inventory devices outside a scan, as diff does)', () => {
  it('gives a family-wide credential only to a trusted device presenting the identity it is bound to', async () => {
    const trusted = (await store.device('127.77.201.10'))!.deviceId;
    await store.trust.trust(trusted, 'owner');
    const lookup = await gatedLookup(store, SHELLY, {});
    const query = { family: 'shelly-gen1' as const, address: '127.77.201.10' };
    expect(lookup({ ...query, mac: '34:94:54:AA:BB:01', deviceId: 'shelly1-aabb01' })?.password).toBe('family-wide');
    // The same address presenting another device id: the binding says no.
    expect(lookup({ ...query, mac: '34:94:54:AA:BB:01', deviceId: 'shelly1-ffffff' })).toBeUndefined();
    // A device the owner never trusted gets nothing.
    expect(
      lookup({ family: 'shelly-gen1', address: '127.77.201.11', mac: '34:94:54:AA:BB:02', deviceId: 'shelly1-aabb02' }),
    ).toBeUndefined();
  });

  it('gives an installer the credential only with the certificate the device is bound to (credentialFor)', async () => {
    const bridge = (await store.device('127.77.201.11'))!.deviceId;
    await store.trust.trust(bridge, 'owner');
    await store.trust.recordUses([{ deviceId: bridge, origin: 'owner', binding: { tlsSha256: 'AA:BB:CC' } }]);
    const lookup = await gatedLookup(store, [{ family: 'shelly', apiKey: 'key' }], {});
    const facts = emptyDeviceFacts('shelly-gen1', 'Shelly');
    Object.assign(facts, { mac: '34:94:54:AA:BB:02', deviceId: 'shelly1-aabb02' });
    const device = (certificate?: string): InstallDevice => ({
      address: '127.77.201.11',
      facts: certificate
        ? { ...facts, certificate: { port: 443, sha256: certificate, subject: '', issuer: '', chain: 'self-signed' } }
        : facts,
      connectPort: (port) => port,
    });
    const context = { credentials: lookup } as unknown as InstallContext;
    expect(credentialFor(device('AA:BB:CC'), context)?.apiKey).toBe('key');
    expect(credentialFor(device('DD:EE:FF'), context)).toBeUndefined();
    expect(credentialFor(device(), context)).toBeUndefined();
  });

  it('follows untrust: the credential is withheld once the owner took the trust back', async () => {
    const id = (await store.device('127.77.201.10'))!.deviceId;
    await store.trust.trust(id, 'owner');
    await store.trust.untrust(id);
    const lookup = await gatedLookup(store, SHELLY, {});
    expect(
      lookup({ family: 'shelly-gen1', address: '127.77.201.10', mac: '34:94:54:AA:BB:01', deviceId: 'shelly1-aabb01' }),
    ).toBeUndefined();
  });
});

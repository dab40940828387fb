import { describe, expect, it } from 'vitest';
import type { CredentialEntry } from '../../config/config-schema.ts';
import { matchCredential } from '../../config/credential-lookup.ts';
import type { TrustBinding, TrustedDeviceView } from '../../store/index.ts';
import { CredentialGate } from './credential-gate.ts';
import { decideTrust, type PresentedIdentity } from './trust-decision.ts';

const SHELLY: CredentialEntry = { family: 'shelly', username: 'admin', password: 'family-secret' };
const MAC = '34:94:54:AA:BB:01';
const OTHER_MAC = '34:94:54:AA:BB:99';

const garageDoor = (extra: Partial<TrustedDeviceView> = {}): TrustedDeviceView => ({
  deviceId: 'dev_garage',
  name: 'garage-door',
  family: 'shelly-gen2',
  lastAddress: '127.77.1.10',
  mac: MAC,
  stableId: 'shelly:shellyplus1-aabb01',
  ...extra,
});

const trusted = (binding: TrustBinding = {}) =>
  garageDoor({
    trust: {
      deviceId: 'dev_garage',
      acceptedMs: 1,
      acceptedBy: 'owner',
      binding: { mac: MAC, stableId: 'shelly:shellyplus1-aabb01', ...binding },
    },
  });

function decide(entry: CredentialEntry, presented: PresentedIdentity, view: TrustedDeviceView[]) {
  const match = matchCredential([entry], {
    family: 'shelly-gen2',
    address: presented.address,
    ...(presented.claimedMac ? { mac: presented.claimedMac } : {}),
    ...(presented.stableId ? { deviceId: presented.stableId.replace(/^shelly:/, '') } : {}),
  });
  if (!match) throw new Error('the entry does not apply');
  return decideTrust(match, presented, view);
}

const atHome: PresentedIdentity = {
  address: '127.77.1.10',
  claimedMac: MAC,
  stableId: 'shelly:shellyplus1-aabb01',
};

describe('the trust decision for a family-wide credential', () => {
  it('withholds it from a device nobody trusted, saying how to trust it', () => {
    const decision = decide(SHELLY, { address: '127.77.1.99', claimedMac: OTHER_MAC }, [trusted()]);
    expect(decision).toEqual({
      allow: false,
      reason: expect.stringContaining(
        'you have not trusted; once you have checked it is yours: iotwarden trust 127.77.1.99',
      ),
    });
    expect(decide(SHELLY, atHome, [garageDoor()])).toMatchObject({
      allow: false,
      reason: /garage-door is not trusted/,
    });
  });

  it('gives it to a trusted device that presents the identity it is bound to', () => {
    expect(decide(SHELLY, atHome, [trusted()])).toMatchObject({ allow: true, deviceId: 'dev_garage', origin: 'owner' });
  });

  it('withholds it from a host at a new address that claims a known device (a move is not believed yet)', () => {
    const clone = { ...atHome, address: '127.77.1.99' };
    expect(decide(SHELLY, clone, [trusted()])).toEqual({
      allow: false,
      reason:
        'it claims device id shellyplus1-aabb01, which is bound to garage-door at 127.77.1.10; a move is only believed once 127.77.1.10 stops answering',
    });
  });

  it('withholds it when one bound id differs: another MAC behind the same device id', () => {
    const decision = decide(SHELLY, { ...atHome, claimedMac: OTHER_MAC }, [trusted()]);
    expect(decision).toMatchObject({
      allow: false,
      reason: `it has MAC ${OTHER_MAC}, but garage-door is bound to ${MAC}`,
    });
  });

  it('believes the network over the device: a claimed MAC that the link layer contradicts is refused', () => {
    const decision = decide(SHELLY, { ...atHome, linkMac: OTHER_MAC }, [trusted()]);
    expect(decision).toMatchObject({ allow: false });
  });

  it('withholds it from a host that presents the ids of two different devices', () => {
    const other = garageDoor({ deviceId: 'dev_other', name: 'porch', mac: OTHER_MAC, stableId: 'shelly:x' });
    const elsewhere = { ...atHome, address: '127.77.1.50', claimedMac: OTHER_MAC };
    expect(decide(SHELLY, elsewhere, [trusted(), other])).toMatchObject({
      allow: false,
      reason: /ids of 2 different devices \(garage-door, porch\)/,
    });
    // At the address of one of them, it is judged as that one: its other id does not match the binding.
    expect(decide(SHELLY, { ...atHome, claimedMac: OTHER_MAC }, [trusted(), other])).toMatchObject({
      allow: false,
      reason: `it has MAC ${OTHER_MAC}, but garage-door is bound to ${MAC}`,
    });
  });

  it('with trustOnFirstUse, gives it to a new device and binds what it presented', () => {
    const decision = decide({ ...SHELLY, trustOnFirstUse: true }, { address: '127.77.1.20', claimedMac: OTHER_MAC }, [
      trusted(),
    ]);
    expect(decision).toEqual({ allow: true, binding: { mac: OTHER_MAC }, origin: 'first-use' });
  });

  it('with trustOnFirstUse, still refuses a host whose identity differs from a binding', () => {
    const decision = decide({ ...SHELLY, trustOnFirstUse: true }, { ...atHome, claimedMac: OTHER_MAC }, [trusted()]);
    expect(decision).toMatchObject({ allow: false });
  });
});

describe('the trust decision with certificates', () => {
  const FINGERPRINT = 'AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99';
  const OTHER = '11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF:11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF';

  it('refuses another certificate, and a host that shows none where one is bound', () => {
    const view = [trusted({ tlsSha256: FINGERPRINT })];
    expect(decide(SHELLY, { ...atHome, tlsSha256: FINGERPRINT }, view)).toMatchObject({ allow: true });
    expect(decide(SHELLY, { ...atHome, tlsSha256: OTHER }, view)).toMatchObject({
      allow: false,
      reason: /its certificate \(SHA-256 11:22:33:44:55:66:77:8…\) is not the one garage-door is bound to/,
    });
    expect(decide(SHELLY, atHome, view)).toMatchObject({
      allow: false,
      reason: 'it did not present the certificate garage-door is bound to',
    });
  });

  it('follows a new certificate that the vendor CA issued to the same device', () => {
    const view = [trusted({ tlsSha256: FINGERPRINT })];
    const renewed = { ...atHome, tlsSha256: OTHER, tlsVerifiedStableId: 'shelly:shellyplus1-aabb01' };
    expect(decide(SHELLY, renewed, view)).toMatchObject({ allow: true, replaceCertificate: true });
  });
});

describe('the trust decision for an entry that names one device', () => {
  it('is the owner’s acceptance of that device, and binds on first use', () => {
    const entry: CredentialEntry = { address: '127.77.1.30', password: 'own' };
    const decision = decide(entry, { address: '127.77.1.30', claimedMac: OTHER_MAC }, []);
    expect(decision).toEqual({ allow: true, binding: { mac: OTHER_MAC }, origin: 'device-entry' });
  });

  it('refuses a later host at that address with another identity than the one bound', () => {
    const entry: CredentialEntry = { address: '127.77.1.10', password: 'own' };
    const decision = decide(entry, { address: '127.77.1.10', claimedMac: OTHER_MAC, stableId: 'shelly:y' }, [
      trusted(),
    ]);
    expect(decision).toMatchObject({
      allow: false,
      reason: `the credential for address 127.77.1.10 is bound to garage-door (MAC ${MAC}); this host presents MAC ${OTHER_MAC}`,
    });
  });

  it('is not sent to a host that claims the named MAC while the network sees another', () => {
    const entry: CredentialEntry = { mac: MAC, password: 'own' };
    const decision = decide(entry, { address: '127.77.1.10', claimedMac: MAC, linkMac: OTHER_MAC }, []);
    expect(decision).toMatchObject({
      allow: false,
      reason: `the credential names MAC ${MAC}, which this host claims while the network sees ${OTHER_MAC}`,
    });
  });
});

describe('the credential gate', () => {
  it('keeps what it withheld per host and what it granted, and never hands out a withheld secret', () => {
    const gate = new CredentialGate({ entries: [SHELLY], view: [trusted()] });
    const impostor = gate.forHost({ address: '127.77.1.99' });
    expect(impostor({ family: 'shelly-gen1', address: '127.77.1.99', mac: OTHER_MAC })).toBeUndefined();
    const real = gate.forHost({ address: '127.77.1.10' });
    const query = { family: 'shelly-gen2' as const, address: '127.77.1.10', mac: MAC, deviceId: 'shellyplus1-aabb01' };
    expect(real(query)).toEqual({ username: 'admin', password: 'family-secret' });
    expect(gate.withheldFrom('127.77.1.99')).toEqual([
      { address: '127.77.1.99', credential: 'shelly', reason: expect.stringContaining('not trusted') },
    ]);
    expect(gate.withheldFrom('127.77.1.10')).toEqual([]);
    expect(gate.granted()).toEqual([
      {
        address: '127.77.1.10',
        deviceId: 'dev_garage',
        binding: { mac: MAC, stableId: 'shelly:shellyplus1-aabb01' },
        origin: 'owner',
      },
    ]);
  });

  it('asks nothing of hosts for which no credential is configured', () => {
    const gate = new CredentialGate({ entries: [SHELLY], view: [] });
    expect(gate.forHost({ address: '127.77.1.5' })({ family: 'hue', address: '127.77.1.5' })).toBeUndefined();
    expect(gate.withheld()).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { emptyDeviceFacts } from '../families/facts.ts';
import { usableMac } from '../net/mac.ts';
import { assessIdentities, type KnownIdentity, matchIdentities, observedIdentity } from './identity-merge.ts';

const known = (deviceId: string, lastAddress: string, extra: Partial<KnownIdentity> = {}): KnownIdentity => ({
  deviceId,
  lastAddress,
  lastSeenMs: 1000,
  ...extra,
});

describe('usableMac', () => {
  it('normalises notations and drops placeholder MACs', () => {
    expect(usableMac('e8db84aabbcc')).toBe('E8:DB:84:AA:BB:CC');
    expect(usableMac('e8-db-84-aa-bb-cc')).toBe('E8:DB:84:AA:BB:CC');
    expect(usableMac('00:00:00:00:00:00')).toBeUndefined();
    expect(usableMac('ff:ff:ff:ff:ff:ff')).toBeUndefined();
    expect(usableMac('e8:db:84')).toBeUndefined();
    expect(usableMac(undefined)).toBeUndefined();
  });
});

describe('observedIdentity', () => {
  it('prefers the link-layer MAC and namespaces the device id by family', () => {
    const device = { ...emptyDeviceFacts('kasa-legacy', 'TP-Link'), mac: '50:C7:BF:00:00:01', deviceId: 'ABC' };
    const host = { address: '127.77.1.2', mac: '50c7bf000002', sources: [], services: [], device };
    expect(observedIdentity(host)).toEqual({ address: '127.77.1.2', mac: '50:C7:BF:00:00:02', stableId: 'kasa:ABC' });
    expect(observedIdentity({ ...host, mac: undefined as unknown as string }).mac).toBe('50:C7:BF:00:00:01');
  });
});

describe('matchIdentities', () => {
  it('matches by MAC before device id before address', () => {
    const devices = [
      known('dev_mac', '127.77.1.9', { mac: 'AA:AA:AA:AA:AA:01' }),
      known('dev_sid', '127.77.1.8', { stableId: 'shelly:x' }),
      known('dev_addr', '127.77.1.7'),
    ];
    const matches = matchIdentities(
      [
        { address: '127.77.1.7', mac: 'AA:AA:AA:AA:AA:01', stableId: 'shelly:x' },
        { address: '127.77.1.7', stableId: 'shelly:x' },
        { address: '127.77.1.7' },
      ],
      devices,
    );
    expect(matches).toEqual([
      { deviceId: 'dev_mac', matchedBy: 'mac' },
      { deviceId: 'dev_sid', matchedBy: 'device-id' },
      { deviceId: 'dev_addr', matchedBy: 'address' },
    ]);
  });

  it('treats an address now held by another MAC as a new device', () => {
    const devices = [known('dev_old', '127.77.1.5', { mac: 'AA:AA:AA:AA:AA:01' })];
    expect(matchIdentities([{ address: '127.77.1.5', mac: 'BB:BB:BB:BB:BB:02' }], devices)).toEqual([
      { deviceId: undefined, matchedBy: 'new' },
    ]);
  });

  it('does not merge a device id whose known MAC differs (a cloned or masked id)', () => {
    const devices = [known('dev_a', '127.77.1.5', { mac: 'AA:AA:AA:AA:AA:01', stableId: 'hue:001788FFFE000000' })];
    const [match] = matchIdentities(
      [{ address: '127.77.1.6', mac: 'BB:BB:BB:BB:BB:02', stableId: 'hue:001788FFFE000000' }],
      devices,
    );
    expect(match).toEqual({ deviceId: undefined, matchedBy: 'new' });
  });

  it('learns a MAC for a device first known only by its address', () => {
    const [match] = matchIdentities([{ address: '127.77.1.5', mac: 'AA:AA:AA:AA:AA:01' }], [known('d1', '127.77.1.5')]);
    expect(match).toEqual({ deviceId: 'd1', matchedBy: 'address' });
  });

  it('follows two devices that swap addresses, even when one of them is listed last', () => {
    const devices = [
      known('d1', '127.77.1.5', { mac: 'AA:AA:AA:AA:AA:01' }),
      known('d2', '127.77.1.6', { mac: 'AA:AA:AA:AA:AA:02' }),
    ];
    const matches = matchIdentities(
      [
        { address: '127.77.1.5', mac: 'AA:AA:AA:AA:AA:02' },
        { address: '127.77.1.6', mac: 'AA:AA:AA:AA:AA:01' },
      ],
      devices,
    );
    expect(matches.map((m) => m.deviceId)).toEqual(['d2', 'd1']);
  });

  it('never hands one device to two hosts, and an address freed by a move is not guessed', () => {
    const devices = [known('d1', '127.77.1.5', { mac: 'AA:AA:AA:AA:AA:01' })];
    // d1 moved to .6 (by MAC); the host now at .5 has another MAC, so it must not be taken for d1.
    const matches = matchIdentities(
      [
        { address: '127.77.1.5', mac: 'BB:BB:BB:BB:BB:02' },
        { address: '127.77.1.6', mac: 'AA:AA:AA:AA:AA:01' },
      ],
      devices,
    );
    expect(matches).toEqual([
      { deviceId: undefined, matchedBy: 'new' },
      { deviceId: 'd1', matchedBy: 'mac' },
    ]);
  });

  it('does not believe a move while a host that could be the device still answers at its address', () => {
    // Issue 8: the host at .5 shows nothing that says it is not d1, so d1 may still be there; the MAC at .6 may be a
    // copy. d1 stays where it was (matched by address) and .6 is a new device in a conflict.
    const devices = [known('d1', '127.77.1.5', { mac: 'AA:AA:AA:AA:AA:01' })];
    const { matches, conflicts } = assessIdentities(
      [{ address: '127.77.1.5' }, { address: '127.77.1.6', mac: 'AA:AA:AA:AA:AA:01' }],
      devices,
    );
    expect(matches).toEqual([
      { deviceId: 'd1', matchedBy: 'address' },
      { deviceId: undefined, matchedBy: 'new' },
    ]);
    expect(conflicts).toEqual([{ newcomer: 1, deviceId: 'd1', reason: 'original-answers', original: 0 }]);
  });

  it('asks the most recent holder of an address, not an older one', () => {
    const devices = [
      known('stale', '127.77.1.5', { lastSeenMs: 1 }),
      known('current', '127.77.1.5', { lastSeenMs: 2, mac: 'AA:AA:AA:AA:AA:01' }),
    ];
    const [match] = matchIdentities([{ address: '127.77.1.5', mac: 'CC:CC:CC:CC:CC:03' }], devices);
    expect(match).toEqual({ deviceId: undefined, matchedBy: 'new' });
  });
});

describe('assessIdentities (issue 8: identity conflicts are findings, not merges)', () => {
  const garage = known('dev_garage', '127.77.1.10', {
    mac: '34:94:54:AA:BB:01',
    stableId: 'shelly:shelly1-3494546abb01',
    name: 'garage-door',
  });
  const original = { address: '127.77.1.10', mac: '34:94:54:AA:BB:01', stableId: 'shelly:shelly1-3494546abb01' };

  it('keeps a cloned MAC at a new address off the device while the original answers', () => {
    const clone = { ...original, address: '127.77.1.99' };
    const { matches, conflicts } = assessIdentities([original, clone], [garage]);
    expect(matches).toEqual([
      { deviceId: 'dev_garage', matchedBy: 'mac' },
      { deviceId: undefined, matchedBy: 'new' },
    ]);
    expect(conflicts).toEqual([{ newcomer: 1, deviceId: 'dev_garage', reason: 'original-answers', original: 0 }]);
  });

  it('moves the device when its old address is silent and every id matches', () => {
    const moved = { ...original, address: '127.77.1.42' };
    const { matches, conflicts } = assessIdentities([moved], [garage], () => true);
    expect(matches).toEqual([{ deviceId: 'dev_garage', matchedBy: 'mac' }]);
    expect(conflicts).toEqual([]);
  });

  it('does not move it when the newcomer shares the MAC but not the device id, or not the certificate', () => {
    const otherId = { ...original, address: '127.77.1.42', stableId: 'shelly:shelly1-ffffffffffff' };
    expect(assessIdentities([otherId], [garage]).conflicts).toEqual([
      { newcomer: 0, deviceId: 'dev_garage', reason: 'different-device-id' },
    ]);
    const bridge = known('dev_hue', '127.77.1.40', { stableId: 'hue:ECB5FAFFFE1A2B3C', tlsSha256: 'AA:01' });
    const fake = { address: '127.77.1.44', stableId: 'hue:ECB5FAFFFE1A2B3C', tlsSha256: 'BB:02' };
    const { matches, conflicts } = assessIdentities([fake], [bridge]);
    expect(matches).toEqual([{ deviceId: undefined, matchedBy: 'new' }]);
    expect(conflicts).toEqual([{ newcomer: 0, deviceId: 'dev_hue', reason: 'different-certificate' }]);
  });

  it('does not move it when the scan did not look at its old address', () => {
    const moved = { ...original, address: '127.77.1.42' };
    const { matches, conflicts } = assessIdentities([moved], [garage], (address) => address === '127.77.1.42');
    expect(matches).toEqual([{ deviceId: undefined, matchedBy: 'new' }]);
    expect(conflicts).toEqual([{ newcomer: 0, deviceId: 'dev_garage', reason: 'move-unconfirmed' }]);
  });

  it('lets another device take the old address: no conflict when the holder there is someone else', () => {
    const moved = { ...original, address: '127.77.1.42' };
    const newcomer = { address: '127.77.1.10', mac: 'BB:BB:BB:BB:BB:02' };
    const { matches, conflicts } = assessIdentities([newcomer, moved], [garage], () => true);
    expect(matches).toEqual([
      { deviceId: undefined, matchedBy: 'new' },
      { deviceId: 'dev_garage', matchedBy: 'mac' },
    ]);
    expect(conflicts).toEqual([]);
  });
});

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type ScanChange, type Store } from '../../src/store/index.ts';
import { scan, tempDir } from '../support/store.ts';

const M1 = 'A8:03:2A:00:00:01';
const M2 = 'A8:03:2A:00:00:02';
const M3 = 'A8:03:2A:00:00:03';
const kinds = (changes: ScanChange[]) => changes.map((c) => c.kind).sort();

describe('store: what changed since the previous complete scan', () => {
  let store: Store;
  let cleanup: () => void;

  beforeEach(async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    store = await openStore(join(temp.dir, 'inventory.db'));
  });
  afterEach(async () => {
    await store.close();
    cleanup();
  });

  it('reports new devices, gone devices, firmware changes, ports and findings', async () => {
    const first = await store.recordScan(
      scan([
        { address: '127.77.200.2', mac: M1, firmware: '1.0.0', tcpPorts: [80, 23], findings: [{ checkId: 'telnet' }] },
        { address: '127.77.200.3', mac: M2 },
      ]),
    );
    expect(kinds(first.changes)).toEqual(['device-new', 'device-new']);
    const [plug, lamp] = first.devices.map((d) => d.deviceId);

    const second = await store.recordScan(
      scan([
        {
          address: '127.77.200.2',
          mac: M1,
          firmware: '1.1.0',
          tcpPorts: [80, 443],
          findings: [{ checkId: 'no-auth', severity: 'critical' }],
        },
        { address: '127.77.200.4', mac: M3 },
      ]),
    );
    const at = { deviceId: plug, address: '127.77.200.2' };
    expect(second.changes).toEqual(
      expect.arrayContaining([
        { ...at, kind: 'firmware-changed', from: '1.0.0', to: '1.1.0' },
        { ...at, kind: 'port-opened', transport: 'tcp', port: 443, service: 'http' },
        { ...at, kind: 'port-closed', transport: 'tcp', port: 23, service: 'http' },
        { ...at, kind: 'finding-gained', checkId: 'no-auth', severity: 'critical', title: 'no-auth title' },
        { ...at, kind: 'finding-resolved', checkId: 'telnet', severity: 'high', title: 'telnet title' },
        { kind: 'device-gone', deviceId: lamp, address: '127.77.200.3', lastSeenMs: expect.any(Number) },
        { kind: 'device-new', deviceId: second.devices[1]?.deviceId, address: '127.77.200.4' },
      ]),
    );
    expect(second.changes).toHaveLength(7);

    // A third identical scan reports nothing: the lamp was already reported gone.
    const third = await store.recordScan(
      scan([
        {
          address: '127.77.200.2',
          mac: M1,
          firmware: '1.1.0',
          tcpPorts: [80, 443],
          findings: [{ checkId: 'no-auth' }],
        },
        { address: '127.77.200.4', mac: M3 },
      ]),
    );
    expect(third.changes).toEqual([]);

    // The lamp comes back: "returned", not "new".
    const fourth = await store.recordScan(
      scan([
        {
          address: '127.77.200.2',
          mac: M1,
          firmware: '1.1.0',
          tcpPorts: [80, 443],
          findings: [{ checkId: 'no-auth' }],
        },
        { address: '127.77.200.3', mac: M2 },
        { address: '127.77.200.4', mac: M3 },
      ]),
    );
    expect(fourth.changes).toEqual([
      { kind: 'device-returned', deviceId: lamp, address: '127.77.200.3', lastSeenMs: expect.any(Number) },
    ]);
  });

  it('does not mark devices gone outside a partial scan, and compares against the last complete scan covering them', async () => {
    const first = await store.recordScan(
      scan(
        [
          { address: '127.77.200.2', mac: M1, firmware: '1.0' },
          { address: '127.77.201.2', mac: M2, firmware: '2.0' },
        ],
        { targets: ['127.77.200.0/24', '127.77.201.0/24'] },
      ),
    );
    const [inA, inB] = first.devices.map((d) => d.deviceId);
    // Only the first /24 is scanned: the device in the second is not gone.
    const partial = await store.recordScan(
      scan([{ address: '127.77.200.2', mac: M1, firmware: '1.0' }], { targets: ['127.77.200.0/24'] }),
    );
    expect(partial.changes).toEqual([]);
    // The second /24 alone: the baseline for that device is still scan 1, so its firmware change shows.
    const other = await store.recordScan(
      scan([{ address: '127.77.201.2', mac: M2, firmware: '2.1' }], { targets: ['127.77.201.0/24'] }),
    );
    expect(other.changes).toEqual([
      { kind: 'firmware-changed', deviceId: inB, address: '127.77.201.2', from: '2.0', to: '2.1' },
    ]);
    expect(inA).not.toBe(inB);
  });

  it('keeps a firmware version it could not read this time, and reports the change when it can again', async () => {
    const first = await store.recordScan(scan([{ address: '127.77.200.2', mac: M1, firmware: '1.0' }]));
    const locked = await store.recordScan(scan([{ address: '127.77.200.2', mac: M1 }]));
    expect(locked.changes).toEqual([]);
    const readable = await store.recordScan(scan([{ address: '127.77.200.2', mac: M1, firmware: '1.2' }]));
    expect(readable.changes).toEqual([
      {
        kind: 'firmware-changed',
        deviceId: first.devices[0]?.deviceId,
        address: '127.77.200.2',
        from: '1.0',
        to: '1.2',
      },
    ]);
  });

  it('a cancelled scan reports only what it saw and is not a baseline', async () => {
    const first = await store.recordScan(
      scan([
        { address: '127.77.200.2', mac: M1, tcpPorts: [80, 23], findings: [{ checkId: 'telnet' }] },
        { address: '127.77.200.3', mac: M2 },
      ]),
    );
    const plug = first.devices[0]!.deviceId;
    const cancelled = await store.recordScan(
      scan([{ address: '127.77.200.2', mac: M1, tcpPorts: [80, 8080] }], { status: 'cancelled' }),
    );
    expect(cancelled.changes).toEqual([
      { kind: 'port-opened', deviceId: plug, address: '127.77.200.2', transport: 'tcp', port: 8080, service: 'http' },
    ]);
    // The next complete scan still compares with scan 1 (port 8080 is new again, telnet still there).
    const next = await store.recordScan(
      scan([
        { address: '127.77.200.2', mac: M1, tcpPorts: [80, 23, 8080], findings: [{ checkId: 'telnet' }] },
        { address: '127.77.200.3', mac: M2 },
      ]),
    );
    expect(kinds(next.changes)).toEqual(['port-opened']);
  });

  it('does not call ports closed that the new scan did not probe, nor findings resolved whose check was skipped', async () => {
    const first = await store.recordScan(
      scan([{ address: '127.77.200.2', mac: M1, tcpPorts: [80, 8883], findings: [{ checkId: 'cloud-on' }] }]),
    );
    const id = first.devices[0]!.deviceId;
    const narrow = await store.recordScan(
      scan([{ address: '127.77.200.2', mac: M1, tcpPorts: [80], skipped: ['cloud-on'] }], { ports: '1-1024' }),
    );
    expect(narrow.changes).toEqual([]);
    // What the narrow scan could not verify is still believed: seeing it again is not "opened" or "gained".
    const again = await store.recordScan(
      scan([{ address: '127.77.200.2', mac: M1, tcpPorts: [80, 8883], findings: [{ checkId: 'cloud-on' }] }]),
    );
    expect(again.changes).toEqual([]);
    const wide = await store.recordScan(scan([{ address: '127.77.200.2', mac: M1, tcpPorts: [80] }], { ports: 'all' }));
    expect(wide.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'port-closed', deviceId: id, port: 8883 }),
        expect.objectContaining({ kind: 'finding-resolved', deviceId: id, checkId: 'cloud-on' }),
      ]),
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { AnalysisClient, DeviceSummary } from '../../store/index.ts';
import { mapClients } from './map-clients.ts';

const HOUR = 3_600_000;

function device(
  deviceId: string,
  address: string,
  mac?: string,
  seenMs: [number, number] = [0, 10 * HOUR],
): DeviceSummary {
  return {
    deviceId,
    name: deviceId,
    family: 'shelly-gen1',
    mac,
    address,
    firstSeenMs: seenMs[0],
    lastSeenMs: seenMs[1],
    lastScanId: 1,
    scanned: true,
    context: { area: undefined, floor: undefined, homeAssistant: undefined, sources: [] },
    score: 100,
    findingCounts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    facts: { address, sources: ['tcp'], services: [], ...(mac ? { mac } : {}) },
  };
}

const client = (id: number, ip: string, mac: string | null, firstMs = 0, lastMs = HOUR): AnalysisClient => ({
  id,
  ip,
  name: null,
  mac,
  firstMs,
  lastMs,
});

describe('mapping sinkhole clients to devices', () => {
  it('prefers the MAC, in any notation, over the address', () => {
    const devices = [
      device('dev_a', '10.0.0.5', 'AA:BB:CC:00:00:01'),
      device('dev_b', '10.0.0.9', 'AA:BB:CC:00:00:02'),
    ];
    // The sinkhole saw dev_b's MAC on dev_a's current address: the device moved, the MAC tells.
    const mapping = mapClients([client(1, '10.0.0.5', 'aa-bb-cc-00-00-02')], devices, []);
    expect(mapping.get(1)).toEqual({ deviceId: 'dev_b', mappedBy: 'mac' });
  });

  it('uses the address history: the device that held the address when the client was active', () => {
    const devices = [device('dev_old', '10.0.0.50'), device('dev_new', '10.0.0.7')];
    const holdings = [
      { deviceId: 'dev_old', address: '10.0.0.7', firstSeenMs: 0, lastSeenMs: 5 * HOUR },
      { deviceId: 'dev_new', address: '10.0.0.7', firstSeenMs: 20 * HOUR, lastSeenMs: 30 * HOUR },
    ];
    const mapping = mapClients(
      [client(1, '10.0.0.7', null, 1 * HOUR, 2 * HOUR), client(2, '10.0.0.7', null, 25 * HOUR, 26 * HOUR)],
      devices,
      holdings,
    );
    expect(mapping.get(1)).toEqual({ deviceId: 'dev_old', mappedBy: 'address' });
    expect(mapping.get(2)).toEqual({ deviceId: 'dev_new', mappedBy: 'address' });
  });

  it('falls back to the current address and leaves unknown clients unmapped', () => {
    const mapping = mapClients(
      [client(1, '10.0.0.5', null), client(2, '10.0.0.99', 'DE:AD:BE:EF:00:01')],
      [device('dev_a', '10.0.0.5')],
      [],
    );
    expect(mapping.get(1)).toEqual({ deviceId: 'dev_a', mappedBy: 'address' });
    expect(mapping.get(2)).toBeUndefined();
  });
});

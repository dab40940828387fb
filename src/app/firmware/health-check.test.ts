import { describe, expect, it } from 'vitest';
import { device, host, service, shellyGen1 } from '../../../test/support/hosts.ts';
import type { ControlState } from '../../families/descriptor.ts';
import type { InstallContext, InstallDevice } from '../../families/installer.ts';
import { FakeClock } from '../../util/clock.ts';
import { silentLogger } from '../../util/logger.ts';
import { type ControlReading, checkHealth, readControlState } from './health-check.ts';

const evidence = { sent: 'GET http://127.77.200.1:80/status', received: '200 OK {}' };
const state = (...channels: ControlState['channels']): ControlState => ({ channels, evidence });
const reading = (value: ControlState | undefined, error?: string): ControlReading => ({ state: value, error });

const before = host({ device: shellyGen1({ model: 'SHSW-25' }), services: [service('http', 80)] });
const sameHost = async () => before;
const options = { ports: [80], signal: AbortSignal.timeout(5000) };

describe('health check with control state', () => {
  it('fails when the channels read before cannot be read after, naming the device error', async () => {
    const report = await checkHealth(before, sameHost, {
      ...options,
      control: {
        before: reading(state({ id: 'relay:0', kind: 'relay', on: true }, { id: 'relay:1', kind: 'relay', on: false })),
        read: async () => reading(undefined, '127.77.200.1:80 did not answer within 1000 ms'),
      },
    });
    expect(report.healthy).toBe(false);
    expect(report.control).toMatchObject({
      lost: ['relay:0', 'relay:1'],
      error: expect.stringContaining('did not answer'),
    });
    expect(report.problems).toEqual([
      'the state of its relay 0 and relay 1 can no longer be read over its local API (it could before the update): 127.77.200.1:80 did not answer within 1000 ms',
    ]);
  });

  it('reports a changed state without failing, and a channel that went missing as lost', async () => {
    const changed = await checkHealth(before, sameHost, {
      ...options,
      control: {
        before: reading(state({ id: 'relay:0', kind: 'relay', on: true })),
        read: async () => reading(state({ id: 'relay:0', kind: 'relay', on: false })),
      },
    });
    expect(changed).toMatchObject({ healthy: true, control: { lost: [], changed: ['relay:0'] } });

    const partial = await checkHealth(before, sameHost, {
      ...options,
      control: {
        before: reading(
          state(
            { id: 'cover:0', kind: 'cover', state: 'stopped', position: 40 },
            { id: 'switch:1', kind: 'relay', on: true },
          ),
        ),
        read: async () => reading(state({ id: 'switch:1', kind: 'relay', on: true })),
      },
    });
    expect(partial.healthy).toBe(false);
    expect(partial.problems).toEqual([
      'it no longer reports the state of its cover 0 over its local API (it did before the update)',
    ]);
  });

  it('names a channel by its name where the device names rather than numbers it (ESPHome)', async () => {
    const report = await checkHealth(before, sameHost, {
      ...options,
      control: {
        before: reading(state({ id: 'switch:pump', kind: 'relay', on: false })),
        read: async () => reading(state()),
      },
    });
    expect(report.problems).toEqual([
      'it no longer reports the state of its relay "pump" over its local API (it did before the update)',
    ]);
  });

  it('does not compare what could not be read before, and says why', async () => {
    let reads = 0;
    const report = await checkHealth(before, sameHost, {
      ...options,
      control: {
        before: reading(undefined, '/status needs credentials'),
        read: async () => {
          reads += 1;
          return reading(undefined, 'never asked');
        },
      },
    });
    expect(report).toMatchObject({ healthy: true, control: undefined });
    expect(report.controlSkipped).toBe(
      'its control state could not be read before the update (/status needs credentials), so it was not compared',
    );
    expect(reads).toBe(0);
  });

  it('asks the family descriptor: no reader for a family without one, a reading with its reason for a failing one', async () => {
    const context: InstallContext = {
      signal: AbortSignal.timeout(5000),
      timeoutMs: 300,
      maxBytes: 1 << 16,
      credentials: () => undefined,
      clock: new FakeClock(),
      log: silentLogger,
    };
    const nowhere = (facts: InstallDevice['facts']): InstallDevice => ({
      address: '127.77.200.254',
      facts,
      connectPort: () => 9,
    });
    // Sonos stands for a family without a control reader (Hue and ESPHome have one now).
    const sonos = device('sonos');
    expect(await readControlState(sonos, nowhere(sonos), context)).toBeUndefined();
    const shelly = shellyGen1();
    const failed = await readControlState(shelly, nowhere(shelly), context);
    expect(failed).toMatchObject({ state: undefined, error: expect.stringMatching(/127\.77\.200\.254/) });
  });
});

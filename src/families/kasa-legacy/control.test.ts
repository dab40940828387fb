import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { readKasaFixture } from '../../../test/support/kasa.ts';
import { DeviceUnreachableError } from '../../errors/index.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import { FakeClock } from '../../util/clock.ts';
import { silentLogger } from '../../util/logger.ts';
import { emptyDeviceFacts } from '../facts.ts';
import type { InstallContext, InstallDevice } from '../installer.ts';
import { legacyChannels } from '../tplink/iot-channels.ts';
import { kasaLegacyControl } from './control.ts';
import { kasaLegacyKind } from './simulator/kind.ts';
import { kasaLegacyCall } from './transport.ts';

const running: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

const context = (): InstallContext => ({
  signal: AbortSignal.timeout(5000),
  timeoutMs: 2000,
  maxBytes: 1 << 20,
  credentials: () => undefined,
  clock: new FakeClock(),
  log: silentLogger,
});

async function start(options: { settings?: unknown; fixture?: unknown } = {}) {
  const sim = await startSimulator(kasaLegacyKind, { address: testAddress(), name: 'desk-lamp', ...options });
  running.push(sim);
  const device: InstallDevice = {
    address: sim.host.address,
    facts: emptyDeviceFacts('kasa-legacy', 'TP-Link'),
    connectPort: (port) => sim.portOf(port),
  };
  const call = (request: Record<string, unknown>) =>
    kasaLegacyCall(device.address, sim.portOf(9999), request, context());
  return { device, call };
}

describe('kasa-legacy control state (read-only)', () => {
  it('reads a plug relay as it is switched by another client, and switches nothing itself', async () => {
    const { device, call } = await start({ settings: { model: 'HS103(US)' } });
    expect((await kasaLegacyControl.read(device, context()))?.channels).toEqual([
      { id: 'relay:0', kind: 'relay', on: false },
    ]);
    await call({ system: { set_relay_state: { state: 1 } } });
    const state = await kasaLegacyControl.read(device, context());
    expect(state?.channels).toEqual([{ id: 'relay:0', kind: 'relay', on: true }]);
    expect(state?.evidence.sent).toContain('get_sysinfo');
    // Reading twice leaves the relay where the other client put it.
    await kasaLegacyControl.read(device, context());
    const sysinfo = (await call({ system: { get_sysinfo: {} } })).system as { get_sysinfo: { relay_state: number } };
    expect(sysinfo.get_sysinfo.relay_state).toBe(1);
  });

  it('reads every outlet of a strip from a real HS300 capture', async () => {
    const { device } = await start({ fixture: readKasaFixture('iot', 'HS300(US)_1.0_1.0.10.json') });
    const channels = (await kasaLegacyControl.read(device, context()))?.channels;
    expect(channels).toHaveLength(6);
    expect(channels?.[5]).toEqual({ id: 'relay:5', kind: 'relay', on: true });
    expect(channels?.slice(0, 5).every((c) => c.on === false)).toBe(true);
  });

  it('reads a bulb from a real KL130 capture', async () => {
    const { device } = await start({ fixture: readKasaFixture('iot', 'KL130(US)_1.0_1.8.11.json') });
    expect((await kasaLegacyControl.read(device, context()))?.channels).toEqual([
      { id: 'light:0', kind: 'light', on: false },
    ]);
  });

  it('leaves out what a device does not say, and throws the device error when it cannot be read', async () => {
    expect(legacyChannels({ relay_state: 'yes', light_state: { on_off: 7 }, children: undefined })).toEqual([]);
    expect(legacyChannels({ relay_state: 1, brightness: 25 })).toEqual([
      { id: 'relay:0', kind: 'relay', on: true, brightness: 25 },
    ]);
    expect(legacyChannels({ light_state: { on_off: 1, brightness: 40 } })).toEqual([
      { id: 'light:0', kind: 'light', on: true, brightness: 40 },
    ]);
    const { device } = await start();
    const silent: InstallDevice = { ...device, connectPort: () => 1 };
    await expect(kasaLegacyControl.read(silent, context())).rejects.toBeInstanceOf(DeviceUnreachableError);
  });
});

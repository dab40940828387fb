import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { DeviceAuthError } from '../../errors/index.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import { requestHttp } from '../../net/http-client.ts';
import { FakeClock } from '../../util/clock.ts';
import { silentLogger } from '../../util/logger.ts';
import type { Credential } from '../device-adapter.ts';
import { emptyDeviceFacts } from '../facts.ts';
import type { InstallContext, InstallDevice } from '../installer.ts';
import { tasmotaChannels, tasmotaControl } from './control.ts';
import { tasmotaKind } from './simulator/kind.ts';

const running: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

const context = (credential?: Credential): InstallContext => ({
  signal: AbortSignal.timeout(5000),
  timeoutMs: 2000,
  maxBytes: 1 << 20,
  credentials: () => credential,
  clock: new FakeClock(),
  log: silentLogger,
});

async function start(settings: unknown = {}) {
  const sim = await startSimulator(tasmotaKind, { name: 'Desk Lamp', address: testAddress(), settings });
  running.push(sim);
  const device: InstallDevice = {
    address: sim.host.address,
    facts: emptyDeviceFacts('tasmota', 'Tasmota'),
    connectPort: (port) => sim.portOf(port),
  };
  const command = async (cmnd: string) =>
    requestHttp({
      host: device.address,
      port: sim.portOf(80),
      path: `/cm?user=admin&password=s3cret&cmnd=${encodeURIComponent(cmnd)}`,
      timeoutMs: 2000,
      maxBytes: 1 << 16,
    });
  return { device, command };
}

describe('tasmota control state (read-only)', () => {
  it('reads the relay behind the web password, as another client switches it', async () => {
    const { device, command } = await start({ auth: { enabled: true, password: 's3cret' } });
    const owner = context({ username: 'admin', password: 's3cret' });
    expect((await tasmotaControl.read(device, owner))?.channels).toEqual([{ id: 'relay:0', kind: 'relay', on: false }]);
    await command('Power On');
    const state = await tasmotaControl.read(device, owner);
    expect(state?.channels).toEqual([{ id: 'relay:0', kind: 'relay', on: true }]);
    expect(state?.evidence.sent).not.toContain('s3cret');
    await expect(tasmotaControl.read(device, context())).rejects.toBeInstanceOf(DeviceAuthError);
    await expect(tasmotaControl.read(device, context({ password: 'wrong' }))).rejects.toBeInstanceOf(DeviceAuthError);
  });

  it('numbers POWER1…n in order, carries the dimmer, and leaves out what is not ON or OFF', () => {
    expect(tasmotaChannels({ StatusSTS: { POWER2: 'ON', POWER1: 'OFF', POWER3: 'BLINK', Dimmer: 40 } })).toEqual([
      { id: 'relay:0', kind: 'relay', on: false, brightness: 40 },
      { id: 'relay:1', kind: 'relay', on: true },
    ]);
    expect(tasmotaChannels({ StatusSTS: {} })).toEqual([]);
    expect(tasmotaChannels('garbage')).toEqual([]);
  });
});

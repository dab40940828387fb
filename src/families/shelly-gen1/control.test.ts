import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { readSharedJson } from '../../../test/support/shared-fixtures.ts';
import { basicAuth, httpGet } from '../../../test/support/shelly-simulator.ts';
import { DeviceAuthError } from '../../errors/index.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import { FakeClock } from '../../util/clock.ts';
import { silentLogger } from '../../util/logger.ts';
import type { Credential } from '../device-adapter.ts';
import { emptyDeviceFacts } from '../facts.ts';
import type { InstallContext, InstallDevice } from '../installer.ts';
import { shellyGen1Control } from './control.ts';
import { shellyGen1Kind } from './simulator/kind.ts';

const running: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function start(settings: unknown, fixture?: unknown) {
  const sim = await startSimulator(shellyGen1Kind, {
    address: testAddress(),
    settings,
    ...(fixture !== undefined ? { fixture } : {}),
  });
  running.push(sim);
  const target: InstallDevice = {
    address: sim.host.address,
    facts: emptyDeviceFacts('shelly-gen1', 'Shelly'),
    connectPort: (port) => sim.portOf(port),
  };
  return { sim, target };
}

const context = (credential?: Credential): InstallContext => ({
  signal: AbortSignal.timeout(5000),
  timeoutMs: 2000,
  maxBytes: 1 << 20,
  credentials: () => credential,
  clock: new FakeClock(),
  log: silentLogger,
});

describe('shelly-gen1 control state (read-only)', () => {
  it('reads relays with the owner credential and changes nothing', async () => {
    const { sim, target } = await start({ model: 'SHSW-25', auth: { enabled: true, password: 'pw' } });
    await httpGet(sim, '/relay/1?turn=on', basicAuth('admin', 'pw'));
    const state = await shellyGen1Control.read(target, context({ username: 'admin', password: 'pw' }));
    expect(state?.channels).toEqual([
      { id: 'relay:0', kind: 'relay', on: false },
      { id: 'relay:1', kind: 'relay', on: true },
    ]);
    expect(state?.evidence.sent).toMatch(/^GET http:\/\/127\.77\.\d+\.\d+:80\/status$/);
    const status = (await httpGet(sim, '/status', basicAuth('admin', 'pw'))).json() as { relays: unknown[] };
    expect(status.relays).toEqual([expect.objectContaining({ ison: false }), expect.objectContaining({ ison: true })]);
  });

  it('reads a roller in roller mode and a dimmer light', async () => {
    const roller = await start({ model: 'SHSW-25', mode: 'roller' });
    expect((await shellyGen1Control.read(roller.target, context()))?.channels).toEqual([
      { id: 'roller:0', kind: 'cover', state: 'stop', position: 0 },
    ]);
    const dimmer = await start({ model: 'SHDM-2' });
    expect((await shellyGen1Control.read(dimmer.target, context()))?.channels).toEqual([
      { id: 'light:0', kind: 'light', on: false, brightness: 50 },
    ]);
  });

  it('has nothing to read on a gas sensor, and refuses without the right credentials', async () => {
    const gas = await start({}, readSharedJson('shelly/gen1_Shelly Gas_SHGS-1_20230913-114427-v1.14.0-gcb84623.json'));
    expect(await shellyGen1Control.read(gas.target, context())).toBeUndefined();
    const locked = await start({ auth: { enabled: true, password: 'pw' } });
    await expect(shellyGen1Control.read(locked.target, context())).rejects.toBeInstanceOf(DeviceAuthError);
    await expect(
      shellyGen1Control.read(locked.target, context({ username: 'admin', password: 'nope' })),
    ).rejects.toThrow(/configured credentials were refused/);
  });
});

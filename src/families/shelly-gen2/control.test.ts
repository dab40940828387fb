import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { readSharedJson } from '../../../test/support/shared-fixtures.ts';
import { DeviceAuthError } from '../../errors/index.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import { requestHttp } from '../../net/http-client.ts';
import { FakeClock } from '../../util/clock.ts';
import { silentLogger } from '../../util/logger.ts';
import type { Credential } from '../device-adapter.ts';
import { emptyDeviceFacts } from '../facts.ts';
import type { InstallContext, InstallDevice } from '../installer.ts';
import { shellyGen2Control } from './control.ts';
import { shellyGen2Kind } from './simulator/kind.ts';

const running: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function start(settings: unknown, fixture?: unknown) {
  const sim = await startSimulator(shellyGen2Kind, {
    address: testAddress(),
    settings,
    ...(fixture !== undefined ? { fixture } : {}),
  });
  running.push(sim);
  // As a scan recorded it: the device id is the only digest realm the owner's password may answer (issue 8).
  const facts = emptyDeviceFacts('shelly-gen2', 'Shelly');
  const shelly = await requestHttp({
    host: sim.host.address,
    port: sim.portOf(80),
    path: '/shelly',
    timeoutMs: 2000,
    maxBytes: 65536,
  });
  facts.deviceId = (shelly.json() as { id: string }).id;
  const target: InstallDevice = { address: sim.host.address, facts, connectPort: (port) => sim.portOf(port) };
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

describe('shelly-gen2 control state (read-only)', () => {
  it('reads every switch of a Pro 4PM capture with the owner password', async () => {
    const fixture = readSharedJson('shelly/gen2_Shelly Pro 4PM_SPSW-004PE16EU_20230912-082358-1.0.3-g6176478.json');
    const { target } = await start({ auth: { enabled: true, password: 'pw' } }, fixture);
    const state = await shellyGen2Control.read(target, context({ password: 'pw' }));
    expect(state?.channels.map((channel) => channel.id)).toEqual(['switch:0', 'switch:1', 'switch:2', 'switch:3']);
    expect(state?.channels.every((channel) => channel.kind === 'relay' && typeof channel.on === 'boolean')).toBe(true);
    expect(state?.evidence.sent).toContain('Shelly.GetStatus');
  });

  it('reads covers and lights, and nothing on a gateway without outputs', async () => {
    const cover = await start({ model: 'SNSW-102P16EU', profile: 'cover' });
    expect((await shellyGen2Control.read(cover.target, context()))?.channels).toEqual([
      { id: 'cover:0', kind: 'cover', state: 'closed', position: 0 },
    ]);
    const dimmer = await start({ model: 'S3DM-0A101WWL' });
    expect((await shellyGen2Control.read(dimmer.target, context()))?.channels).toEqual([
      { id: 'light:0', kind: 'light', on: false, brightness: 50 },
    ]);
    const gateway = readSharedJson('shelly/gen2_Shelly BLU Gateway_SNGW-BT01_20231219-133956-1.1.0-g34b5d4f.json');
    expect(await shellyGen2Control.read((await start({}, gateway)).target, context())).toBeUndefined();
  });

  it('refuses without the right password', async () => {
    const { target } = await start({ auth: { enabled: true, password: 'pw' } });
    await expect(shellyGen2Control.read(target, context())).rejects.toBeInstanceOf(DeviceAuthError);
    await expect(shellyGen2Control.read(target, context({ password: 'nope' }))).rejects.toThrow(
      /configured credentials were refused/,
    );
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { labProbeContext, labProbeTarget } from '../../../test/support/lab-probe.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import { FakeClock } from '../../util/clock.ts';
import { shellyGen1Adapter } from '../shelly-gen1/adapter.ts';
import { shellyGen1Kind } from '../shelly-gen1/simulator/kind.ts';
import { shellyGen2Adapter } from '../shelly-gen2/adapter.ts';
import { shellyGen2Kind } from '../shelly-gen2/simulator/kind.ts';
import { setShellyCloud, startShellyUpdate } from './writes.ts';

const running: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

const limits = { timeoutMs: 2000, maxBytes: 64 * 1024 };
const target = (started: StartedSimulator, gen: number) => ({
  endpoint: { host: started.host.address, port: started.portOf(80), displayPort: 80 },
  gen,
});

async function waitUntil(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

describe('Shelly write helpers', () => {
  it('switches the cloud on Gen1 and Gen2 with configured credentials, refusing without them', async () => {
    const one = await startSimulator(shellyGen1Kind, {
      address: testAddress(),
      settings: { cloud: true, auth: { enabled: true, username: 'admin', password: 'pw1' } },
    });
    const two = await startSimulator(shellyGen2Kind, {
      address: testAddress(),
      settings: { cloud: true, auth: { enabled: true, password: 'pw2' } },
    });
    running.push(one, two);
    await expect(setShellyCloud(target(one, 1), false, limits)).rejects.toMatchObject({ code: 'ERR_DEVICE_AUTH' });
    await expect(setShellyCloud(target(two, 2), false, limits)).rejects.toMatchObject({ code: 'ERR_DEVICE_AUTH' });

    const first = await setShellyCloud(target(one, 1), false, {
      ...limits,
      credential: { username: 'admin', password: 'pw1' },
    });
    expect(first.accepted).toBe(true);
    const second = await setShellyCloud(target(two, 2), false, { ...limits, credential: { password: 'pw2' } });
    expect(second.accepted).toBe(true);

    const read1 = labProbeContext({ credential: { username: 'admin', password: 'pw1' } });
    const facts1 = await shellyGen1Adapter.inspect(
      labProbeTarget(one),
      (await shellyGen1Adapter.identify(labProbeTarget(one), read1))!,
      read1,
    );
    expect(facts1.cloud?.enabled).toBe(false);
    const read2 = labProbeContext({ credential: { password: 'pw2' } });
    const facts2 = await shellyGen2Adapter.inspect(
      labProbeTarget(two),
      (await shellyGen2Adapter.identify(labProbeTarget(two), read2))!,
      read2,
    );
    expect(facts2.cloud?.enabled).toBe(false);
  });

  it('starts a Gen1 update that reboots the device onto the new firmware', async () => {
    const clock = new FakeClock();
    const one = await startSimulator(shellyGen1Kind, {
      address: testAddress(),
      clock,
      settings: {
        firmware: '20221027-091427/v1.12.1-ga9117d3',
        update: { version: '20230913-112003/v1.14.0-gcb84623', durationMs: 1000 },
      },
    });
    running.push(one);
    const started = await startShellyUpdate(target(one, 1), limits);
    expect(started.accepted).toBe(true);
    expect(started.evidence.sent).toBe(`GET http://${one.host.address}:80/ota?update=true`);
    await waitUntil(() => clock.pendingSleepers > 0);
    await clock.advance(1000);
    const context = labProbeContext();
    let installed: string | undefined;
    await waitUntil(async () => {
      try {
        const identity = await shellyGen1Adapter.identify(labProbeTarget(one), context);
        installed = (await shellyGen1Adapter.inspect(labProbeTarget(one), identity!, context)).firmware.installed;
        return true;
      } catch {
        return false;
      }
    });
    expect(installed).toBe('20230913-112003/v1.14.0-gcb84623');
  });

  it('starts a Gen2 update with digest auth, and reports when there is nothing to install', async () => {
    const clock = new FakeClock();
    const two = await startSimulator(shellyGen2Kind, {
      address: testAddress(),
      clock,
      settings: {
        firmware: '1.0.8',
        update: { version: '1.4.4', durationMs: 1000 },
        auth: { enabled: true, password: 'pw' },
      },
    });
    running.push(two);
    const options = { ...limits, credential: { password: 'pw' } };
    expect((await startShellyUpdate(target(two, 2), options)).accepted).toBe(true);
    await waitUntil(() => clock.pendingSleepers > 0);
    await clock.advance(1000);
    const context = labProbeContext({ credential: { password: 'pw' } });
    await waitUntil(async () => {
      try {
        return (await shellyGen2Adapter.identify(labProbeTarget(two), context)) !== undefined;
      } catch {
        return false;
      }
    });
    const identity = await shellyGen2Adapter.identify(labProbeTarget(two), context);
    expect((await shellyGen2Adapter.inspect(labProbeTarget(two), identity!, context)).firmware).toMatchObject({
      installed: '1.4.4',
      latest: '1.4.4',
    });
    const again = await startShellyUpdate(target(two, 2), options);
    expect(again.accepted).toBe(false);
    expect(again.evidence.received).toContain('-114');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { labProbeContext, labProbeTarget } from '../../../test/support/lab-probe.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import { requestHttp } from '../../net/http-client.ts';
import { FakeClock } from '../../util/clock.ts';
import type { ShellyEndpoint } from '../shelly/transport.ts';
import { shellyGen2Adapter } from './adapter.ts';
import { shellyGen2Kind } from './simulator/kind.ts';
import { setGen2Cloud, startGen2Update } from './writes.ts';

const running: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

const limits = { timeoutMs: 2000, maxBytes: 64 * 1024 };
const endpoint = (started: StartedSimulator): ShellyEndpoint => ({
  host: started.host.address,
  port: started.portOf(80),
  displayPort: 80,
});

/** The device id /shelly reports: the digest realm a write may answer. */
async function idOf(started: StartedSimulator): Promise<string> {
  const shelly = await requestHttp({
    ...limits,
    host: started.host.address,
    port: started.portOf(80),
    path: '/shelly',
  });
  return (shelly.json() as { id: string }).id;
}

async function waitUntil(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

describe('Shelly Gen2+ writes', () => {
  it('switches the cloud with the configured password (digest), refusing without it', async () => {
    const two = await startSimulator(shellyGen2Kind, {
      address: testAddress(),
      settings: { cloud: true, auth: { enabled: true, password: 'pw2' } },
    });
    running.push(two);
    await expect(setGen2Cloud(endpoint(two), false, limits)).rejects.toMatchObject({ code: 'ERR_DEVICE_AUTH' });
    const second = await setGen2Cloud(endpoint(two), false, {
      ...limits,
      credential: { password: 'pw2' },
      deviceId: await idOf(two),
    });
    expect(second.accepted).toBe(true);
    const read = labProbeContext({ credential: { password: 'pw2' } });
    const facts = await shellyGen2Adapter.inspect(
      labProbeTarget(two),
      (await shellyGen2Adapter.identify(labProbeTarget(two), read))!,
      read,
    );
    expect(facts.cloud?.enabled).toBe(false);
  });

  it('starts an update with digest auth, and reports when there is nothing to install', async () => {
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
    const options = { ...limits, credential: { password: 'pw' }, deviceId: await idOf(two) };
    expect((await startGen2Update(endpoint(two), options)).accepted).toBe(true);
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
    const again = await startGen2Update(endpoint(two), options);
    expect(again.accepted).toBe(false);
    expect(again.evidence.received).toContain('-114');
  });

  it('answers no digest challenge without the device id to check its realm against', async () => {
    const two = await startSimulator(shellyGen2Kind, {
      address: testAddress(),
      settings: { auth: { enabled: true, password: 'pw3' } },
    });
    running.push(two);
    await expect(
      setGen2Cloud(endpoint(two), false, { ...limits, credential: { password: 'pw3' } }),
    ).rejects.toMatchObject({ code: 'ERR_DEVICE_AUTH', message: expect.stringContaining('device id is unknown') });
    await expect(
      setGen2Cloud(endpoint(two), false, { ...limits, credential: { password: 'pw3' }, deviceId: 'shellyplus1-other' }),
    ).rejects.toMatchObject({ message: expect.stringContaining('not the device id "shellyplus1-other"') });
  });
});

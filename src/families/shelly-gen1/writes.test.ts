import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { labProbeContext, labProbeTarget } from '../../../test/support/lab-probe.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import { FakeClock } from '../../util/clock.ts';
import type { ShellyEndpoint } from '../shelly/transport.ts';
import { shellyGen1Adapter } from './adapter.ts';
import { shellyGen1Kind } from './simulator/kind.ts';
import { setGen1Cloud, startGen1Update } from './writes.ts';

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

async function waitUntil(check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not reached');
}

describe('Shelly Gen1 writes', () => {
  it('switches the cloud with configured credentials, refusing without them', async () => {
    const one = await startSimulator(shellyGen1Kind, {
      address: testAddress(),
      settings: { cloud: true, auth: { enabled: true, username: 'admin', password: 'pw1' } },
    });
    running.push(one);
    await expect(setGen1Cloud(endpoint(one), false, limits)).rejects.toMatchObject({ code: 'ERR_DEVICE_AUTH' });
    const first = await setGen1Cloud(endpoint(one), false, {
      ...limits,
      credential: { username: 'admin', password: 'pw1' },
    });
    expect(first.accepted).toBe(true);
    const read = labProbeContext({ credential: { username: 'admin', password: 'pw1' } });
    const facts = await shellyGen1Adapter.inspect(
      labProbeTarget(one),
      (await shellyGen1Adapter.identify(labProbeTarget(one), read))!,
      read,
    );
    expect(facts.cloud?.enabled).toBe(false);
  });

  it('starts an update that reboots the device onto the new firmware', async () => {
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
    const started = await startGen1Update(endpoint(one), limits);
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
    const again = await startGen1Update(endpoint(one), limits);
    expect(again.accepted).toBe(false);
  });
});

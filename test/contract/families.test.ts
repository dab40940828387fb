import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IotwardenError } from '../../src/errors/index.ts';
import type { ProbeTarget } from '../../src/families/device-adapter.ts';
import { type AnyFamily, FAMILIES } from '../../src/families/index.ts';
import { LAB_KINDS } from '../../src/lab/core/simulator.ts';
import { EVIL_NAME } from '../../src/lab/kinds/hostile/evil-shelly.ts';
import { aFewTicks, contractContext, settle, unprovenClaims, watchUnhandled } from '../support/family-contract.ts';
import { type RunningLabDevice, startLabDevice } from '../support/lab-device.ts';

/**
 * The contract every device family keeps, run for each family in the table (src/families/index.ts) with no
 * per-family code here: a new family gets all of it by adding its table line. Its adapter identifies its own
 * simulator (the lab kind, default settings, found by a scan's discovery), rejects every other family's simulator
 * and the lab's own kinds, keeps an evil name as data, and stays inside its deadlines, its signal and its byte
 * budget. Hostile devices, the shared captures and firmware installs have files of their own (families-*.test.ts).
 */
const FAMILY_LIST: readonly AnyFamily[] = FAMILIES;
/** The lab's own kinds an adapter must not mistake for its devices (the hostile one has a suite of its own). */
const LAB_OWN_KINDS = LAB_KINDS.filter((kind) => kind !== 'hostile');

interface Started {
  device: RunningLabDevice;
  target: ProbeTarget;
}

const started = new Map<string, Started>();
const running: RunningLabDevice[] = [];

async function start(kind: string, options: Parameters<typeof startLabDevice>[1] = {}): Promise<Started> {
  const device = await startLabDevice(kind, options);
  running.push(device);
  return { device, target: await device.discover() };
}

beforeAll(async () => {
  const kinds = [...FAMILY_LIST.map((family) => family.id), ...LAB_OWN_KINDS];
  for (const kind of kinds) started.set(kind, await start(kind));
}, 60_000);

afterAll(async () => {
  await Promise.all(running.splice(0).map((device) => device.stop()));
});

function own(family: AnyFamily): Started {
  const found = started.get(family.id);
  if (!found) throw new Error(`${family.id}: its simulator did not start`);
  return found;
}

describe.each(FAMILY_LIST.map((family) => [family.id, family] as const))('family %s', (_id, family) => {
  it('identifies its own simulator, found the way a scan finds it, and proves what it reports', async () => {
    const { device, target } = own(family);
    expect(family.discovery.worthAsking(target), 'the scan would not even ask this adapter').toBe(true);
    const context = contractContext();
    const identity = await family.adapter.identify(target, context);
    expect(identity?.family).toBe(family.id);
    const facts = await family.adapter.inspect(target, identity!, context);
    expect(facts).toBe(identity?.facts);
    expect(facts.family).toBe(family.id);
    expect(facts.vendor).toBe(family.vendor);
    expect(facts.model, 'no model').toBeTruthy();
    if (facts.mac !== undefined) expect(facts.mac).toBe(device.device.mac);
    expect(
      facts.protocols.some((tag) => tag in family.protocols),
      'none of its protocols reported',
    ).toBe(true);
    expect(unprovenClaims(facts)).toEqual([]);
  });

  it("rejects every other family's simulator and the lab's own kinds", async () => {
    const claimed: string[] = [];
    for (const [kind, other] of started) {
      if (kind === family.id) continue;
      const outcome = await settle(() => family.adapter.identify(other.target, contractContext({ timeoutMs: 1000 })));
      if (outcome.status === 'resolved' && outcome.value !== undefined) claimed.push(`claims ${kind}`);
      if (outcome.status === 'rejected') claimed.push(`throws on ${kind}: ${String(outcome.error)}`);
    }
    expect(claimed).toEqual([]);
  });

  it('keeps an evil name (control characters, escapes, markup) as data', async () => {
    const { device, target } = await start(family.id, { name: EVIL_NAME });
    const context = contractContext();
    const identity = await family.adapter.identify(target, context);
    expect(identity?.family).toBe(family.id);
    const facts = await family.adapter.inspect(target, identity!, context);
    // Outputs escape it (app/report); the adapter must neither crash on it nor mangle it into something else.
    if (facts.name !== undefined) expect(facts.name).toBe(EVIL_NAME);
    expect(facts.mac ?? device.device.mac).toBe(device.device.mac);
  });

  it('respects its request timeout against a device that accepts and never answers', async () => {
    const silent = await start('hostile', { settings: { behavior: 'silent', ports: ports(family) } });
    const timeoutMs = 300;
    const outcome = await settle(() => family.adapter.identify(silent.target, contractContext({ timeoutMs })));
    // A few sequential requests may each wait out the deadline; none may wait longer.
    expect(outcome.elapsedMs).toBeLessThan(timeoutMs * 6);
    expectCodedOrNothing(outcome);
  });

  it('respects an already-aborted signal: no work, no unhandled error', async () => {
    const { target } = own(family);
    const aborted = AbortSignal.abort();
    const watch = watchUnhandled();
    try {
      const identified = await settle(() => family.adapter.identify(target, contractContext({ signal: aborted })));
      expect(identified.elapsedMs).toBeLessThan(500);
      // Identification from what discovery already holds (a UDP answer) needs no I/O; inspecting then must stop.
      if (identified.status === 'resolved' && identified.value) {
        const identity = identified.value;
        const inspected = await settle(() =>
          family.adapter.inspect(target, identity, contractContext({ signal: aborted })),
        );
        expect(inspected.elapsedMs).toBeLessThan(500);
      }
      await aFewTicks();
      expect(watch.errors).toEqual([]);
    } finally {
      watch.stop();
    }
  });

  it('stops as soon as its signal fires in the middle of a request', async () => {
    const { target } = own(family);
    const silent = await start('hostile', { settings: { behavior: 'silent', ports: ports(family, target) } });
    // The device as discovery saw it, except that every TCP connection lands on one that never answers.
    const stalled: ProbeTarget = {
      ...target,
      address: silent.device.address,
      connectPort: (port, transport = 'tcp') =>
        transport === 'udp' ? target.connectPort(port, 'udp') : silent.target.connectPort(port, 'tcp'),
    };
    const watch = watchUnhandled();
    try {
      const identity = await family.adapter.identify(target, contractContext());
      const abortIn = (ms: number) => contractContext({ signal: AbortSignal.timeout(ms), timeoutMs: 10_000 });
      const identified = await settle(() => family.adapter.identify(stalled, abortIn(150)));
      expect(identified.elapsedMs).toBeLessThan(2000);
      const inspected = await settle(() => family.adapter.inspect(stalled, identity!, abortIn(150)));
      expect(inspected.elapsedMs).toBeLessThan(2000);
      await aFewTicks();
      expect(watch.errors).toEqual([]);
    } finally {
      watch.stop();
    }
  });

  it('respects its byte budget: an endless body is cut off, a small budget fails with a coded error', async () => {
    const endless = await start('hostile', { settings: { behavior: 'endless-body', ports: ports(family) } });
    const flooded = await settle(() =>
      family.adapter.identify(endless.target, contractContext({ maxBytes: 4096, timeoutMs: 5000 })),
    );
    // Cut by the byte budget, long before the deadline.
    expect(flooded.elapsedMs).toBeLessThan(2500);
    expectCodedOrNothing(flooded);
    const { target } = own(family);
    const tiny = contractContext({ maxBytes: 64 });
    const identified = await settle(() => family.adapter.identify(target, tiny));
    expectCodedOrNothing(identified);
    if (identified.status === 'resolved' && identified.value) {
      const identity = identified.value;
      expectCodedOrNothing(await settle(() => family.adapter.inspect(target, identity, tiny)));
    }
  });
});

/** The family's discovery ports, and the TCP ports its simulator opened (real numbers). */
function ports(family: AnyFamily, target?: ProbeTarget): number[] {
  return [...new Set([...family.discovery.tcpPorts, ...(target?.openTcpPorts ?? [])])];
}

/** Either a result (a device or none) or a coded error naming the endpoint: never a TypeError or a RangeError. */
function expectCodedOrNothing(outcome: Awaited<ReturnType<typeof settle>>): void {
  if (outcome.status === 'rejected') expect(outcome.error).toBeInstanceOf(IotwardenError);
}

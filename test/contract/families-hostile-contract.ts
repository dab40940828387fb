import { afterAll, describe, expect, it } from 'vitest';
import { inspectHost } from '../../src/app/scan/inspect-host.ts';
import { type AnyFamily, FAMILIES } from '../../src/families/index.ts';
import { HOSTILE_IMPERSONATES, type HostileBehavior } from '../../src/lab/kinds/hostile/settings.ts';
import { aFewTicks, contractContext, unprovenClaims, watchUnhandled } from '../support/family-contract.ts';
import { type RunningLabDevice, startLabDevice } from '../support/lab-device.ts';

/**
 * The family contract, continued (families.test.ts): every family's adapter, through the scan's own inspection path
 * (app/scan/inspect-host.ts), against every behaviour of the hostile lab kind served on the family's discovery
 * ports. The host is inspected within its budget, nothing escapes as an unhandled error, a device is claimed only
 * by the family it impersonates, and whatever is reported about it is backed by evidence.
 */
const FAMILY_LIST: readonly AnyFamily[] = FAMILIES;
const REQUEST_TIMEOUT_MS = 500;
const HOST_BUDGET_MS = 5000;

/**
 * Registers the contract for `behaviors` against every family. Split over two test files
 * (families-hostile-*.test.ts), because each case needs its own lab address and a file owns 253 of them.
 */
export function describeHostileContract(behaviors: readonly HostileBehavior[]): void {
  const running: RunningLabDevice[] = [];
  afterAll(async () => {
    await Promise.all(running.splice(0).map((device) => device.stop()));
  });

  const cases = FAMILY_LIST.flatMap((family) => behaviors.map((behavior) => [family.id, behavior, family] as const));

  describe.each(cases)('family %s against a hostile device: %s', (_id, behavior, family) => {
    it('is inspected in time, without an unhandled error, and claimed only when impersonated', async () => {
      const hostile = await startLabDevice('hostile', {
        settings: { behavior, ports: [...family.discovery.tcpPorts] },
      });
      running.push(hostile);
      const target = await hostile.discover();
      const watch = watchUnhandled();
      const started = performance.now();
      try {
        const { facts } = await inspectHost(
          target,
          { address: hostile.address, sources: ['tcp'] },
          {
            // Asked whatever discovery found: the contract is about the adapter, not about when the scan asks it.
            adapters: [{ adapter: family.adapter, applies: () => true }],
            identifiers: [],
            context: contractContext({ timeoutMs: REQUEST_TIMEOUT_MS, signal: AbortSignal.timeout(HOST_BUDGET_MS) }),
          },
        );
        expect(performance.now() - started).toBeLessThan(HOST_BUDGET_MS + 1000);
        expect(facts.device?.family).toBe(HOSTILE_IMPERSONATES[behavior] === family.id ? family.id : undefined);
        if (facts.device) {
          expect(unprovenClaims(facts.device)).toEqual([]);
          const stopped = facts.device.limitations.some((line) => line.startsWith('could not fully inspect'));
          if (stopped) expect(facts.problems?.length).toBeGreaterThan(0);
          // Device text is kept as data; JSON-safe for the store however deep the device nested it.
          expect(() => JSON.stringify(facts)).not.toThrow();
        }
        await aFewTicks();
        expect(watch.errors).toEqual([]);
      } finally {
        watch.stop();
      }
    });
  });
}

import { runChecks } from '../../checks/catalogue.ts';
import { scoreDevice } from '../../checks/score.ts';
import type { HostFacts } from '../../families/facts.ts';
import type { Store } from '../../store/index.ts';
import type { Clock } from '../../util/clock.ts';

/**
 * Stores the health check's scan of an updated device in the inventory as a one-host scan, so `firmware status`,
 * `devices` and reports show the new version and findings, and the store's change detection records the ports that
 * closed. Only the probed ports count as covered, so nothing else is declared closed.
 */
export function inventoryRecorder(store: Store, clock: Clock) {
  return async (facts: HostFacts, ports: readonly number[]): Promise<void> => {
    const { findings, skipped } = runChecks(facts);
    const nowMs = clock.now();
    await store.recordScan({
      startedMs: nowMs,
      finishedMs: nowMs,
      targets: [facts.address],
      ports: ports.join(','),
      status: 'complete',
      hosts: [{ host: facts, findings, skipped, score: scoreDevice(findings).score }],
    });
  };
}

import { afterAll, describe, expect, it } from 'vitest';
import { assertFuzzTarget } from '../support/fuzz.ts';
import { stopAdapterFakes } from './adapter-targets.ts';
import { DNS_SOURCE_TARGETS, stopDnsFuzzStore, unmutatedImport } from './dns-source-targets.ts';
import { FTL_DB_TARGET, stopFtlFuzzStore } from './ftl-db-target.ts';

/** The sinkhole APIs' import, through a mutating proxy in front of the lab's Pi-hole and AdGuard simulators. */
afterAll(async () => {
  await stopDnsFuzzStore();
  await stopFtlFuzzStore();
  await stopAdapterFakes();
});

describe('fuzzing the DNS source APIs', () => {
  it.each(['pihole', 'adguard'] as const)(
    '%s: unmutated, the proxy passes an import that reads queries',
    async (kind) => {
      expect(await unmutatedImport(kind)).toBeGreaterThan(0);
    },
  );

  for (const target of [...DNS_SOURCE_TARGETS, FTL_DB_TARGET]) {
    it(`${target.name}: only typed failures, storable totals`, async () => {
      await assertFuzzTarget(target);
    }, 60_000);
  }
});

import { afterAll, describe, expect, it } from 'vitest';
import { assertFuzzTarget } from '../support/fuzz.ts';
import { ADAPTER_TARGETS, FUZZED_ADAPTER_FAMILIES, identifiesUnmutated, stopAdapterFakes } from './adapter-targets.ts';

/** Every HTTP family adapter against its own simulator's answers, garbled by a mutating proxy (adapter-targets.ts). */
afterAll(stopAdapterFakes);

describe('fuzzing the family adapters', () => {
  it.each(FUZZED_ADAPTER_FAMILIES)('%s: unmutated, the proxy passes an answer its adapter identifies', async (id) => {
    expect(await identifiesUnmutated(id)).toBe(true);
  });

  for (const target of ADAPTER_TARGETS) {
    it(`${target.name}: only typed failures, only storable facts`, async () => {
      await assertFuzzTarget(target);
    }, 60_000);
  }
});

import { describe, it } from 'vitest';
import { assertFuzzTarget } from '../support/fuzz.ts';
import { PARSER_TARGETS } from './parser-targets.ts';

/**
 * Every parser of untrusted input, fuzzed with seeded mutations of real inputs (test/support/fuzz.ts). Bounded
 * here (FUZZ_RUNS inputs each, default 200); `npm run fuzz` runs the same targets long.
 */
describe('fuzzing the parsers', () => {
  for (const target of PARSER_TARGETS) {
    it(`${target.name}: no untyped exception, only storable results`, async () => {
      await assertFuzzTarget(target);
    }, 60_000);
  }
});

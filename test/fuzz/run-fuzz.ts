/**
 * `npm run fuzz`: the fuzz targets of `npm test`, run long. The goal is FUZZ_INPUTS inputs per parser (default
 * 1,000,000); each parser is time-boxed to FUZZ_SECONDS (default 60) and reports what it reached. A crash (an
 * untyped exception or a broken invariant) is counted and the run goes on; a single input that takes longer than
 * HANG_MS is counted as a hang. Prints one JSON summary on stdout; exit 1 when anything crashed or hung.
 *
 *   FUZZ_SEED=8 FUZZ_SECONDS=30 FUZZ_ONLY=mqtt npm run fuzz
 */
import fc from 'fast-check';
import { type FuzzTarget, fuzzSettings } from '../support/fuzz.ts';
import { ADAPTER_TARGETS, stopAdapterFakes } from './adapter-targets.ts';
import { DNS_SOURCE_TARGETS, stopDnsFuzzStore } from './dns-source-targets.ts';
import { FTL_DB_TARGET, stopFtlFuzzStore } from './ftl-db-target.ts';
import { PARSER_TARGETS } from './parser-targets.ts';

const HANG_MS = 2000;

interface TargetSummary {
  inputs: number;
  crashes: number;
  hangs: number;
  seconds: number;
  firstCrashes: string[];
}

async function runTarget(
  target: FuzzTarget<unknown>,
  goal: number,
  seconds: number,
  seed: number,
): Promise<TargetSummary> {
  const summary: TargetSummary = { inputs: 0, crashes: 0, hangs: 0, seconds: 0, firstCrashes: [] };
  const started = performance.now();
  await fc.check(
    fc.asyncProperty(target.input, async (input) => {
      summary.inputs++;
      const t = performance.now();
      try {
        await target.check(input);
      } catch (error) {
        summary.crashes++;
        if (summary.firstCrashes.length < 3)
          summary.firstCrashes.push(String((error as Error)?.message ?? error).slice(0, 500));
      }
      if (performance.now() - t > HANG_MS) summary.hangs++;
      return true;
    }),
    { seed, numRuns: goal, interruptAfterTimeLimit: seconds * 1000, markInterruptAsFailure: false },
  );
  summary.seconds = Math.round((performance.now() - started) / 100) / 10;
  return summary;
}

async function main(): Promise<void> {
  const { seed } = fuzzSettings();
  const goal = Number.parseInt(process.env.FUZZ_INPUTS ?? '', 10) || 1_000_000;
  const seconds = Number.parseFloat(process.env.FUZZ_SECONDS ?? '') || 60;
  const only = process.env.FUZZ_ONLY?.toLowerCase();
  const targets = [...PARSER_TARGETS, ...ADAPTER_TARGETS, ...DNS_SOURCE_TARGETS, FTL_DB_TARGET].filter(
    (t) => !only || t.name.toLowerCase().includes(only),
  );
  const parsers: Record<string, TargetSummary> = {};
  for (const target of targets) {
    parsers[target.name] = await runTarget(target, goal, seconds, seed);
    process.stderr.write(`${target.name}: ${JSON.stringify(parsers[target.name])}\n`);
  }
  await stopDnsFuzzStore();
  await stopFtlFuzzStore();
  await stopAdapterFakes();
  const failed = Object.values(parsers).some((p) => p.crashes > 0 || p.hangs > 0);
  process.stdout.write(
    `${JSON.stringify({ seed, goalPerParser: goal, secondsPerParser: seconds, parsers }, null, 2)}\n`,
  );
  process.exitCode = failed ? 1 : 0;
}

await main();

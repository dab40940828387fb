import fc from 'fast-check';
import { IotwardenError } from '../../src/errors/index.ts';

/**
 * The shared fuzz harness (issue 8, "Keep the proof in the repository"). Every parser is a {@link FuzzTarget}: an
 * input generator built from real, valid inputs and their mutations, and a check that throws when the parser does
 * something it must not (an untyped exception, a result that breaks its contract). `npm test` runs each target
 * bounded (FUZZ_RUNS inputs, default 200); `npm run fuzz` (scripts/fuzz.ts) runs the same targets long.
 * FUZZ_SEED makes a run repeatable (default 8); a failure prints the seed and the shrunk input.
 */
export interface FuzzTarget<T = unknown> {
  name: string;
  input: fc.Arbitrary<T>;
  /** Throws on a defect; returns (or resolves) otherwise. */
  check(input: T): void | Promise<void>;
  /** Runs per input are costly (a socket round trip): the bounded test run uses this share of FUZZ_RUNS. */
  costly?: boolean;
  /** Inputs in a bounded run when even a fifth is too many (a database built per input); FUZZ_RUNS still caps it. */
  boundedRuns?: number;
}

/** Erases a target's input type, so targets of different inputs share one list. */
export function defineTarget<T>(target: FuzzTarget<T>): FuzzTarget<unknown> {
  return target as unknown as FuzzTarget<unknown>;
}

/** Inputs per target in a bounded run, and the seed, from the environment. */
export function fuzzSettings(env: NodeJS.ProcessEnv = process.env): { runs: number; seed: number } {
  const runs = Number.parseInt(env.FUZZ_RUNS ?? '', 10);
  const seed = Number.parseInt(env.FUZZ_SEED ?? '', 10);
  return { runs: Number.isFinite(runs) && runs > 0 ? runs : 200, seed: Number.isFinite(seed) ? seed : 8 };
}

/** Runs one target as a property: the first defect fails, shrunk, with its seed and path. */
export async function assertFuzzTarget<T>(target: FuzzTarget<T>, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const { runs, seed } = fuzzSettings(env);
  const share = target.costly ? Math.max(20, Math.floor(runs / 5)) : runs;
  const numRuns = target.boundedRuns === undefined ? share : Math.min(target.boundedRuns, runs);
  await fc.assert(
    fc.asyncProperty(target.input, async (input) => {
      await target.check(input);
    }),
    { seed, numRuns },
  );
}

/** A parser may refuse input only with a typed iotwarden error (or a SyntaxError where it says so); never a crash. */
export function expectTypedFailure(error: unknown, also: ReadonlyArray<new (...args: never[]) => Error> = []): void {
  if (error instanceof IotwardenError) return;
  if (also.some((kind) => error instanceof kind)) return;
  throw new Error(`untyped failure: ${(error as Error)?.stack ?? String(error)}`);
}

/** Calls `parse` and accepts a result or a typed failure. */
export function tolerant<R>(parse: () => R, also: ReadonlyArray<new (...args: never[]) => Error> = []): R | undefined {
  try {
    return parse();
  } catch (error) {
    expectTypedFailure(error, also);
    return undefined;
  }
}

/** Control characters and other hazards a hostile device or log line carries (C0, C1, ESC, bidi, NUL, U+FFFD). */
const HAZARDS = [
  '\u0000',
  '\u0007',
  '\r',
  '\n',
  '\u001b[2J',
  '\u001b]8;;x\u0007',
  '\u0085',
  '\u009b',
  '\u202e',
  '\ufffd',
  '\ud800',
];

/** One edit of a string: insert, delete, replace, duplicate a slice, or splice in a hazard or a long run. */
function editString(text: string, longRun: number): fc.Arbitrary<string> {
  const at = fc.nat({ max: Math.max(0, text.length) });
  return fc.oneof(
    fc.tuple(at, fc.string({ maxLength: 8 })).map(([i, s]) => text.slice(0, i) + s + text.slice(i)),
    fc.tuple(at, fc.nat({ max: 16 })).map(([i, n]) => text.slice(0, i) + text.slice(i + n)),
    fc.tuple(at, fc.constantFrom(...HAZARDS)).map(([i, s]) => text.slice(0, i) + s + text.slice(i)),
    fc
      .tuple(at, fc.nat({ max: 64 }))
      .map(([i, n]) => text.slice(0, i) + text.slice(i, i + n).repeat(50) + text.slice(i)),
    fc
      .tuple(at, fc.constantFrom('x', '9', '{', '[', '"', ' '))
      .map(([i, c]) => text.slice(0, i) + c.repeat(longRun) + text.slice(i)),
    fc
      .tuple(at, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }))
      .map(([i, c]) => text.slice(0, i) + c + text.slice(i + 1)),
  );
}

/**
 * Valid texts, their mutations (1-4 edits), and random text. `longRun` is the length of the runs spliced in (70,000
 * by default: past every line and field limit).
 */
export function mutatedText(seeds: readonly string[], longRun = 70_000): fc.Arbitrary<string> {
  const seed = fc.constantFrom(...seeds);
  const mutated = seed.chain((text) =>
    fc.nat({ max: 3 }).chain((extra) => {
      let arb = editString(text, longRun);
      for (let i = 0; i < extra; i++) arb = arb.chain((t) => editString(t, longRun));
      return arb;
    }),
  );
  return fc.oneof(
    { weight: 1, arbitrary: seed },
    { weight: 6, arbitrary: mutated },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
  );
}

/** One edit of a byte string: flip, insert, delete, truncate, or lengthen. */
function editBytes(bytes: Buffer): fc.Arbitrary<Buffer> {
  const at = fc.nat({ max: Math.max(0, bytes.length) });
  return fc.oneof(
    fc.tuple(at, fc.integer({ min: 0, max: 255 })).map(([i, b]) => {
      const copy = Buffer.from(bytes);
      if (i < copy.length) copy[i] = b;
      return copy;
    }),
    fc
      .tuple(at, fc.uint8Array({ maxLength: 16 }))
      .map(([i, ins]) => Buffer.concat([bytes.subarray(0, i), Buffer.from(ins), bytes.subarray(i)])),
    fc.tuple(at, fc.nat({ max: 16 })).map(([i, n]) => Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + n)])),
    at.map((i) => bytes.subarray(0, i)),
    fc
      .tuple(at, fc.constantFrom(0x00, 0xff, 0x7f, 0x80))
      .map(([i, b]) => Buffer.concat([bytes.subarray(0, i), Buffer.alloc(70_000, b), bytes.subarray(i)])),
  );
}

/** Valid packets, their mutations (1-3 edits), and random bytes. */
export function mutatedBytes(seeds: readonly Buffer[]): fc.Arbitrary<Buffer> {
  const seed = fc.constantFrom(...seeds);
  const mutated = seed.chain((bytes) =>
    fc.nat({ max: 2 }).chain((extra) => {
      let arb = editBytes(bytes);
      for (let i = 0; i < extra; i++) arb = arb.chain(editBytes);
      return arb;
    }),
  );
  const random = fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a));
  return fc.oneof({ weight: 1, arbitrary: seed }, { weight: 6, arbitrary: mutated }, { weight: 2, arbitrary: random });
}

/** One edit of a JSON value: where (0-1 over its containers), what (drop, replace twice, wrap), and with what. */
export type JsonEdit = [where: number, kind: number, replacement: unknown];

/** Edits as a device might garble its JSON: keys dropped, values of another type, deep nesting, huge strings, controls. */
export function jsonEdits(maxEdits = 4): fc.Arbitrary<JsonEdit[]> {
  const replacement = fc.oneof(
    fc.constantFrom(null, true, 0, -1, 1e308, '', [], {}, '\u001b[2J\u0000\u009b', 'x'.repeat(70_000)),
    fc.jsonValue({ maxDepth: 3 }),
    fc.constant(deepArray(5_000)),
  );
  return fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.nat({ max: 3 }), replacement), {
    maxLength: maxEdits,
  });
}

/** A copy of `value` with `edits` applied. */
export function applyJsonEdits(value: unknown, edits: readonly JsonEdit[]): unknown {
  let copy = structuredClone(value);
  for (const [where, kind, other] of edits) copy = editJson(copy, where, kind, other);
  return copy;
}

/** Mutations of one JSON value (see {@link jsonEdits}). */
export function mutatedJson(seed: unknown): fc.Arbitrary<unknown> {
  return jsonEdits().map((edits) => applyJsonEdits(seed, edits));
}

function deepArray(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** Picks a container in `value` by `where` (0-1 over a walk) and drops a key (0), replaces one (1, 2) or wraps it (3). */
function editJson(value: unknown, where: number, kind: number, other: unknown): unknown {
  const containers: Array<Record<string, unknown> | unknown[]> = [];
  const stack: unknown[] = [value];
  while (stack.length > 0 && containers.length < 500) {
    const next = stack.pop();
    if (typeof next === 'object' && next !== null) {
      containers.push(next as Record<string, unknown>);
      stack.push(...Object.values(next));
    }
  }
  const target = containers[Math.floor(where * containers.length)];
  if (!target) return kind === 3 ? [value] : other;
  const keys = Object.keys(target);
  const key = keys[Math.floor(where * 7919) % Math.max(1, keys.length)];
  if (key === undefined) return value;
  const record = target as Record<string, unknown>;
  if (kind === 0) delete record[key];
  else if (kind === 3) record[key] = [[[{ [key]: record[key] }]]];
  else record[key] = other;
  return value;
}

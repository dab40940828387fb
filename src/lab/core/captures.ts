import type { AuthState, DeviceFamily, ProtocolTag } from '../../families/facts.ts';
import { macHex, normalizeMac } from '../../net/mac.ts';
import { ouiOfKind } from './mac-assign.ts';

/**
 * The real-device captures a simulator can replay (`fixture:` in a scenario), as each family's
 * `simulator/index.ts` lists them with `captures()`. The captures stay in ../shared/fixtures and are read at test
 * time through a {@link CaptureReader}, never copied into the repository; a reader fails loudly when a file is
 * missing, so a conformance run can never pass by silently reading nothing.
 */
export interface CaptureReader {
  /** The parsed JSON of a file, by its path relative to the corpus root (`kasa/iot/HS110(EU)_1.0_1.2.5.json`). */
  json(relative: string): unknown;
  /** The text of a file that is not JSON (a Sonos device description XML), by the same path. */
  text(relative: string): string;
  /** The entries of a folder of the corpus, sorted. */
  list(relative: string): string[];
  exists(relative: string): boolean;
}

/** What the product must read back from a simulator replaying a capture, taken from the capture itself. */
export interface ExpectedIdentity {
  /** The family whose adapter claims it: the simulator's own, unless the capture changes protocol. */
  family: DeviceFamily;
  model: string;
  /** Compared when the capture tells and the product can read it without the owner's credentials. */
  firmware?: string;
  hwVersion?: string;
  /** The first three octets: the capture's vendor prefix, or the lab's for a masked MAC. */
  macPrefix: string;
  /** A protocol tag the device must report. */
  protocol: ProtocolTag;
  auth?: AuthState;
}

export interface SimulatorCapture {
  /** Where it is, relative to the corpus root: a file, or a folder of raw RPC answers. */
  file: string;
  /** What the simulator is given as its fixture. */
  fixture: unknown;
  expected: ExpectedIdentity;
}

/** The captures a family's simulator replays; `reader` reads the shared corpus. */
export type CaptureList = (reader: CaptureReader) => SimulatorCapture[];

/**
 * The vendor prefix a device replaying this capture must report: the capture's own (a `00:00:00` tail masks only
 * the device part), or the prefix the lab gives the kind when the whole MAC is masked (`AABBCCDDEEFF`, a zero
 * prefix; fixtures README).
 */
export function expectedMacPrefix(captureMac: unknown, kind: string): string {
  const mac = normalizeMac(captureMac);
  if (!mac) return ouiOfKind(kind);
  const hex = macHex(mac);
  const masked = hex === 'AABBCCDDEEFF' || hex.startsWith('000000');
  return masked ? ouiOfKind(kind) : mac.slice(0, 8);
}

/** The JSON files of a corpus folder. */
export function jsonFiles(reader: CaptureReader, folder: string): string[] {
  return reader
    .list(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => `${folder}/${name}`);
}

/**
 * Fails when a folder holds fewer captures than when its suite was written, or lacks one that tests name: a
 * corpus that shrank must not let conformance pass on less.
 */
export function requireCaptures(
  reader: CaptureReader,
  found: readonly SimulatorCapture[],
  expectation: { folder: string; atLeast: number; named?: readonly string[] },
): void {
  const inFolder = found.filter((capture) => capture.file.startsWith(`${expectation.folder}/`)).length;
  if (inFolder < expectation.atLeast) {
    throw new Error(
      `${expectation.folder} holds ${inFolder} captures, fewer than the ${expectation.atLeast} this suite was written against`,
    );
  }
  for (const name of expectation.named ?? []) {
    if (!reader.exists(name)) throw new Error(`capture ${name} is missing`);
  }
}

/** A string field of untrusted capture JSON, or undefined. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A field of untrusted capture JSON, walked by keys. */
export function field(value: unknown, ...keys: string[]): unknown {
  let node = value;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

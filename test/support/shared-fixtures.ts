import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaptureReader } from '../../src/lab/core/captures.ts';

/**
 * The real-device captures in ../shared/fixtures (beside the repository; fixtures README). Tests read them where they
 * are, at test time, and never copy them into the repository. A missing corpus or file fails the test with one line
 * that names the path, rather than a stack of ENOENT noise or, worse, a suite that passes on nothing.
 */
export const SHARED_FIXTURES = fileURLToPath(new URL('../../../shared/fixtures', import.meta.url));

/** Thrown for a missing capture: the message is the one line a developer needs. */
export class MissingFixtureError extends Error {
  constructor(path: string) {
    super(`shared fixture missing: ${path} (tests read real-device captures from ../shared/fixtures, see README)`);
    this.name = 'MissingFixtureError';
  }
}

/** The absolute path of a file or folder in ../shared/fixtures (`kasa/iot`, `hue/v2_resources.json`); must exist. */
export function sharedFixturePath(relative = ''): string {
  const path = relative === '' ? SHARED_FIXTURES : join(SHARED_FIXTURES, relative);
  if (!existsSync(path)) throw new MissingFixtureError(path);
  return path;
}

/** The parsed JSON of a capture. */
export function readSharedJson(relative: string): unknown {
  return JSON.parse(readFileSync(sharedFixturePath(relative), 'utf8'));
}

/** The text of a capture that is not JSON (XML, a pasted reply). */
export function readSharedText(relative: string): string {
  return readFileSync(sharedFixturePath(relative), 'utf8');
}

/** The entries of a capture folder, sorted. */
export function listSharedFixtures(relative: string): string[] {
  return readdirSync(sharedFixturePath(relative)).sort();
}

/** The reader each family's `captures()` takes (src/lab/core/captures.ts). */
export const sharedCaptures: CaptureReader = {
  json: readSharedJson,
  text: readSharedText,
  list: listSharedFixtures,
  exists: (relative) => existsSync(join(SHARED_FIXTURES, relative)),
};

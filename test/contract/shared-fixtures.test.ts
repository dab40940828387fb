import { describe, expect, it } from 'vitest';
import {
  listSharedFixtures,
  MissingFixtureError,
  readSharedJson,
  SHARED_FIXTURES,
  sharedCaptures,
  sharedFixturePath,
} from '../support/shared-fixtures.ts';

/** The captures stay in ../shared/fixtures; a test that cannot find one says so in one line naming the path. */
describe('shared fixtures', () => {
  it('are found beside the repository', () => {
    expect(sharedFixturePath()).toBe(SHARED_FIXTURES);
    expect(listSharedFixtures('kasa')).toEqual(expect.arrayContaining(['iot', 'smart', 'smartcam']));
    expect(readSharedJson('hue/v2_resources.json')).toBeInstanceOf(Array);
  });

  it('fail with one line that names the missing path', () => {
    const missing = `${SHARED_FIXTURES}/kasa/iot/NO-SUCH-PLUG(EU)_1.0_0.0.0.json`;
    expect(() => readSharedJson('kasa/iot/NO-SUCH-PLUG(EU)_1.0_0.0.0.json')).toThrow(MissingFixtureError);
    let message = '';
    try {
      sharedCaptures.json('kasa/iot/NO-SUCH-PLUG(EU)_1.0_0.0.0.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(missing);
    expect(message).not.toContain('\n');
    expect(() => listSharedFixtures('no-such-vendor')).toThrow(
      `shared fixture missing: ${SHARED_FIXTURES}/no-such-vendor`,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostFacts } from '../../src/families/facts.ts';
import { shellyGen1Kind } from '../../src/families/shelly-gen1/simulator/kind.ts';
import { FakeClock } from '../../src/util/clock.ts';
import { FirmwareLab, type LabDevice } from '../support/firmware-lab.ts';
import { IN_WINDOW_MS } from '../support/rollout.ts';
import { allCases, type CanaryState, label, mayInstall, runCase, subjectSettings } from './policy-matrix.ts';

/**
 * No device is ever updated outside its policy. Every policy × window × --now combination, for the given canary
 * states, runs the real engine; installs are counted at the simulator. Cases that must not install share one
 * device (any install there fails the case); cases that must install get a fresh device each. The matrix is split
 * over two test files only so that they run in parallel.
 */
export function policyMatrixSuite(canaryStates: CanaryState[]): void {
  const cases = allCases(canaryStates);
  let lab: FirmwareLab;
  let shared: LabDevice;
  let sharedFacts: HostFacts;

  beforeAll(async () => {
    lab = new FirmwareLab(new FakeClock(IN_WINDOW_MS));
    shared = await lab.add(shellyGen1Kind, 'subject', subjectSettings());
    sharedFacts = await lab.scan(shared);
  });

  afterAll(async () => {
    await lab?.stop();
  });

  describe(`no device is ever updated outside its policy (canary: ${canaryStates.join(', ')})`, () => {
    it('has cases on both sides of the rule', () => {
      expect(cases.filter(mayInstall).length).toBeGreaterThan(0);
      expect(cases.filter((c) => !mayInstall(c)).length).toBeGreaterThan(0);
    });

    it.each(cases.map((c) => [label(c), c] as const))('%s', async (_name, c) => {
      const expected = mayInstall(c) ? 1 : 0;
      let subject = shared;
      let facts = sharedFacts;
      if (expected === 1) {
        subject = await lab.add(shellyGen1Kind, 'subject', subjectSettings());
        facts = await lab.scan(subject);
      }
      expect(await runCase(lab, subject, facts, c)).toBe(expected);
      if (expected === 1) await subject.started.stop();
    });
  });
}

import { afterAll, describe, expect, it } from 'vitest';
import type { DeviceFacts } from '../../src/families/facts.ts';
import { type AnyFamily, FAMILIES, familyById } from '../../src/families/index.ts';
import type { SimulatorCapture } from '../../src/lab/core/captures.ts';
import { familyCaptures } from '../../src/lab/kinds.ts';
import { contractContext } from '../support/family-contract.ts';
import { type RunningLabDevice, startLabDevice } from '../support/lab-device.ts';
import { SHARED_FIXTURES, sharedCaptures } from '../support/shared-fixtures.ts';

/**
 * The family contract, continued (families.test.ts): every shared real-device capture a family's simulator can
 * replay (its `simulator/index.ts` `captures()`, read from ../shared/fixtures where they are) is served by the lab
 * and read back through discovery and the adapter. What the product reports must equal the capture: model,
 * firmware and hardware where readable without credentials, vendor prefix, protocol, login state; each device keeps
 * its own MAC and id, and no other family's adapter claims it. A capture that went missing fails the suite.
 */
const FAMILY_LIST: readonly AnyFamily[] = FAMILIES;
/** Simulators started at once: the captures are many, the machine has two cores. */
const BATCH = 6;

const running: RunningLabDevice[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((device) => device.stop()));
});

interface ReadBack {
  problems: string[];
  deviceId: string | undefined;
}

/** Starts the capture's simulator, reads it back, and says what differs from the capture. */
async function readBack(family: AnyFamily, capture: SimulatorCapture, index: number): Promise<ReadBack> {
  const lab = await startLabDevice(family.id, { fixture: capture.fixture, name: `capture-${index}` });
  running.push(lab);
  const target = await lab.discover();
  const { expected } = capture;
  const reader = familyById(expected.family);
  if (!reader) return { problems: [`no family ${expected.family}`], deviceId: undefined };
  const context = contractContext();
  const identity = await reader.adapter.identify(target, context);
  if (!identity) return { problems: ['not identified'], deviceId: undefined };
  const facts = await reader.adapter.inspect(target, identity, context);
  const problems = differences(capture, facts);
  if (facts.mac !== lab.device.mac) problems.push(`MAC ${facts.mac} is not the device's ${lab.device.mac}`);
  for (const other of FAMILY_LIST) {
    if (other.id === expected.family) continue;
    if (await other.adapter.identify(target, contractContext({ timeoutMs: 1000 })).catch(() => undefined)) {
      problems.push(`also claimed by ${other.id}`);
    }
  }
  await lab.stop();
  return { problems, deviceId: facts.deviceId };
}

function differences(capture: SimulatorCapture, facts: DeviceFacts): string[] {
  const { expected } = capture;
  const actual: Record<string, unknown> = {
    model: facts.model,
    firmware: facts.firmware.installed,
    hwVersion: facts.hwVersion,
    macPrefix: facts.mac?.slice(0, 8),
    auth: facts.auth.state,
  };
  const problems = Object.entries(expected)
    .filter(([key]) => key in actual && actual[key] !== expected[key as keyof typeof expected])
    .map(([key, want]) => `${key} is ${JSON.stringify(actual[key])}, the capture says ${JSON.stringify(want)}`);
  if (!facts.protocols.includes(expected.protocol)) {
    problems.push(`protocols ${JSON.stringify(facts.protocols)} lack ${expected.protocol}`);
  }
  return problems;
}

describe.each(FAMILY_LIST.map((family) => [family.id, family] as const))('family %s', (_id, family) => {
  const captures = familyCaptures(family.id)(sharedCaptures);

  it.skipIf(captures.length === 0)(
    `reads back every shared capture it replays (${captures.length})`,
    async () => {
      const failures: string[] = [];
      const ids = new Map<string, string>();
      for (let start = 0; start < captures.length; start += BATCH) {
        const batch = captures.slice(start, start + BATCH);
        const results = await Promise.all(batch.map((capture, i) => readBack(family, capture, start + i)));
        results.forEach((result, i) => {
          const file = (batch[i] as SimulatorCapture).file;
          const id = result.deviceId;
          if (id !== undefined && (/^0+$/.test(id) || ids.has(id))) {
            result.problems.push(`device id ${id} is masked or repeats ${ids.get(id) ?? 'another capture'}`);
          }
          if (id !== undefined) ids.set(id, file);
          failures.push(...result.problems.map((problem) => `${file}: ${problem}`));
        });
      }
      console.log(
        `${family.id}: ${captures.length} captures from ${SHARED_FIXTURES} read back, ${failures.length} differences:\n` +
          captures.map((capture) => `  ${capture.file}`).join('\n'),
      );
      expect(failures).toEqual([]);
    },
    120_000,
  );
});

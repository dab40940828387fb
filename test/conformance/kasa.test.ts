import { afterAll, describe, expect, it } from 'vitest';
import { kasaSmartAdapter } from '../../src/families/kasa-smart/adapter.ts';
import { kasaSmartCaptures } from '../../src/families/kasa-smart/simulator/captures.ts';
import type { SimulatorCapture } from '../../src/lab/core/captures.ts';
import { contractContext } from '../support/family-contract.ts';
import { type RunningLabDevice, startLabDevice } from '../support/lab-device.ts';
import { sharedCaptures } from '../support/shared-fixtures.ts';

/**
 * Conformance with the owner's account: every Kasa/Tapo smart capture in ../shared/fixtures/kasa/smart (the list is
 * the simulator's own, kasa-smart/simulator/captures.ts), served with an owner account and read over KLAP or AES.
 * Without the account the adapter must say that it needs one; with it, firmware and hardware must equal the
 * capture's get_device_info. What every capture reads back without an account is the family contract's
 * (test/contract/families-captures.test.ts).
 */
const BATCH = 6;
const NEEDS_CREDENTIALS = 'needs TP-Link cloud credentials to read firmware';

const running: RunningLabDevice[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((device) => device.stop()));
});

async function readWithAccount(capture: SimulatorCapture, index: number): Promise<string[]> {
  const account = { username: `owner-${index}@example.com`, password: `pw-${index}` };
  const lab = await startLabDevice('kasa-smart', {
    fixture: capture.fixture,
    name: `smart-${index}`,
    settings: { auth: { enabled: true, ...account } },
  });
  running.push(lab);
  const target = await lab.discover();
  const problems: string[] = [];
  const anonymousIdentity = await kasaSmartAdapter.identify(target, contractContext());
  if (!anonymousIdentity) return [`${capture.file}: not identified`];
  const anonymous = await kasaSmartAdapter.inspect(target, anonymousIdentity, contractContext());
  if (!anonymous.limitations.includes(NEEDS_CREDENTIALS)) problems.push(`${capture.file}: no credential limitation`);
  const owner = contractContext({ credential: account });
  const owned = await kasaSmartAdapter.inspect(target, (await kasaSmartAdapter.identify(target, owner))!, owner);
  const info = (capture.fixture as { get_device_info?: { fw_ver?: string; hw_ver?: string } }).get_device_info ?? {};
  if (owned.firmware.installed !== info.fw_ver || owned.hwVersion !== info.hw_ver) {
    problems.push(
      `${capture.file}: with the account read ${owned.firmware.installed} / ${owned.hwVersion}, capture says ${info.fw_ver} / ${info.hw_ver}`,
    );
  }
  await lab.stop();
  return problems;
}

describe('kasa smart conformance with the owner account', () => {
  it('reads every smart capture over KLAP or AES with the account, and says it needs one without', async () => {
    const captures = kasaSmartCaptures(sharedCaptures).filter((capture) => capture.file.startsWith('kasa/smart/'));
    const problems: string[] = [];
    for (let start = 0; start < captures.length; start += BATCH) {
      const batch = captures.slice(start, start + BATCH);
      problems.push(...(await Promise.all(batch.map((c, i) => readWithAccount(c, start + i)))).flat());
    }
    console.log(`kasa conformance: ${captures.length} smart captures read with an owner account`);
    expect(captures.length).toBeGreaterThanOrEqual(44);
    expect(problems).toEqual([]);
  }, 120_000);
});

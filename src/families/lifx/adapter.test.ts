import { afterEach, describe, expect, it } from 'vitest';
import { contractContext } from '../../../test/support/family-contract.ts';
import { type RunningLabDevice, startLabDevice } from '../../../test/support/lab-device.ts';
import { lifxAdapter } from './adapter.ts';

const running: RunningLabDevice[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((device) => device.stop()));
});

async function inspect(settings: unknown, name = 'Hallway Bulb') {
  const device = await startLabDevice('lifx', { settings, name });
  running.push(device);
  const target = await device.discover();
  const identity = await lifxAdapter.identify(target, contractContext());
  expect(identity?.family).toBe('lifx');
  return { device, facts: await lifxAdapter.inspect(target, identity!, contractContext()) };
}

describe('lifxAdapter', () => {
  it('identifies a bulb found by discovery and reads product, firmware, label, group and location', async () => {
    const { device, facts } = await inspect({ product: 1, firmware: '1.1', group: 'Hall', location: 'Home' });
    expect(facts).toMatchObject({
      family: 'lifx',
      vendor: 'LIFX',
      model: 'Original 1000',
      productName: 'LIFX Original 1000 (product 1)',
      mac: device.device.mac,
      name: 'Hallway Bulb',
      protocols: ['lifx-lan'],
      config: { label: 'Hallway Bulb', wifiFirmware: '0.0', group: 'Hall', location: 'Home' },
    });
    expect(facts.firmware.installed).toBe('1.1');
    expect(facts.auth.state).toBe('none');
    expect(facts.auth.evidence).toEqual({
      sent: 'UDP 56700 GetVersion (32)',
      received: 'StateVersion (33): vendor 1, product 1',
    });
  });

  it('names a product it does not list by its number and says so', async () => {
    const { facts } = await inspect({ product: 4242 });
    expect(facts.model).toBe('product 1/4242');
    expect(facts.limitations.join(' ')).toContain("product id 4242 is not in iotwarden's LIFX product list");
  });

  it('keeps a label that fills all 32 bytes as read, but not as the name', async () => {
    const { facts } = await inspect({}, 'a'.repeat(40));
    expect(facts.name).toBeUndefined();
    expect(facts.config).toMatchObject({ label: 'a'.repeat(32) });
  });

  it('claims nothing without a LIFX discovery answer', async () => {
    const device = await startLabDevice('lifx');
    running.push(device);
    const target = await device.discover();
    expect(await lifxAdapter.identify({ ...target, udp: { answers: {} } }, contractContext())).toBeUndefined();
  });
});

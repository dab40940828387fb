/**
 * The LIFX bulb simulator against an independent LAN client written from LIFX's protocol documentation
 * (test/support/lifx-test-client.ts; no LIFX npm client is installed here). Discovery, identity, reads, writes that
 * later reads return, acknowledgements, and malformed packets that the bulb ignores without a crash.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { lifxKind } from '../../src/families/lifx/simulator/kind.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { testAddress } from '../support/addresses.ts';
import { buildLifxPacket, lifxExchange } from '../support/lifx-test-client.ts';

const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((sim) => sim.stop()));
});

const MAC = 'D0:73:D5:12:34:56';
const TARGET = 'd073d5123456';

async function bulb(settings: unknown = {}) {
  const address = testAddress();
  const sim = await startSimulator(lifxKind, { name: 'Kitchen Pendant', address, settings, mac: MAC });
  started.push(sim);
  const port = sim.portOf(56700, 'udp');
  const ask = (request: Parameters<typeof buildLifxPacket>[0]) => lifxExchange(address, port, buildLifxPacket(request));
  return { address, port, ask };
}

const label = (payload: Buffer) => payload.subarray(0, 32).toString('utf8').replace(/\0+$/, '');

describe('LIFX bulb simulator with an independent client', () => {
  it('answers tagged discovery with StateService on UDP 56700, from its MAC, echoing source and sequence', async () => {
    const { ask } = await bulb();
    const [answer, ...rest] = await ask({ type: 2, tagged: true, source: 0x1234_5678, sequence: 99 });
    expect(rest).toEqual([]);
    expect(answer).toMatchObject({ type: 3, size: 41, source: 0x1234_5678, sequence: 99, target: TARGET });
    expect(answer?.reserved).toBe('LIFXV2');
    expect(answer?.payload[0]).toBe(1);
    expect(answer?.payload.readUInt32LE(1)).toBe(56700);
  });

  it('tells its product, firmware, label, group and location', async () => {
    const { ask } = await bulb({ product: 43, firmware: '3.90', group: 'Kitchen', location: 'Flat' });
    const [version] = await ask({ type: 32, target: TARGET });
    expect(version?.type).toBe(33);
    expect([version?.payload.readUInt32LE(0), version?.payload.readUInt32LE(4)]).toEqual([1, 43]);
    const [firmware] = await ask({ type: 14, target: TARGET });
    expect(firmware?.type).toBe(15);
    expect([firmware?.payload.readUInt16LE(18), firmware?.payload.readUInt16LE(16)]).toEqual([3, 90]);
    const [name] = await ask({ type: 23, target: TARGET });
    expect(label(name!.payload)).toBe('Kitchen Pendant');
    const [group] = await ask({ type: 51, target: TARGET });
    expect(group?.type).toBe(53);
    expect(label(group!.payload.subarray(16, 48))).toBe('Kitchen');
    const [location] = await ask({ type: 48, target: TARGET });
    expect(label(location!.payload.subarray(16, 48))).toBe('Flat');
  });

  it('changes power, colour and label, and later reads return the change', async () => {
    const { ask } = await bulb();
    const on = Buffer.alloc(2);
    on.writeUInt16LE(65535);
    expect(await ask({ type: 21, target: TARGET, payload: on })).toEqual([]);
    const [power] = await ask({ type: 20, target: TARGET });
    expect(power?.payload.readUInt16LE(0)).toBe(65535);
    const color = Buffer.alloc(13);
    color.writeUInt16LE(21845, 1);
    color.writeUInt16LE(65535, 3);
    color.writeUInt16LE(32768, 5);
    color.writeUInt16LE(3500, 7);
    const [state] = await ask({ type: 102, target: TARGET, payload: color, resRequired: true });
    expect(state?.type).toBe(107);
    expect(state?.payload.readUInt16LE(0)).toBe(21845);
    expect(state?.payload.readUInt16LE(10)).toBe(65535);
    const newLabel = Buffer.alloc(32);
    newLabel.write('Desk', 'utf8');
    await ask({ type: 24, target: TARGET, payload: newLabel });
    const [read] = await ask({ type: 23, target: TARGET });
    expect(label(read!.payload)).toBe('Desk');
  });

  it('acknowledges when asked, and ignores packets for another bulb', async () => {
    const { ask } = await bulb();
    const answers = await ask({ type: 20, target: TARGET, ackRequired: true });
    expect(answers.map((answer) => answer.type)).toEqual([45, 22]);
    expect(await ask({ type: 20, target: 'd073d5000001' })).toEqual([]);
  });

  it('ignores a wrong size field, a truncated packet and garbage, and keeps answering', async () => {
    const { ask, address, port } = await bulb();
    expect(await ask({ type: 32, target: TARGET, sizeField: 200 })).toEqual([]);
    expect(await ask({ type: 32, target: TARGET, sizeField: 20 })).toEqual([]);
    const truncated = buildLifxPacket({ type: 24, target: TARGET, payload: Buffer.alloc(32) }).subarray(0, 50);
    expect(await lifxExchange(address, port, truncated)).toEqual([]);
    const shortLabel = buildLifxPacket({ type: 24, target: TARGET, payload: Buffer.alloc(5) });
    expect(await lifxExchange(address, port, shortLabel)).toEqual([]);
    expect(await lifxExchange(address, port, Buffer.from('not a lifx packet'))).toEqual([]);
    const [version] = await ask({ type: 32, target: TARGET });
    expect(version?.type).toBe(33);
  });

  it('answers an unknown message with StateUnhandled', async () => {
    const { ask } = await bulb();
    const [answer] = await ask({ type: 999, target: TARGET });
    expect(answer?.type).toBe(223);
    expect(answer?.payload.readUInt16LE(0)).toBe(999);
  });
});

/**
 * Conformance over every Nanoleaf capture in ../shared/fixtures/nanoleaf (openHAB's recorded device-info answers):
 * the lab serves each as that controller would, and with the owner's token the adapter reads back exactly the
 * capture's model, firmware, hardware version and serial. The token-less read-back is in the contract suite
 * (test/contract/families-captures.test.ts). The layout capture is checked against the Canvas device state's shape.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { nanoleafAdapter } from '../../src/families/nanoleaf/adapter.ts';
import { nanoleafCaptures } from '../../src/families/nanoleaf/simulator/captures.ts';
import { contractContext } from '../support/family-contract.ts';
import { type RunningLabDevice, startLabDevice } from '../support/lab-device.ts';
import { readSharedJson, sharedCaptures } from '../support/shared-fixtures.ts';

const TOKEN = 'conformanceToken0000000000000001';
const running: RunningLabDevice[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((device) => device.stop()));
});

describe('Nanoleaf captures, read back with the owner token', () => {
  const captures = nanoleafCaptures(sharedCaptures);

  it.each(captures.map((capture) => [capture.file, capture] as const))('%s', async (_file, capture) => {
    const device = await startLabDevice('nanoleaf', { fixture: capture.fixture, settings: { tokens: [TOKEN] } });
    running.push(device);
    const target = await device.discover();
    const context = contractContext({ credential: { apiKey: TOKEN } });
    const identity = await nanoleafAdapter.identify(target, context);
    const facts = await nanoleafAdapter.inspect(target, identity!, context);
    const recorded = capture.fixture as Record<string, string>;
    expect({
      model: facts.model,
      firmware: facts.firmware.installed,
      hwVersion: facts.hwVersion,
      serial: (facts.config as { serialNo?: string }).serialNo,
    }).toEqual({
      model: recorded.model,
      firmware: recorded.firmwareVersion,
      hwVersion: recorded.hardwareVersion,
      serial: recorded.serialNo,
    });
    expect(facts.mac).toBe(device.device.mac);
  });

  it('the recorded Canvas layout has the shape the device state serves under panelLayout.layout', () => {
    const layout = readSharedJson('nanoleaf/layout/openhab_right-layout_canvas.json') as Record<string, unknown>;
    const squares = readSharedJson('nanoleaf/device_info/openhab_squares_NL29_6.5.1.json') as {
      panelLayout: { layout: Record<string, unknown> };
    };
    expect(Object.keys(layout).sort()).toEqual(Object.keys(squares.panelLayout.layout).sort());
  });
});

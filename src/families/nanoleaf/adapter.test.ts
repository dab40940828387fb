import { afterEach, describe, expect, it } from 'vitest';
import { contractContext } from '../../../test/support/family-contract.ts';
import { type RunningLabDevice, startLabDevice } from '../../../test/support/lab-device.ts';
import { readSharedJson } from '../../../test/support/shared-fixtures.ts';
import type { ProbeContext } from '../device-adapter.ts';
import { nanoleafAdapter } from './adapter.ts';

const TOKEN = 'ownerToken000000000000000000000A';
const running: RunningLabDevice[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((device) => device.stop()));
});

async function scan(options: Parameters<typeof startLabDevice>[1], context: ProbeContext = contractContext()) {
  const device = await startLabDevice('nanoleaf', { name: 'Living Room Canvas', ...options });
  running.push(device);
  const target = await device.discover();
  const identity = await nanoleafAdapter.identify(target, context);
  expect(identity?.family).toBe('nanoleaf');
  return { device, target, facts: await nanoleafAdapter.inspect(target, identity!, context) };
}

describe('nanoleafAdapter', () => {
  it('without a token: model and firmware from mDNS, the API refusing with 401, and says what a token would add', async () => {
    const { facts } = await scan({ settings: { model: 'NL42', firmware: '9.2.3' } });
    expect(facts).toMatchObject({
      family: 'nanoleaf',
      vendor: 'Nanoleaf',
      model: 'NL42',
      productName: 'Nanoleaf Shapes',
      protocols: ['nanoleaf-http'],
    });
    expect(facts.firmware.installed).toBe('9.2.3');
    expect(facts.auth).toEqual({
      state: 'required',
      evidence: { sent: expect.stringMatching(/^GET http:\/\/[\d.]+:16021\/api\/v1\/$/), received: '401 ' },
    });
    expect(facts.hwVersion).toBeUndefined();
    expect(facts.limitations.join(' ')).toContain('needs a Nanoleaf auth token');
    expect(facts.pairing).toBeUndefined();
  });

  it('with the owner token from config reads name, serial, model, firmware and hardware, never showing the token', async () => {
    const capture = readSharedJson('nanoleaf/device_info/openhab_lines_NL59_7.1.0.json');
    const context = contractContext({ credential: { apiKey: TOKEN } });
    const { facts } = await scan({ fixture: capture, settings: { tokens: [TOKEN] } }, context);
    expect(facts).toMatchObject({
      model: 'NL59',
      productName: 'Nanoleaf Lines',
      hwVersion: '0.0.4-0',
      name: 'Living Room Canvas',
      config: { serialNo: 'S1234567', manufacturer: 'Nanoleaf' },
    });
    expect(facts.firmware.installed).toBe('7.1.0');
    expect(JSON.stringify(facts)).not.toContain(TOKEN);
  });

  it('says so when the configured token is refused', async () => {
    const { facts } = await scan({}, contractContext({ credential: { apiKey: 'wrong' } }));
    expect(facts.limitations).toContain('the configured Nanoleaf token was refused (HTTP 401)');
  });

  it('with credential checks on, finds an open pairing window and deletes the token it was handed', async () => {
    const context = { ...contractContext(), credentialChecks: true };
    const { facts } = await scan({ settings: { pairingOpen: true } }, context);
    expect(facts.pairing?.open).toBe(true);
    expect(facts.pairing?.evidence.sent).toMatch(/^POST http:\/\/[\d.]+:16021\/api\/v1\/new$/);
    expect(facts.pairing?.evidence.received).toBe('200 {"auth_token":"<redacted>"}');
    // The controller answers DELETE with 204 only for a token it holds: no limitation means it was deleted.
    expect(facts.limitations.join(' ')).not.toContain('could not be deleted');
  });

  it('records a closed pairing window (403) as closed', async () => {
    const context = { ...contractContext(), credentialChecks: true };
    const { facts } = await scan({}, context);
    expect(facts.pairing).toEqual({ open: false, evidence: expect.objectContaining({ received: '403 ' }) });
  });

  it('claims nothing without a Nanoleaf mDNS or SSDP answer', async () => {
    const device = await startLabDevice('nanoleaf');
    running.push(device);
    const target = await device.discover();
    const bare = { ...target, mdns: [], udp: { answers: {} } };
    expect(await nanoleafAdapter.identify(bare, contractContext())).toBeUndefined();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { contractContext } from '../../../test/support/family-contract.ts';
import { type RunningLabDevice, startLabDevice } from '../../../test/support/lab-device.ts';
import { tuyaAdapter } from './adapter.ts';

const KEY = 'a1b2c3d4e5f6a7b8';
const GWID = 'bf5d1e2f3a4b5c6d7e8f90';
const running: RunningLabDevice[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((device) => device.stop()));
});

async function scan(version: string, apiKey?: string) {
  const device = await startLabDevice('tuya', {
    settings: { version, gwId: GWID, localKey: KEY, productKey: 'keym557nqw3p8xrp', dps: { '1': true, '20': 2304 } },
  });
  running.push(device);
  const target = await device.discover();
  const context = contractContext(apiKey === undefined ? {} : { credential: { apiKey } });
  const identity = await tuyaAdapter.identify(target, context);
  expect(identity?.family).toBe('tuya');
  return { target, facts: await tuyaAdapter.inspect(target, identity!, context) };
}

describe('tuyaAdapter', () => {
  it.each([
    ['3.1', 'tuya-3.1', 'plaintext'],
    ['3.3', 'tuya-3.3', 'AES-ECB (discovery key)'],
    ['3.4', 'tuya-3.4', 'AES-ECB (discovery key)'],
    ['3.5', 'tuya-3.5', 'AES-GCM (discovery key)'],
  ])('identifies a %s device from its beacon: gwId, product key, protocol', async (version, tag, encoding) => {
    const { facts } = await scan(version);
    expect(facts).toMatchObject({
      family: 'tuya',
      vendor: 'Tuya',
      deviceId: GWID,
      model: 'keym557nqw3p8xrp',
      protocols: [tag],
      config: { gwId: GWID, productKey: 'keym557nqw3p8xrp', version },
    });
    expect(facts.firmware.installed).toBeUndefined();
    const found = await tuyaAdapter.identify((await scan(version)).target, contractContext());
    expect(found?.evidence.received).toContain(`${encoding} beacon`);
  });

  it('reads a 3.1 device status without any key, and says so in auth', async () => {
    const { facts } = await scan('3.1');
    expect(facts.config).toMatchObject({ dps: { '1': true, '20': 2304 } });
    expect(facts.auth.state).toBe('none');
    expect(facts.auth.evidence?.sent).toBe('TCP 6668 DP_QUERY (0x0a), plaintext');
  });

  it.each(['3.3', '3.4'])(
    'needs the local key for %s, reads the status with it, and never shows it',
    async (version) => {
      const without = await scan(version);
      expect(without.facts.auth.state).toBe('unknown');
      expect(without.facts.limitations.join(' ')).toContain(
        `needs the device's local key (credentials: family tuya, deviceId ${GWID}`,
      );
      const { facts } = await scan(version, KEY);
      expect(facts.config).toMatchObject({ dps: { '1': true, '20': 2304 } });
      expect(facts.auth.state).toBe('required');
      expect(JSON.stringify(facts)).not.toContain(KEY);
    },
  );

  it.each(['3.3', '3.4'])('reports a wrong local key for %s as a limitation, not an error', async (version) => {
    const { facts } = await scan(version, 'ffffffffffffffff');
    expect(facts.limitations.join(' ')).toMatch(/local key was refused|could not read the status/);
    expect(facts.config).not.toHaveProperty('dps');
  });

  it('identifies a 3.5 device only, and says so', async () => {
    const { facts } = await scan('3.5', KEY);
    expect(facts.limitations.join(' ')).toContain('protocol 3.5 (AES-GCM frames) is identified only');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { contractContext } from '../../../test/support/family-contract.ts';
import { type RunningLabDevice, startLabDevice } from '../../../test/support/lab-device.ts';
import { minimalExchange, minimalQuery, txtMap } from '../../../test/support/minimal-dnssd.ts';
import { readSharedText } from '../../../test/support/shared-fixtures.ts';
import { castAdapter } from './adapter.ts';

const running: RunningLabDevice[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((device) => device.stop()));
});

async function receiver(options: Parameters<typeof startLabDevice>[1], kind = 'cast') {
  const device = await startLabDevice(kind, options);
  running.push(device);
  const target = await device.discover();
  const identity = await castAdapter.identify(target, contractContext());
  const facts = identity ? await castAdapter.inspect(target, identity, contractContext()) : undefined;
  return { device, target, facts };
}

describe('castAdapter', () => {
  it('reads model and name from mDNS, firmware, MAC and UUID from eureka_info', async () => {
    const { device, facts } = await receiver({ name: 'living-room-tv', settings: { firmware: '1.56.275994' } });
    expect(facts).toMatchObject({
      family: 'cast',
      vendor: 'Google',
      model: 'Chromecast',
      name: 'living-room-tv',
      mac: device.device.mac,
      protocols: ['cast'],
      firmware: { installed: '1.56.275994', latest: '1.56.275994', latestSource: 'device' },
    });
    expect(facts?.deviceId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(facts?.config).toMatchObject({ releaseTrack: 'stable-channel', eurekaVersion: 12 });
    // The owner's SSID and location stay out of the evidence.
    expect(JSON.stringify(facts?.firmware.updateEvidence)).not.toContain('iotwarden-lab');
  });

  it('serves the pasted 1.56 reply (not valid JSON as pasted) and reads its firmware back', async () => {
    const fixture = readSharedText('cast/eureka_info/issue-ha-core-69747_chromecast_1.56_eureka_info.json.txt');
    const { facts, device } = await receiver({ fixture });
    expect(facts?.firmware.installed).toBe('1.56.275994');
    expect(facts?.mac).toBe(device.device.mac);
  });

  it('on firmware that wants a token, identifies from mDNS and says why firmware is unknown', async () => {
    const { facts } = await receiver({ settings: { eurekaInfo: 'token', model: 'Google Nest Mini' } });
    expect(facts).toMatchObject({ family: 'cast', model: 'Google Nest Mini' });
    expect(facts?.firmware.installed).toBeUndefined();
    expect(facts?.limitations.join(' ')).toMatch(/cast-local-authorization-token/);
  });

  it('keeps the old cloud-device tv kind working as a Cast device', async () => {
    const { facts } = await receiver({ settings: { profile: 'tv' } }, 'cloud-device');
    expect(facts).toMatchObject({ family: 'cast', model: 'Chromecast', firmware: { installed: '1.56.500000' } });
  });

  it('answers an independent DNS-SD client (RFC 1035/6763) with the _googlecast._tcp TXT keys', async () => {
    const { device } = await receiver({ name: 'Den TV', settings: { model: 'Chromecast Ultra' } });
    const port = device.connectPort(device.address, 5353, 'udp');
    const records = await minimalExchange(device.address, port, minimalQuery('_googlecast._tcp.local', 'PTR'));
    expect(records.find((r) => r.type === 'SRV')?.srv?.port).toBe(8009);
    const txt = txtMap(records.find((r) => r.type === 'TXT')?.txt ?? []);
    expect(txt).toMatchObject({ md: 'Chromecast Ultra', fn: 'Den TV', ve: '05' });
    expect(txt.id).toMatch(/^[0-9a-f]{32}$/);
  });
});

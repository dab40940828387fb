import { afterEach, describe, expect, it } from 'vitest';
import { contractContext } from '../../../test/support/family-contract.ts';
import { type RunningLabDevice, startLabDevice } from '../../../test/support/lab-device.ts';
import { minimalMSearch } from '../../../test/support/minimal-ssdp.ts';
import { readSharedText } from '../../../test/support/shared-fixtures.ts';
import { requestHttp } from '../../net/http-client.ts';
import { sonosAdapter } from './adapter.ts';

const running: RunningLabDevice[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((device) => device.stop()));
});

async function player(options: Parameters<typeof startLabDevice>[1]) {
  const device = await startLabDevice('sonos', options);
  running.push(device);
  const target = await device.discover();
  const identity = await sonosAdapter.identify(target, contractContext());
  const facts = identity ? await sonosAdapter.inspect(target, identity, contractContext()) : undefined;
  return { device, target, facts };
}

describe('sonosAdapter', () => {
  it('reads model, software, hardware, MAC, room and household, and the update the player knows of', async () => {
    const { device, facts } = await player({
      name: 'Living Room',
      settings: { update: { version: '29.3-87071' }, household: 'Sonos_testhousehold' },
    });
    expect(facts).toMatchObject({
      family: 'sonos',
      vendor: 'Sonos',
      model: 'S3',
      productName: 'Sonos PLAY:3',
      hwVersion: '1.8.1.2-2',
      mac: device.device.mac,
      name: 'Living Room',
      protocols: ['sonos-upnp', 'http'],
      firmware: { installed: '28.1-83040', latest: '29.3-87071', latestSource: 'device' },
      auth: { state: 'none' },
    });
    expect(facts?.deviceId).toBe(`RINCON_${device.device.mac.replace(/:/g, '')}01400`);
    expect(facts?.config).toMatchObject({
      household: 'Sonos_testhousehold',
      server: expect.stringMatching(/Sonos\/28\.1-83040 \(ZPS3\)/),
    });
    expect(facts?.firmware.updateEvidence?.sent).toContain('CheckForUpdate');
    expect(facts?.auth.evidence?.received).toContain('29.3-87071');
  });

  it('says the player is current when CheckForUpdate answers an empty UpdateItem', async () => {
    const { facts } = await player({});
    expect(facts?.firmware).toMatchObject({ installed: '28.1-83040', latest: '28.1-83040' });
  });

  it('serves a captured description as the player it records, relabelled with the lab MAC and room', async () => {
    const fixture = readSharedText('sonos/device_description/node-sonos-ts_S9_Playbar_57.4.xml');
    const { device, facts } = await player({ fixture, name: 'TV room' });
    expect(facts).toMatchObject({ model: 'S9', productName: 'Sonos Playbar', name: 'TV room', mac: device.device.mac });
    expect(facts?.firmware.installed).toBe('57.4-83220');
    expect(facts?.config).toMatchObject({ swGen: '1' });
    // The capture's unreplaced template lines are served as recorded.
    const body = await requestHttp({
      host: device.address,
      port: device.connectPort(device.address, 1400, 'tcp'),
      path: '/xml/device_description.xml',
      timeoutMs: 2000,
      maxBytes: 65536,
    });
    expect(body.text()).toContain('#DEACTIVATION_');
  });

  it('answers an independent SSDP M-SEARCH (UPnP DA 1.0 §1.3) with the X-RINCON headers of the captures', async () => {
    const { device } = await player({});
    const port = device.connectPort(device.address, 1900, 'udp');
    const [answer] = await minimalMSearch(device.address, port, 'urn:schemas-upnp-org:device:ZonePlayer:1');
    expect(answer).toMatchObject({
      ST: 'urn:schemas-upnp-org:device:ZonePlayer:1',
      LOCATION: `http://${device.address}:1400/xml/device_description.xml`,
      SERVER: 'Linux UPnP/1.0 Sonos/28.1-83040 (ZPS3)',
      'X-RINCON-HOUSEHOLD': 'Sonos_lab0household0000000000',
    });
    expect(answer?.USN).toMatch(/^uuid:RINCON_[0-9A-F]{12}01400::urn:schemas-upnp-org:device:ZonePlayer:1$/);
  });

  it('does not claim a UPnP device on 1400 that is not a ZonePlayer', async () => {
    const { target } = await player({});
    const other = { ...target, openTcpPorts: new Set([80]) };
    expect(await sonosAdapter.identify(other, contractContext())).toBeUndefined();
  });
});

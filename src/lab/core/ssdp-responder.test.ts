import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { buildMSearch, parseSsdpAnswer } from '../../net/ssdp-wire.ts';
import { udpExchange } from '../../net/udp-exchange.ts';
import { silentLogger } from '../../util/logger.ts';
import { DeviceHost } from './device-host.ts';
import type { SsdpAnswer } from './simulator.ts';
import { startSsdpResponder } from './ssdp-responder.ts';

const hosts: DeviceHost[] = [];

function deviceHost(): DeviceHost {
  const host = new DeviceHost({ deviceName: 'ssdp-test', address: testAddress(), portMode: 'auto', log: silentLogger });
  hosts.push(host);
  return host;
}

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

const uuid = 'uuid:2f402f80-da50-11e1-9b23-001788abcdef';

function hueAnswers(address: string, server: string): SsdpAnswer[] {
  const location = `http://${address}:80/description.xml`;
  const extraHeaders = { 'hue-bridgeid': '001788FFFEABCDEF' };
  return [
    { st: 'upnp:rootdevice', usn: `${uuid}::upnp:rootdevice`, location, server, extraHeaders },
    { st: 'urn:schemas-upnp-org:device:basic:1', usn: uuid, location, server, extraHeaders },
  ];
}

async function search(address: string, st: string, options: { mx?: number; raw?: string } = {}) {
  const payload = options.raw ? Buffer.from(options.raw) : buildMSearch(address, 1900, st, options.mx ?? 1);
  const answers = await udpExchange({ host: address, port: 1900, payload, timeoutMs: 300, maxBytes: 4096 });
  return answers.map((a) => parseSsdpAnswer(a.data));
}

describe('startSsdpResponder with the SSDP client', () => {
  it('answers ssdp:all with every answer, each naming its own ST, with lower-case header names', async () => {
    const host = deviceHost();
    await startSsdpResponder(host, hueAnswers(host.address, 'Hue/1.0 UPnP/1.0 IpBridge/1.65.0'));
    const answers = await search(host.address, 'ssdp:all');
    expect(answers.map((a) => a?.st).sort()).toEqual(['upnp:rootdevice', 'urn:schemas-upnp-org:device:basic:1']);
    expect(answers[0]).toMatchObject({
      location: `http://${host.address}:80/description.xml`,
      server: 'Hue/1.0 UPnP/1.0 IpBridge/1.65.0',
      'hue-bridgeid': '001788FFFEABCDEF',
      'cache-control': 'max-age=1800',
      ext: '',
    });
  });

  it('answers a specific search target, a root device search and a uuid search once each', async () => {
    const host = deviceHost();
    await startSsdpResponder(host, hueAnswers(host.address, 'Hue/1.0'));
    expect((await search(host.address, 'upnp:rootdevice')).map((a) => a?.usn)).toEqual([`${uuid}::upnp:rootdevice`]);
    expect((await search(host.address, 'urn:schemas-upnp-org:device:basic:1')).map((a) => a?.usn)).toEqual([uuid]);
    expect((await search(host.address, uuid)).map((a) => a?.st)).toEqual([uuid]);
  });

  it('ignores searches it does not match and messages that are not searches', async () => {
    const host = deviceHost();
    await startSsdpResponder(host, hueAnswers(host.address, 'Hue/1.0'));
    expect(await search(host.address, 'urn:schemas-upnp-org:device:InternetGatewayDevice:1')).toEqual([]);
    const noMan = `M-SEARCH * HTTP/1.1\r\nHOST: ${host.address}:1900\r\nMX: 1\r\nST: ssdp:all\r\n\r\n`;
    expect(await search(host.address, '', { raw: noMan })).toEqual([]);
    expect(await search(host.address, '', { raw: 'garbage' })).toEqual([]);
  });

  it('answers within MX and from the answers as they are now', async () => {
    const host = deviceHost();
    let server = 'Hue/1.0 IpBridge/1.65.0';
    await startSsdpResponder(host, () => hueAnswers(host.address, server), { maxDelayMs: 5000 });
    server = 'Hue/1.0 IpBridge/1.66.0';
    // MX 0 leaves no room for a delay: the answer comes at once even with a 5 s maximum.
    const started = Date.now();
    const answers = await search(host.address, 'upnp:rootdevice', { mx: 0 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(answers[0]?.server).toBe('Hue/1.0 IpBridge/1.66.0');
  });
});

import dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { contextFor, targetFor } from '../../../../test/support/service-probe.ts';
import { requestHttp } from '../../../net/http-client.ts';
import { tcpExchange } from '../../../net/tcp-exchange.ts';
import { udpExchange } from '../../../net/udp-exchange.ts';
import { enumeratePortMappings, fetchIgd, soapCall } from '../../../services/upnp-igd/igd-client.ts';
import { type StartedSimulator, startSimulator } from '../../core/start-simulator.ts';
import { routerKind } from './router-kind.ts';

const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

const CAMERA_MAPPING = {
  externalPort: 8554,
  internalClient: '127.77.1.60',
  internalPort: 554,
  protocol: 'TCP',
  description: 'IPCAM RTSP',
};

async function router(settings: unknown = {}): Promise<{ sim: StartedSimulator; address: string }> {
  const address = testAddress();
  const sim = await startSimulator(routerKind, { address, settings });
  started.push(sim);
  return { sim, address };
}

describe('simulated router: UPnP IGD', () => {
  it('announces the IGD over SSDP with a miniupnpd LOCATION on port 5000', async () => {
    const { sim, address } = await router();
    const answers = sim.simulator.ssdpAnswers();
    const sts = answers.map((a) => a.st);
    expect(sts).toContain('upnp:rootdevice');
    expect(sts).toContain('urn:schemas-upnp-org:device:InternetGatewayDevice:1');
    expect(sts).toContain('urn:schemas-upnp-org:service:WANIPConnection:1');
    for (const a of answers) {
      expect(a.location).toBe(`http://${address}:5000/rootDesc.xml`);
      expect(a.server).toMatch(/MiniUPnPd\/2\.3\.3$/);
      expect(a.usn.startsWith('uuid:')).toBe(true);
    }
  });

  it('lists mappings by index and ends with UPnPError 713', async () => {
    const { sim, address } = await router({
      portMappings: [
        CAMERA_MAPPING,
        { ...CAMERA_MAPPING, externalPort: 8080, internalPort: 80, description: 'cam web', enabled: false },
      ],
    });
    const target = targetFor(sim, address);
    const igd = await fetchIgd(target, 5000, '/rootDesc.xml', contextFor());
    expect(igd?.description.deviceType).toBe('urn:schemas-upnp-org:device:InternetGatewayDevice:1');
    expect(igd?.description.wanService?.controlUrl).toBe('/ctl/IPConn');
    if (!igd) throw new Error('no IGD');
    const { mappings, stoppedBy } = await enumeratePortMappings(target, igd, contextFor());
    expect(mappings).toEqual([
      {
        externalPort: 8554,
        internalClient: '127.77.1.60',
        internalPort: 554,
        protocol: 'TCP',
        description: 'IPCAM RTSP',
        enabled: true,
      },
      {
        externalPort: 8080,
        internalClient: '127.77.1.60',
        internalPort: 80,
        protocol: 'TCP',
        description: 'cam web',
        enabled: false,
      },
    ]);
    expect(stoppedBy).toBe('713 SpecifiedArrayIndexInvalid');
    expect(await soapCall(target, igd, 'GetExternalIPAddress', {}, contextFor())).toEqual({
      values: { NewExternalIPAddress: '203.0.113.7' },
    });
  });

  it('keeps state: AddPortMapping and DeletePortMapping change the listing', async () => {
    const { sim, address } = await router();
    const target = targetFor(sim, address);
    const igd = await fetchIgd(target, 5000, '/rootDesc.xml', contextFor());
    if (!igd) throw new Error('no IGD');
    expect((await enumeratePortMappings(target, igd, contextFor())).mappings).toEqual([]);
    const add = await soapCall(
      target,
      igd,
      'AddPortMapping',
      {
        NewRemoteHost: '',
        NewExternalPort: '32400',
        NewProtocol: 'TCP',
        NewInternalPort: '32400',
        NewInternalClient: '127.77.1.61',
        NewEnabled: '1',
        NewPortMappingDescription: 'Plex <media> & more',
        NewLeaseDuration: '0',
      },
      contextFor(),
    );
    expect(add).toEqual({ values: {} });
    const specific = await soapCall(
      target,
      igd,
      'GetSpecificPortMappingEntry',
      { NewRemoteHost: '', NewExternalPort: '32400', NewProtocol: 'TCP' },
      contextFor(),
    );
    expect(specific).toMatchObject({ values: { NewInternalClient: '127.77.1.61', NewInternalPort: '32400' } });
    const listed = await enumeratePortMappings(target, igd, contextFor());
    expect(listed.mappings.map((m) => [m.externalPort, m.description])).toEqual([[32400, 'Plex <media> & more']]);
    expect(
      await soapCall(
        target,
        igd,
        'DeletePortMapping',
        { NewRemoteHost: '', NewExternalPort: '32400', NewProtocol: 'TCP' },
        contextFor(),
      ),
    ).toEqual({ values: {} });
    expect(
      await soapCall(
        target,
        igd,
        'DeletePortMapping',
        { NewRemoteHost: '', NewExternalPort: '32400', NewProtocol: 'TCP' },
        contextFor(),
      ),
    ).toEqual({ errorCode: 714, errorDescription: 'NoSuchEntryInArray' });
  });

  it('answers a raw SOAP fault with HTTP 500 and a UPnPError body', async () => {
    const { sim, address } = await router();
    const response = await requestHttp({
      host: address,
      port: sim.portOf(5000),
      path: '/ctl/IPConn',
      method: 'POST',
      headers: {
        soapaction: '"urn:schemas-upnp-org:service:WANIPConnection:1#GetGenericPortMappingEntry"',
        'content-type': 'text/xml',
      },
      body: '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><u:GetGenericPortMappingEntry xmlns:u="urn:schemas-upnp-org:service:WANIPConnection:1"><NewPortMappingIndex>0</NewPortMappingIndex></u:GetGenericPortMappingEntry></s:Body></s:Envelope>',
      timeoutMs: 2000,
      maxBytes: 8192,
    });
    expect(response.status).toBe(500);
    expect(response.text()).toContain('<errorCode>713</errorCode>');
  });
});

describe('simulated router: admin UI and DNS', () => {
  it('refreshes to LuCI, which wants a login; a good login gives the status page', async () => {
    const { sim, address } = await router({ firmware: '22.03.5' });
    const port = sim.portOf(80);
    const index = await requestHttp({ host: address, port, path: '/', timeoutMs: 2000, maxBytes: 8192 });
    expect(index.text()).toContain('URL=cgi-bin/luci/');
    const login = await requestHttp({ host: address, port, path: '/cgi-bin/luci/', timeoutMs: 2000, maxBytes: 8192 });
    expect(login.status).toBe(403);
    expect(login.text()).toContain('type="password"');
    const bad = await requestHttp({
      host: address,
      port,
      path: '/cgi-bin/luci/',
      method: 'POST',
      body: 'luci_username=root&luci_password=admin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      timeoutMs: 2000,
      maxBytes: 8192,
    });
    expect(bad.status).toBe(403);
    const good = await requestHttp({
      host: address,
      port,
      path: '/cgi-bin/luci/',
      method: 'POST',
      body: 'luci_username=root&luci_password=r0uter-admin',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      timeoutMs: 2000,
      maxBytes: 8192,
    });
    expect(good.status).toBe(302);
    const cookie = String(good.headers['set-cookie']?.[0]).split(';')[0] ?? '';
    const status = await requestHttp({
      host: address,
      port,
      path: '/cgi-bin/luci/',
      headers: { cookie },
      timeoutMs: 2000,
      maxBytes: 8192,
    });
    expect(status.status).toBe(200);
    expect(status.text()).toContain('OpenWrt 22.03.5');
  });

  it('resolves its own name on UDP and TCP 53 and refuses names it would have to forward', async () => {
    const { sim, address } = await router();
    const query = (name: string): Buffer =>
      dnsPacket.encode({ type: 'query', id: 42, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: 'A', name }] });
    const [udp] = await udpExchange({
      host: address,
      port: sim.portOf(53, 'udp'),
      payload: query('openwrt.lan'),
      timeoutMs: 1000,
      maxBytes: 512,
      maxAnswers: 1,
    });
    const own = dnsPacket.decode(udp?.data ?? Buffer.alloc(0));
    expect(own.id).toBe(42);
    expect(own.answers?.[0]).toMatchObject({ type: 'A', data: address });
    const q = query('example.com');
    const framed = Buffer.concat([Buffer.from([0, q.length]), q]);
    const tcp = await tcpExchange({
      host: address,
      port: sim.portOf(53),
      send: framed,
      complete: (b) => b.length >= 2 && b.length >= 2 + b.readUInt16BE(0),
      timeoutMs: 1000,
      maxBytes: 512,
    });
    expect((dnsPacket.decode(tcp.subarray(2)).flags ?? 0) & 0x0f).toBe(5); // RCODE 5 = REFUSED (RFC 1035 §4.1.1)
  });
});

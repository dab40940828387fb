import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../test/support/addresses.ts';
import { DeviceHost } from '../lab/core/device-host.ts';
import { startSsdpResponder } from '../lab/core/ssdp-responder.ts';
import { silentLogger } from '../util/logger.ts';
import { probeUdp } from './udp-probes.ts';
import { udpSweep } from './udp-sweep.ts';

const hosts: DeviceHost[] = [];

async function echoHost(port: number, answers = 1): Promise<DeviceHost> {
  const host = new DeviceHost({ deviceName: 'echo', address: testAddress(), portMode: 'auto', log: silentLogger });
  hosts.push(host);
  await host.listenUdp(port, (message, _from, reply) => {
    for (let i = 0; i < answers; i++) reply(Buffer.concat([Buffer.from(`${host.address}:${i}:`), message]));
  });
  return host;
}

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

describe('udpSweep', () => {
  it('collects answers per host from one socket, with per-host payloads and mapped ports', async () => {
    const a = await echoHost(41_001);
    const b = await echoHost(41_001, 3);
    const silent = testAddress();
    const answers = await udpSweep({
      hosts: [a.address, silent, b.address],
      port: () => 41_001,
      payload: (address) => Buffer.from(`hello ${address}`),
      timeoutMs: 200,
      maxBytes: 1024,
      maxAnswersPerHost: 2,
    });
    expect([...answers.keys()].sort()).toEqual([a.address, b.address].sort());
    expect(answers.get(a.address)?.map(String)).toEqual([`${a.address}:0:hello ${a.address}`]);
    // Three answers came back; two are kept.
    expect(answers.get(b.address)).toHaveLength(2);
  });

  it('drops answers over the size limit', async () => {
    const a = await echoHost(41_002);
    const answers = await udpSweep({
      hosts: [a.address],
      port: () => 41_002,
      payload: Buffer.alloc(600),
      timeoutMs: 200,
      maxBytes: 512,
    });
    expect(answers.size).toBe(0);
  });

  it('stops listening when cancelled and keeps the answers already in', async () => {
    const a = await echoHost(41_003);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    const answers = await udpSweep({
      hosts: [a.address],
      port: () => 41_003,
      payload: Buffer.from('x'),
      timeoutMs: 10_000,
      maxBytes: 1024,
      signal: controller.signal,
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(answers.get(a.address)).toHaveLength(1);
  });
});

describe('probeUdp', () => {
  it('runs only the probes asked for and reports hosts that answered', async () => {
    const tv = new DeviceHost({ deviceName: 'tv', address: testAddress(), portMode: 'auto', log: silentLogger });
    hosts.push(tv);
    await startSsdpResponder(tv, [
      {
        st: 'upnp:rootdevice',
        usn: 'uuid:tv::upnp:rootdevice',
        location: `http://${tv.address}:8008/dd.xml`,
        server: 'TV',
      },
    ]);
    const empty = testAddress();
    const findings = await probeUdp({
      hosts: () => [tv.address, empty],
      genericProbes: ['ssdp'],
      timeoutMs: 300,
      maxBytes: 4096,
    });
    expect([...findings.keys()]).toEqual([tv.address]);
    expect(findings.get(tv.address)).toEqual({
      ssdp: [expect.objectContaining({ st: 'upnp:rootdevice', usn: 'uuid:tv::upnp:rootdevice', server: 'TV' })],
    });
  });

  it('a vendor decoder that throws on one answer loses that answer only, not the sweep', async () => {
    const hostile = await echoHost(41_004);
    const honest = await echoHost(41_004);
    const findings = await probeUdp({
      hosts: () => [hostile.address, honest.address],
      genericProbes: [],
      vendorProbes: [
        {
          name: 'echo',
          port: 41_004,
          prepare: async () => ({
            payload: Buffer.from('ping'),
            decode: (datagram: Buffer) => {
              if (datagram.toString().startsWith(hostile.address)) throw new RangeError('nested too deep');
              return datagram.toString();
            },
          }),
        },
      ],
      timeoutMs: 200,
      maxBytes: 1024,
    });
    expect([...findings.keys()]).toEqual([honest.address]);
    expect(findings.get(honest.address)?.answers).toEqual({ echo: `${honest.address}:0:ping` });
  });
});

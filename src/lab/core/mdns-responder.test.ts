import * as dnsPacket from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import {
  mdnsQuery,
  mdnsRecords,
  resolveMdnsServices,
  serviceEnumerationQuery,
  serviceTypes,
} from '../../net/mdns-client.ts';
import { udpExchange } from '../../net/udp-exchange.ts';
import { silentLogger } from '../../util/logger.ts';
import { DeviceHost } from './device-host.ts';
import { startMdnsResponder } from './mdns-responder.ts';
import type { MdnsService } from './simulator.ts';

const hosts: DeviceHost[] = [];

function deviceHost(): DeviceHost {
  const host = new DeviceHost({ deviceName: 'mdns-test', address: testAddress(), portMode: 'auto', log: silentLogger });
  hosts.push(host);
  return host;
}

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

const shelly = 'shellyplus1pm-a8032ab12345';

function services(version: string): MdnsService[] {
  return [
    { type: '_http._tcp', instance: shelly, host: shelly, port: 80, txt: { gen: '2', app: 'Plus1PM', ver: version } },
    { type: '_shelly._tcp', instance: shelly, host: shelly, port: 80, txt: { gen: '2', id: shelly } },
  ];
}

async function ask(address: string, payload: Buffer, timeoutMs = 1000): Promise<Buffer[]> {
  const answers = await udpExchange({ host: address, port: 5353, payload, timeoutMs, maxBytes: 9000, maxAnswers: 1 });
  return answers.map((a) => a.data);
}

describe('startMdnsResponder with the unicast mDNS client', () => {
  it('lists its service types and resolves each to SRV, TXT and host (RFC 6763 §9, §12.1)', async () => {
    const host = deviceHost();
    await startMdnsResponder(host, services('1.0.8'));
    const [enumeration] = await ask(host.address, serviceEnumerationQuery());
    const types = serviceTypes(mdnsRecords(enumeration as Buffer) ?? []);
    expect(types).toEqual(['_http._tcp', '_shelly._tcp']);
    const found = await resolveMdnsServices({
      address: host.address,
      port: 5353,
      types,
      timeoutMs: 1000,
      maxBytes: 9000,
    });
    expect(found.hostname).toBe(shelly);
    expect(found.services).toEqual([
      { type: '_http._tcp', instance: shelly, port: 80, host: shelly, txt: { gen: '2', app: 'Plus1PM', ver: '1.0.8' } },
      { type: '_shelly._tcp', instance: shelly, port: 80, host: shelly, txt: { gen: '2', id: shelly } },
    ]);
  });

  it('answers from the services as they are now', async () => {
    const host = deviceHost();
    let version = '1.0.8';
    await startMdnsResponder(host, () => services(version));
    version = '1.4.4';
    const found = await resolveMdnsServices({
      address: host.address,
      port: 5353,
      types: ['_http._tcp'],
      timeoutMs: 1000,
      maxBytes: 9000,
    });
    expect(found.services[0]?.txt.ver).toBe('1.4.4');
  });

  it('answers a legacy unicast query with its id, its question and short TTLs (RFC 6762 §6.7), and A for the host', async () => {
    const host = deviceHost();
    await startMdnsResponder(host, services('1.0.8'));
    const [raw] = await ask(host.address, mdnsQuery([{ name: `${shelly}.local`, type: 'A' }], 4242));
    const packet = dnsPacket.decode(raw as Buffer);
    expect(packet.id).toBe(4242);
    expect(packet.flag_aa).toBe(true);
    expect(packet.questions?.[0]?.name).toBe(`${shelly}.local`);
    expect(packet.answers).toEqual([
      expect.objectContaining({ type: 'A', name: `${shelly}.local`, data: host.address, ttl: 10 }),
    ]);
  });

  it('stays silent for names it does not own and for garbage, and keeps answering afterwards', async () => {
    const host = deviceHost();
    await startMdnsResponder(host, services('1.0.8'));
    expect(await ask(host.address, mdnsQuery([{ name: '_hue._tcp.local', type: 'PTR' }]), 200)).toEqual([]);
    expect(await ask(host.address, Buffer.from('not dns'), 200)).toEqual([]);
    expect(await ask(host.address, serviceEnumerationQuery())).toHaveLength(1);
  });

  it('sets the QU bit on every question of a client query (RFC 6762 §5.4)', () => {
    const packet = mdnsQuery([
      { name: '_http._tcp.local', type: 'PTR' },
      { name: 'x.local', type: 'A' },
    ]);
    // Class fields sit right after each question's name and type: 0x8001 = QU + IN.
    expect(packet.readUInt16BE(12 + '_http._tcp.local'.length + 2 + 2)).toBe(0x8001);
    expect(packet.readUInt16BE(packet.length - 2)).toBe(0x8001);
  });
});

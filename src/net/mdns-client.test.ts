import type { Answer } from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { servicesFromRecords } from './mdns-client.ts';

/** A hostile answer: `count` instances of one type, each with its SRV and TXT, in one (bounded) datagram. */
function floodOfInstances(count: number): Answer[] {
  const records: Answer[] = [];
  for (let i = 0; i < count; i++) {
    const name = `i${i}._http._tcp.local`;
    records.push({ type: 'PTR', name: '_http._tcp.local', data: name });
    records.push({ type: 'SRV', name, data: { target: 'evil.local', port: 80 } });
    records.push({ type: 'TXT', name, data: [Buffer.from('a=b')] });
  }
  return records;
}

describe('servicesFromRecords', () => {
  it('assembles instances from PTR, SRV and TXT records', () => {
    const found = servicesFromRecords(floodOfInstances(2), ['_http._tcp']);
    expect(found).toEqual({
      hostname: 'evil',
      services: [
        { type: '_http._tcp', instance: 'i0', port: 80, txt: { a: 'b' }, host: 'evil' },
        { type: '_http._tcp', instance: 'i1', port: 80, txt: { a: 'b' }, host: 'evil' },
      ],
    });
  });

  it("does not take a Matter node's MAC-derived host name as the device's name", () => {
    const name = 'A1B2C3D4E5F6-0000000000000001._matter._tcp.local';
    const records: Answer[] = [
      { type: 'PTR', name: '_matter._tcp.local', data: name },
      { type: 'SRV', name, data: { target: '3485181E41B2.local', port: 5540 } },
    ];
    const found = servicesFromRecords(records, ['_matter._tcp']);
    expect(found.hostname).toBeUndefined();
    expect(found.services[0]?.host).toBe('3485181E41B2');
  });

  it('keeps a bounded number of instances per type, in bounded time, from a flood of records', () => {
    const started = performance.now();
    const found = servicesFromRecords(floodOfInstances(3000), ['_http._tcp']);
    expect(found.services).toHaveLength(32);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

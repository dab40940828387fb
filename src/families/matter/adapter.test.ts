import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { contractContext } from '../../../test/support/family-contract.ts';
import { type RunningLabDevice, startLabDevice } from '../../../test/support/lab-device.ts';
import { minimalExchange, minimalQuery, txtMap } from '../../../test/support/minimal-dnssd.ts';
import { runChecks } from '../../checks/catalogue.ts';
import type { HostFacts } from '../facts.ts';
import { matterAdapter } from './adapter.ts';
import { matterAnnouncement } from './transport.ts';

const running: RunningLabDevice[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((device) => device.stop()));
});

async function node(settings: unknown, mac?: string) {
  const device = await startLabDevice('matter', { settings, ...(mac ? { mac } : {}) });
  running.push(device);
  const target = await device.discover();
  return { device, target };
}

async function scanned(settings: unknown, mac?: string) {
  const { device, target } = await node(settings, mac);
  const identity = await matterAdapter.identify(target, contractContext());
  const facts = identity ? await matterAdapter.inspect(target, identity, contractContext()) : undefined;
  const host: HostFacts = { address: device.address, sources: ['mdns'], services: [], mdns: target.mdns };
  if (facts) host.device = facts;
  return { device, target, facts, host };
}

const EVE_PLUG = { vendorId: 4874, productId: 80, deviceType: 266, productName: 'Eve Energy Plug' };

describe('matterAdapter', () => {
  it('names maker, product and device type from the commissionable record, and the MAC from its host name', async () => {
    const { facts, device } = await scanned({ ...EVE_PLUG, commissioningMode: 1 }, '34:85:18:0A:0B:0C');
    expect(facts).toMatchObject({
      family: 'matter',
      vendor: 'Eve',
      model: 'Eve Energy Plug',
      productName: 'Eve On/Off Plug-in Unit',
      mac: device.device.mac,
      protocols: ['matter'],
    });
    expect(facts?.config).toMatchObject({
      commissionable: { vendorId: 4874, commissioningMode: 1, discriminator: 3840 },
    });
    expect(facts?.limitations.join(' ')).toMatch(/CASE session/);
    expect(facts?.firmware.installed).toBeUndefined();
  });

  it('calls a test-VID development board "Matter" and says why', async () => {
    const { facts } = await scanned({});
    expect(facts).toMatchObject({ vendor: 'Matter', model: 'product 0x8005' });
    expect(facts?.limitations).toContain(
      'vendor id 0xFFF1 is a Matter test vendor id: a development build, not a certified product',
    );
  });

  it('keeps a commissioned node by its operational record and ignores a malformed commissionable one', async () => {
    const { facts } = await scanned({ commissioned: true, txtOverrides: { VP: 'evil+vendor', CM: '9' } });
    expect(facts?.model).toBe('Matter node (commissioned)');
    expect(facts?.deviceId).toMatch(/^matter:[0-9A-F]{16}-[0-9A-F]{16}$/);
    expect(facts?.limitations.some((line) => line.startsWith('ignored a malformed record: _matterc._udp'))).toBe(true);
  });

  it('does not claim a host whose only Matter record is garbage', async () => {
    const { target } = await node({ txtOverrides: { D: '99999', DN: 'x'.repeat(40) } });
    expect(target.mdns.map((s) => s.type)).toContain('_matterc._udp');
    expect(await matterAdapter.identify(target, contractContext())).toBeUndefined();
  });

  it('answers an independent DNS-SD client (RFC 1035/6763, not iotwarden code) with SRV 5540 and the spec TXT keys', async () => {
    const { device } = await node({ ...EVE_PLUG, commissioningMode: 2 });
    const port = device.connectPort(device.address, 5353, 'udp');
    const records = await minimalExchange(device.address, port, minimalQuery('_matterc._udp.local', 'PTR'));
    const ptr = records.find((r) => r.type === 'PTR');
    expect(ptr?.ptr).toMatch(/^[0-9A-F]{16}\._matterc\._udp\.local$/);
    expect(records.find((r) => r.type === 'SRV')?.srv?.port).toBe(5540);
    const txt = txtMap(records.find((r) => r.type === 'TXT')?.txt ?? []);
    expect(txt).toMatchObject({ VP: '4874+80', DT: '266', CM: '2', D: '3840', DN: 'Eve Energy Plug' });
    expect(records.find((r) => r.type === 'A')?.a).toBe(device.address);
  });
});

describe('Matter TXT records are untrusted', () => {
  it('rejects garbage in any key without throwing', () => {
    const txt = fc.dictionary(
      fc.constantFrom('D', 'VP', 'CM', 'DT', 'DN', 'RI', 'PH', 'PI', 'SII', 'SAI', 'SAT', 'T', 'ICD', 'X'),
      fc.oneof(fc.string(), fc.stringMatching(/^\d{0,12}$/), fc.stringMatching(/^\d{1,6}\+\d{1,6}$/)),
    );
    fc.assert(
      fc.property(txt, fc.string(), (record, instance) => {
        const found = matterAnnouncement([
          { type: '_matterc._udp', instance, port: 5540, txt: record },
          { type: '_matter._tcp', instance, port: 5540, txt: record },
        ]);
        for (const parsed of found.commissionable) {
          expect(parsed.txt.D).toBeLessThanOrEqual(4095);
          expect([undefined, 0, 1, 2]).toContain(parsed.txt.CM);
        }
        expect(found.commissionable.length + found.rejected.length).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it('names the key that broke a record', () => {
    const found = matterAnnouncement([
      { type: '_matterc._udp', instance: 'A', port: 5540, txt: { D: '3840', VP: '70000+1' } },
      { type: '_matterc._udp', instance: 'B', port: 5540, txt: { D: '3840', CM: '1e1' } },
      { type: '_matter._tcp', instance: 'not-hex', port: 5540, txt: {} },
    ]);
    expect(found.commissionable).toEqual([]);
    expect(found.rejected).toEqual([
      expect.stringMatching(/^_matterc\._udp record A: VP/),
      expect.stringMatching(/^_matterc\._udp record B: CM/),
      expect.stringMatching(/^_matter\._tcp record not-hex: /),
    ]);
  });
});

describe('matter.commissioning-open', () => {
  const ids = (host: HostFacts) => runChecks(host).findings.map((f) => f.checkId);

  it('fires on an open basic or enhanced window, with the record as evidence, and not on a closed one', async () => {
    const basic = await scanned({ ...EVE_PLUG, commissioningMode: 1 });
    const finding = runChecks(basic.host).findings.find((f) => f.checkId === 'matter.commissioning-open');
    expect(finding?.severity).toBe('medium');
    expect(finding?.detail).toContain('CM=1');
    expect(finding?.evidence[0]?.received).toContain('CM=1');
    expect(finding?.remediation.join(' ')).toMatch(/controller/);
    expect(finding?.references).toContain('ETSI EN 303 645 5.6-1');
    const enhanced = await scanned({ ...EVE_PLUG, commissioningMode: 2, commissioned: true });
    expect(ids(enhanced.host)).toContain('matter.commissioning-open');
    const closed = await scanned({ ...EVE_PLUG, commissioningMode: 0 });
    expect(ids(closed.host)).not.toContain('matter.commissioning-open');
  });
});

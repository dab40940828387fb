import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { probeContext, readKasaFixture, targetFor } from '../../../test/support/kasa.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import { udpExchange } from '../../net/udp-exchange.ts';
import { kasaSmartKind } from '../kasa-smart/simulator/kind.ts';
import { kasaLegacyDiscoveryProbe, parseKasaLegacyDiscovery } from '../tplink/discovery.ts';
import { kasaLegacyAdapter } from './adapter.ts';
import { kasaLegacyKind } from './simulator/kind.ts';

const running: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function start(options: { settings?: unknown; fixture?: unknown; name?: string }) {
  const address = testAddress();
  const started = await startSimulator(kasaLegacyKind, { address, name: options.name ?? 'kettle', ...options });
  running.push(started);
  return { started, address };
}

describe('kasaLegacyAdapter', () => {
  it('identifies over TCP 9999 and inspects model, versions, ids, auth and cloud', async () => {
    const { started, address } = await start({ settings: { model: 'HS110(EU)', cloud: true }, name: 'kettle' });
    const target = targetFor(started, address, { openTcpPorts: [9999] });
    const identity = await kasaLegacyAdapter.identify(target, probeContext());
    expect(identity?.model).toBe('HS110(EU)');
    const facts = await kasaLegacyAdapter.inspect(target, identity!, probeContext());
    expect(facts).toMatchObject({
      family: 'kasa-legacy',
      vendor: 'TP-Link',
      model: 'HS110(EU)',
      hwVersion: '1.0',
      mac: started.mac,
      name: 'kettle',
      protocols: ['kasa-xor'],
      firmware: { installed: '1.2.5 Build 171213 Rel.101523' },
      auth: { state: 'none' },
      cloud: { enabled: true },
    });
    expect(facts.deviceId).toMatch(/^[0-9A-F]{40}$/);
    expect(facts.auth.evidence?.sent).toContain('TCP 9999 {"system":{"get_sysinfo":{}}}');
    expect(facts.cloud?.evidence?.received).toContain('"binded":1');
    expect(facts.cloud?.evidence?.received).not.toContain('owner@example.com');
    expect((facts.config as Record<string, unknown>).sw_ver).toBe('1.2.5 Build 171213 Rel.101523');
  });

  it('identifies from the UDP discovery answer alone and reports a pending update the cloud offers', async () => {
    const { started, address } = await start({
      settings: { model: 'KP115(EU)', update: { version: '1.0.21 Build 231129 Rel.171238' } },
    });
    const answers = await udpExchange({
      host: address,
      port: started.portOf(9999, 'udp'),
      payload: kasaLegacyDiscoveryProbe(),
      timeoutMs: 1000,
      maxBytes: 65535,
      maxAnswers: 1,
    });
    const target = targetFor(started, address, {
      udp: { answers: { kasa: parseKasaLegacyDiscovery((answers[0] as { data: Buffer }).data) } },
    });
    const identity = await kasaLegacyAdapter.identify(target, probeContext());
    expect(identity?.evidence.sent).toContain('UDP 9999');
    const facts = await kasaLegacyAdapter.inspect(target, identity!, probeContext());
    expect(facts.firmware).toMatchObject({
      installed: '1.0.16 Build 210205 Rel.163735',
      latest: '1.0.21 Build 231129 Rel.171238',
      latestSource: 'device',
    });
    expect(facts.cloud).toMatchObject({ enabled: false });
  });

  it('reads the cloud binding of bulbs from smartlife.iot.common.cloud', async () => {
    const { started, address } = await start({ fixture: readKasaFixture('iot', 'KL130(EU)_1.0_1.8.8.json') });
    const target = targetFor(started, address, { openTcpPorts: [9999] });
    const facts = await kasaLegacyAdapter.inspect(
      target,
      (await kasaLegacyAdapter.identify(target, probeContext()))!,
      probeContext(),
    );
    expect(facts.mac?.startsWith('1C:3B:F3')).toBe(true);
    expect(facts.cloud?.enabled).toBe(true);
    expect(facts.cloud?.evidence?.sent).toContain('smartlife.iot.common.cloud');
    // The capture's fw_list offers 1.8.11 to this 1.8.8 bulb.
    expect(facts.firmware.latest).toBe('1.8.11 Build 191113 Rel.105336');
  });

  it('does not claim hosts without port 9999 or with something else on it', async () => {
    const closed = {
      address: '127.0.0.1',
      openTcpPorts: new Set<number>(),
      connectPort: (p: number) => p,
      udp: { answers: {} },
      mdns: [],
    };
    expect(await kasaLegacyAdapter.identify(closed, probeContext())).toBeUndefined();
    // An HTTP server where 9999 should be: a Tapo device's port 80 stands in for "something else".
    const address = testAddress();
    const other = await startSimulator(kasaSmartKind, { address, name: 'not-legacy' });
    running.push(other);
    const http = { ...closed, address, openTcpPorts: new Set([9999]), connectPort: () => other.portOf(80) };
    expect(await kasaLegacyAdapter.identify(http, probeContext({ timeoutMs: 1000 }))).toBeUndefined();
  });
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { discoverSmart, probeContext, readKasaFixture, targetFor } from '../../../test/support/kasa.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import { kasaLegacyKind } from '../kasa-legacy/simulator/kind.ts';
import type { SimulatedKasaLegacy } from '../kasa-legacy/simulator/simulated-kasa-legacy.ts';
import { kasaSmartAdapter } from './adapter.ts';
import { kasaSmartKind } from './simulator/kind.ts';

const running: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});
const owner = { username: 'owner@example.com', password: 'correct horse' };

async function startSmart(options: { settings?: unknown; fixture?: unknown; name?: string }) {
  const address = testAddress();
  const started = await startSimulator(kasaSmartKind, { address, name: options.name ?? 'tapo', ...options });
  running.push(started);
  const target = targetFor(started, address, {
    udp: { answers: { 'tplink-smart': await discoverSmart(address, started.portOf(20002, 'udp')) } },
  });
  return { started, address, target };
}

async function inspect(target: Parameters<typeof kasaSmartAdapter.inspect>[0], context = probeContext()) {
  const identity = await kasaSmartAdapter.identify(target, context);
  expect(identity).toBeDefined();
  return kasaSmartAdapter.inspect(target, identity!, context);
}

describe('kasaSmartAdapter', () => {
  it('without credentials: identity from discovery, auth required, firmware a stated limitation', async () => {
    const { started, target } = await startSmart({
      fixture: readKasaFixture('smart', 'P110(UK)_1.0_1.3.0.json'),
      settings: { auth: { enabled: true, ...owner } },
    });
    const facts = await inspect(target);
    expect(facts).toMatchObject({
      model: 'P110(UK)',
      mac: started.mac,
      protocols: ['klap'],
      auth: { state: 'required' },
    });
    expect(facts.firmware.installed).toBeUndefined();
    expect(facts.limitations).toContain('needs TP-Link cloud credentials to read firmware');
    expect(facts.auth.evidence?.sent).toContain('/app/handshake1');
  });

  it('with the owner account over KLAP: firmware, latest, auto-update and cloud', async () => {
    const { target } = await startSmart({
      fixture: readKasaFixture('smart', 'TP15(US)_1.0_1.0.3.json'),
      settings: { auth: { enabled: true, ...owner }, encryption: 'KLAP', autoUpdate: false, cloud: true },
    });
    const facts = await inspect(target, probeContext({ credentials: () => owner }));
    expect(facts.firmware).toMatchObject({
      installed: '1.0.3 Build 230112 Rel.124621',
      autoUpdate: false,
      latestSource: 'device',
    });
    expect(facts.hwVersion).toBe('1.0');
    expect(facts.cloud?.enabled).toBe(true);
    expect(facts.auth.state).toBe('required');
    expect(facts.name).toBe('tapo');
  });

  it('with the owner account over AES securePassthrough', async () => {
    const { target } = await startSmart({
      fixture: readKasaFixture('smart', 'L900-10(EU)_1.0_1.0.17.json'),
      settings: { auth: { enabled: true, ...owner } },
    });
    const facts = await inspect(target, probeContext({ credentials: () => owner }));
    expect(facts.protocols).toEqual(['aes']);
    // The capture's get_latest_fw says need_to_upgrade: true.
    expect(facts.firmware.installed).toBe('1.0.17 Build 230426 Rel.153230');
    expect(facts.firmware.latest).not.toBe(facts.firmware.installed);
  });

  it('a never-bound KLAP device accepts blank credentials: auth none, read without an account', async () => {
    const { target } = await startSmart({ settings: { model: 'L530E(EU)' } });
    const facts = await inspect(target);
    expect(facts.auth.state).toBe('none');
    expect(facts.auth.evidence?.received).toContain('blank credentials');
    expect(facts.firmware.installed).toBe('1.1.6 Build 240130 Rel.173828');
    const unchecked = await inspect(target, probeContext({ credentialChecks: false }));
    expect(unchecked.auth.state).toBe('required');
    expect(unchecked.firmware.installed).toBeUndefined();
  });

  it('a TPAP-only Tapo (403 to KLAP) is identified from discovery and gets a limitation, not an error', async () => {
    const { started, target } = await startSmart({
      fixture: readKasaFixture('smart', 'P110(UK)_1.0_1.3.0.json'),
      settings: { tpap: true, auth: { enabled: true, ...owner } },
    });
    const facts = await inspect(target, probeContext({ credentials: () => owner }));
    expect(facts).toMatchObject({
      model: 'P110(UK)',
      mac: started.mac,
      protocols: ['tpap'],
      auth: { state: 'required' },
    });
    expect(facts.firmware.installed).toBeUndefined();
    expect(facts.auth.evidence?.received).toContain('"pake":[2]');
    expect(facts.limitations).toHaveLength(1);
    expect(facts.limitations[0]).toMatch(/^this firmware refuses KLAP and speaks TPAP/);
    expect(facts.limitations.join(' ')).not.toMatch(/could not read/);
  });

  it('a KLAP 403 from something that does not answer TPAP stays a plain read failure', async () => {
    const { target, address } = await startSmart({ settings: { tpap: true } });
    const refusing = createServer((_req, res) => {
      res.writeHead(403);
      res.end();
    });
    await new Promise<void>((resolve) => refusing.listen(0, address, resolve));
    try {
      const port = (refusing.address() as AddressInfo).port;
      const facts = await inspect({ ...target, connectPort: () => port });
      expect(facts.protocols).toEqual(['klap']);
      expect(facts.limitations.join(' ')).toMatch(/could not read the device over KLAP: .*handshake1 answered 403/);
    } finally {
      await new Promise((resolve) => refusing.close(resolve));
    }
  });

  it('cameras: firmware and hardware from discovery, AES over HTTPS', async () => {
    const { target } = await startSmart({
      fixture: readKasaFixture('smartcam', 'C220(EU)_1.0_1.2.5.json'),
      name: 'garage-cam',
    });
    const facts = await inspect(target);
    expect(facts).toMatchObject({
      model: 'C220',
      hwVersion: '1.0',
      firmware: { installed: '1.2.5 Build 241224 Rel.40956n' },
      protocols: ['aes', 'https'],
      auth: { state: 'required' },
      name: 'garage-cam',
    });
  });

  it('a legacy plug after the KLAP firmware is found on 20002 and read with KLAP v1', async () => {
    const address = testAddress();
    const started = await startSimulator(kasaLegacyKind, {
      address,
      name: 'tv-plug',
      settings: {
        model: 'HS100(UK)',
        update: { version: '1.1.0 Build 201016 Rel.175121', durationMs: 0, outcome: 'switch-to-klap' },
      },
    });
    running.push(started);
    expect(await (started.simulator as SimulatedKasaLegacy).installUpdate()).toBe(true);
    const target = targetFor(started, address, {
      udp: { answers: { 'tplink-smart': await discoverSmart(address, started.portOf(20002, 'udp')) } },
    });
    const facts = await inspect(target);
    expect(facts).toMatchObject({ model: 'HS100(UK)', hwVersion: '4.1', protocols: ['klap'], auth: { state: 'none' } });
    expect(facts.firmware.installed).toBe('1.1.0 Build 201016 Rel.175121');
  });
});

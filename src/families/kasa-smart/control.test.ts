import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { discoverSmart, probeContext, readKasaFixture, targetFor } from '../../../test/support/kasa.ts';
import { type SilentListener, startSilentListener } from '../../../test/support/silent-listener.ts';
import { DeviceAuthError, DeviceTimeoutError, ProtocolError } from '../../errors/index.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import { FakeClock } from '../../util/clock.ts';
import { silentLogger } from '../../util/logger.ts';
import type { Credential } from '../device-adapter.ts';
import type { InstallContext, InstallDevice } from '../installer.ts';
import { kasaLegacyKind } from '../kasa-legacy/simulator/kind.ts';
import type { SimulatedKasaLegacy } from '../kasa-legacy/simulator/simulated-kasa-legacy.ts';
import { kasaSmartAdapter } from './adapter.ts';
import { kasaSmartControl, smartChildChannels } from './control.ts';
import { KlapClient } from './klap-client.ts';
import { kasaSmartKind } from './simulator/kind.ts';

const owner = { username: 'owner@example.com', password: 'correct horse' };
const running: StartedSimulator[] = [];
const servers: Server[] = [];
const silent: SilentListener[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  await Promise.all(silent.splice(0).map((s) => s.close()));
});

const context = (credential?: Credential, timeoutMs = 2000): InstallContext => ({
  signal: AbortSignal.timeout(10_000),
  timeoutMs,
  maxBytes: 1 << 20,
  credentials: () => credential,
  clock: new FakeClock(),
  log: silentLogger,
});

/** Scans the device as iotwarden does (discovery, then the adapter with the owner's account) and targets it. */
async function scanned(started: StartedSimulator, address: string): Promise<InstallDevice> {
  const target = targetFor(started, address, {
    udp: { answers: { 'tplink-smart': await discoverSmart(address, started.portOf(20002, 'udp')) } },
  });
  const probe = probeContext({ credentials: () => owner });
  const identity = await kasaSmartAdapter.identify(target, probe);
  if (!identity) throw new Error('the simulator was not identified');
  const facts = await kasaSmartAdapter.inspect(target, identity, probe);
  return { address, facts, connectPort: (port) => started.portOf(port) };
}

async function start(options: { settings?: Record<string, unknown>; fixture?: string }) {
  const address = testAddress();
  const started = await startSimulator(kasaSmartKind, {
    address,
    name: 'tapo',
    settings: { auth: { enabled: true, ...owner }, ...options.settings },
    ...(options.fixture ? { fixture: readKasaFixture('smart', options.fixture) } : {}),
  });
  running.push(started);
  return { started, device: await scanned(started, address) };
}

/** A loopback HTTP server standing in for a device that answers KLAP's handshake with garbage. */
async function garbageDevice(): Promise<number> {
  const server = createServer((_req, res) => res.end('<html>not a plug</html>'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('kasa-smart control state (read-only, with the owner account)', () => {
  it('reads a Tapo plug over KLAP as the app switches it, and switches nothing itself', async () => {
    const { started, device } = await start({ fixture: 'P110(UK)_1.0_1.3.0.json', settings: { encryption: 'KLAP' } });
    expect(device.facts.protocols).toContain('klap');
    const before = await kasaSmartControl.read(device, context(owner));
    expect(before?.channels).toEqual([{ id: 'relay:0', kind: 'relay', on: false }]);
    expect(before?.evidence.sent).toContain('KLAP POST');
    expect(before?.evidence.sent).toContain('get_device_info');
    expect(before?.evidence.sent).not.toContain(owner.password);
    // The Tapo app switches it on through its own session.
    const app = await KlapClient.connect(device.address, started.portOf(80), 2, owner, context());
    expect(await app.request({ method: 'set_device_info', params: { device_on: true } })).toMatchObject({
      error_code: 0,
    });
    expect((await kasaSmartControl.read(device, context(owner)))?.channels).toEqual([
      { id: 'relay:0', kind: 'relay', on: true },
    ]);
    const info = (await app.request({ method: 'get_device_info' })) as { result: { device_on: boolean } };
    expect(info.result.device_on).toBe(true);
  });

  it('reads a plug never bound to an account with the blank account the scan found it takes', async () => {
    const { device } = await start({ settings: { auth: { enabled: false } } });
    expect(device.facts.auth.state).toBe('none');
    expect((await kasaSmartControl.read(device, context()))?.channels).toEqual([
      { id: 'relay:0', kind: 'relay', on: false },
    ]);
  });

  it('reads a bulb over AES with its brightness', async () => {
    const { device } = await start({ fixture: 'L530E(EU)_3.0_1.1.6.json', settings: { encryption: 'AES' } });
    expect(device.facts.protocols).toContain('aes');
    const state = await kasaSmartControl.read(device, context(owner));
    expect(state?.channels).toEqual([{ id: 'light:0', kind: 'light', on: true, brightness: 100 }]);
    expect(state?.evidence.sent).toContain('AES POST');
  });

  it('reads every outlet of a strip in outlet order, and nothing on a hub with only sensors', async () => {
    const strip = await start({ fixture: 'TP25(US)_1.0_1.0.2.json' });
    expect((await kasaSmartControl.read(strip.device, context(owner)))?.channels).toEqual([
      { id: 'relay:0', kind: 'relay', on: false },
      { id: 'relay:1', kind: 'relay', on: true },
    ]);
    const hub = await start({ fixture: 'H100(EU)_1.0_1.5.10.json' });
    expect(await kasaSmartControl.read(hub.device, context(owner))).toBeUndefined();
    // A chime has neither `device_on` nor children (get_child_device_list answers -1002).
    const chime = await start({ fixture: 'D100C(US)_1.0_1.1.3.json' });
    expect(await kasaSmartControl.read(chime.device, context(owner))).toBeUndefined();
  });

  it('orders outlets by position, as a P300 lists outlet 3 first', () => {
    const children = [
      { position: 3, device_on: true },
      { position: 1, device_on: false },
      { position: 2, device_on: true, brightness: 40 },
      { category: 'subg.trigger.temp-hmdt-sensor' },
    ];
    expect(smartChildChannels(children)).toEqual([
      { id: 'relay:0', kind: 'relay', on: false },
      { id: 'relay:1', kind: 'relay', on: true, brightness: 40 },
      { id: 'relay:2', kind: 'relay', on: true },
    ]);
  });

  it('reads a legacy plug whose firmware moved to KLAP through its legacy JSON', async () => {
    const address = testAddress();
    const started = await startSimulator(kasaLegacyKind, {
      address,
      name: 'tv-plug',
      settings: {
        model: 'HS100(UK)',
        auth: { enabled: true, ...owner },
        update: { version: '1.1.0 Build 201016 Rel.175121', durationMs: 0, outcome: 'switch-to-klap' },
      },
    });
    running.push(started);
    expect(await (started.simulator as SimulatedKasaLegacy).installUpdate()).toBe(true);
    const device = await scanned(started, address);
    expect(device.facts.auth.state).toBe('required');
    const state = await kasaSmartControl.read(device, context(owner));
    expect(state?.channels).toEqual([{ id: 'relay:0', kind: 'relay', on: false }]);
    expect(state?.evidence.sent).toContain('get_sysinfo');
    await expect(kasaSmartControl.read(device, context())).rejects.toThrow(DeviceAuthError);
  });
});

describe('kasa-smart control state errors', () => {
  it('refuses without an account, and sends nothing to a KLAP device bound to another one', async () => {
    const { device } = await start({ fixture: 'P110(UK)_1.0_1.3.0.json' });
    await expect(kasaSmartControl.read(device, context())).rejects.toThrow(DeviceAuthError);
    await expect(kasaSmartControl.read(device, context())).rejects.toThrow(/needs the owner's TP-Link account/);
    const wrong = kasaSmartControl.read(device, context({ username: owner.username, password: 'nope' }));
    await expect(wrong).rejects.toThrow(DeviceAuthError);
    await expect(
      kasaSmartControl.read(device, context({ username: owner.username, password: 'nope' })),
    ).rejects.toThrow(/nothing was sent/);
  });

  it('refuses a wrong account over AES', async () => {
    const { device } = await start({ fixture: 'P100(US)_1.0.0_1.3.7.json', settings: { encryption: 'AES' } });
    const read = kasaSmartControl.read(device, context({ username: owner.username, password: 'nope' }));
    await expect(read).rejects.toThrow(DeviceAuthError);
  });

  it('throws a ProtocolError for a malformed answer and a DeviceTimeoutError for a silent device', async () => {
    const { device } = await start({ fixture: 'P110(UK)_1.0_1.3.0.json' });
    const garbage = await garbageDevice();
    const malformed = kasaSmartControl.read(
      { ...device, address: '127.0.0.1', connectPort: () => garbage },
      context(owner),
    );
    await expect(malformed).rejects.toThrow(ProtocolError);
    const listener = await startSilentListener(testAddress());
    silent.push(listener);
    const quiet: InstallDevice = { ...device, address: listener.address, connectPort: () => listener.port };
    await expect(kasaSmartControl.read(quiet, context(owner, 300))).rejects.toThrow(DeviceTimeoutError);
  });
});

import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { type SilentListener, startSilentListener } from '../../../test/support/silent-listener.ts';
import { probeContext, probeTargetOf } from '../../../test/support/simulated-probe.ts';
import { DeviceAuthError, DeviceTimeoutError, ProtocolError } from '../../errors/index.ts';
import { selfSignedCertificate } from '../../lab/core/self-signed-cert.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import { requestHttp } from '../../net/http-client.ts';
import { FakeClock } from '../../util/clock.ts';
import { silentLogger } from '../../util/logger.ts';
import type { Credential } from '../device-adapter.ts';
import type { InstallContext, InstallDevice } from '../installer.ts';
import { hueAdapter } from './adapter.ts';
import { HUE_LIGHTS_MAX_BYTES, hueControl } from './control.ts';
import { hueKind } from './simulator/kind.ts';

const KEY = 'ownerkeyownerkeyownerkeyownerkeyownerkey';
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

/** A lab bridge, scanned as iotwarden scans it (certificate and all) with the owner's key. */
async function bridge(settings: Record<string, unknown> = {}) {
  const address = testAddress();
  const sim = await startSimulator(hueKind, {
    name: 'Living Room',
    address,
    settings: { apiKey: KEY, firmware: '1967054020', ...settings },
  });
  running.push(sim);
  const target = probeTargetOf(sim, address);
  const probe = probeContext(() => ({ apiKey: KEY }));
  const identity = await hueAdapter.identify(target, probe);
  if (!identity) throw new Error('the bridge was not identified');
  const facts = await hueAdapter.inspect(target, identity, probe);
  const device: InstallDevice = { address, facts, connectPort: (port) => sim.portOf(port) };
  /** Another client (the Hue app) switching a light over v1. */
  const switchLight = async (number: number, on: boolean) => {
    const answer = await requestHttp({
      host: address,
      port: sim.portOf(80),
      path: `/api/${KEY}/lights/${number}/state`,
      method: 'PUT',
      body: JSON.stringify({ on }),
      timeoutMs: 2000,
      maxBytes: 65536,
    });
    expect(answer.text()).toContain('success');
  };
  return { sim, device, switchLight };
}

/** A loopback HTTPS server with its own certificate, pinned in the device's facts as a scan would have. */
async function fakeBridge(handler: Parameters<typeof createServer>[1], device: InstallDevice) {
  const tls = await selfSignedCertificate({ commonName: 'fake-bridge', organization: 'Philips Hue' });
  const server = createServer({ key: tls.key, cert: tls.cert }, handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const certificate = { ...device.facts.certificate!, sha256: new X509Certificate(tls.cert).fingerprint256 };
  const fake: InstallDevice = {
    address: '127.0.0.1',
    facts: { ...device.facts, certificate },
    connectPort: () => port,
  };
  return fake;
}

describe('hue control state (read-only, with the application key)', () => {
  it('reads the lights over CLIP v2 as the app switches them, and never shows the key', async () => {
    const { device, switchLight } = await bridge();
    expect(device.facts.certificate).toBeDefined();
    const before = await hueControl.read(device, context({ apiKey: KEY }));
    expect(before?.channels.length).toBeGreaterThan(0);
    expect(before?.channels.every((c) => c.kind === 'light' && /^light:\d+$/.test(c.id))).toBe(true);
    expect(before?.evidence.sent).toContain('/clip/v2/resource/light');
    expect(JSON.stringify(before)).not.toContain(KEY);
    const first = before!.channels[0]!;
    await switchLight(Number(first.id.slice('light:'.length)), !first.on);
    const after = await hueControl.read(device, context({ apiKey: KEY }));
    expect(after?.channels[0]).toMatchObject({ id: first.id, on: !first.on });
    expect(after?.channels.slice(1)).toEqual(before?.channels.slice(1));
  });

  it('falls back to the v1 light list on a bridge without CLIP v2, with the same channel ids', async () => {
    const v2 = await bridge();
    const v1 = await bridge({ model: 'BSB001', firmware: '1935074050' });
    const state = await hueControl.read(v1.device, context({ apiKey: KEY }));
    expect(state?.evidence.sent).toContain('/api/<app-key>/lights');
    expect(state?.evidence.sent).not.toContain(KEY);
    // The same built-in home: v1 and v2 name and read its lamps alike.
    expect(state?.channels).toEqual((await hueControl.read(v2.device, context({ apiKey: KEY })))?.channels);
  });
});

describe('hue control state errors', () => {
  it('refuses without a key and with a key the bridge does not know, over either API', async () => {
    const { device } = await bridge();
    await expect(hueControl.read(device, context())).rejects.toThrow(/needs a Hue application key/);
    await expect(hueControl.read(device, context({ apiKey: 'x'.repeat(40) }))).rejects.toThrow(DeviceAuthError);
    const old = await bridge({ model: 'BSB001' });
    await expect(hueControl.read(old.device, context({ apiKey: 'x'.repeat(40) }))).rejects.toThrow(DeviceAuthError);
  });

  it('sends the key to no other certificate than the one the scan bound', async () => {
    const { device } = await bridge();
    const other = await bridge();
    // Another bridge now answers at the address the key's bridge had: it presents its own certificate.
    const impostor: InstallDevice = { ...device, address: other.device.address, connectPort: other.device.connectPort };
    await expect(hueControl.read(impostor, context({ apiKey: KEY }))).rejects.toThrow(/nothing was sent/);
  });

  it('throws a ProtocolError for a malformed or oversized answer and a DeviceTimeoutError for silence', async () => {
    const { device } = await bridge();
    let sawKey: string | undefined;
    const malformed = await fakeBridge((req, res) => {
      sawKey = String(req.headers['hue-application-key']);
      res.end('{"data":"not a list"}');
    }, device);
    const read = hueControl.read(malformed, context({ apiKey: KEY }));
    await expect(read).rejects.toThrow(ProtocolError);
    await expect(read).rejects.toThrow(/no light list/);
    expect(sawKey).toBe(KEY);
    const huge = await fakeBridge(
      (_req, res) => res.end(`{"data":[${'{},'.repeat(HUE_LIGHTS_MAX_BYTES / 3)}{}]}`),
      device,
    );
    await expect(hueControl.read(huge, context({ apiKey: KEY }))).rejects.toThrow(/exceeds 524288 bytes/);
    const listener = await startSilentListener(testAddress());
    silent.push(listener);
    const quiet: InstallDevice = { ...device, address: listener.address, connectPort: () => listener.port };
    await expect(hueControl.read(quiet, context({ apiKey: KEY }, 300))).rejects.toThrow(DeviceTimeoutError);
  });
});

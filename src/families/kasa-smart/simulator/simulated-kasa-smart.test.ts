import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { discoverSmart, readKasaFixture } from '../../../../test/support/kasa.ts';
import { DeviceAuthError } from '../../../errors/index.ts';
import { type StartedSimulator, startSimulator } from '../../../lab/core/start-simulator.ts';
import { requestHttp } from '../../../net/http-client.ts';
import { createKasaDiscoveryKeyPair } from '../../tplink/discovery.ts';
import { AesClient, aesHandshake } from '../aes-client.ts';
import { TAPO_CAMERA_USER } from '../default-credentials.ts';
import { KlapClient, klapHandshake1, matchKlapCredential } from '../klap-client.ts';
import { cameraConfirmHash } from './camera-responder.ts';
import { kasaSmartKind } from './kind.ts';

const ctx = { signal: new AbortController().signal, timeoutMs: 3000, maxBytes: 1 << 20 };
const running: StartedSimulator[] = [];
const owner = { username: 'owner@example.com', password: 'correct horse' };

async function start(options: { settings?: unknown; fixture?: unknown; name?: string } = {}) {
  const address = testAddress();
  const started = await startSimulator(kasaSmartKind, { address, name: options.name ?? 'hall-plug', ...options });
  running.push(started);
  return { started, address };
}

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

describe('kasa-smart simulator: discovery on UDP 20002', () => {
  it("answers with the capture's discovery_result, made this device's own", async () => {
    const { started, address } = await start({ fixture: readKasaFixture('smart', 'P110(UK)_1.0_1.3.0.json') });
    const answer = await discoverSmart(address, started.portOf(20002, 'udp'));
    const result = answer?.result as Record<string, unknown>;
    expect(result).toMatchObject({ device_model: 'P110(UK)', device_type: 'SMART.TAPOPLUG', ip: address });
    expect(result.mac).toBe(started.mac.replace(/:/g, '-'));
    expect(started.mac.startsWith('48:22:54')).toBe(true);
    expect(result.device_id).toMatch(/^[0-9A-F]{32}$/);
    expect(result.mgt_encrypt_schm).toMatchObject({ encrypt_type: 'KLAP', http_port: 80 });
  });

  it("encrypts a camera's private fields to the probe's RSA key and leaves them out for a bare probe", async () => {
    const { started, address } = await start({
      fixture: readKasaFixture('smartcam', 'C210(EU)_2.0_1.4.2.json'),
      name: 'porch-cam',
    });
    const keys = createKasaDiscoveryKeyPair();
    const keyed = (await discoverSmart(address, started.portOf(20002, 'udp'), keys))?.result as Record<string, unknown>;
    expect(keyed.device_name).toBe('porch-cam');
    expect(keyed.firmware_version).toBe('1.4.2 Build 240829 Rel.54953n');
    expect(keyed.decrypted_data).toMatchObject({ http_port: 443, connect_type: 'wireless' });
    const bare = (await discoverSmart(address, started.portOf(20002, 'udp')))?.result as Record<string, unknown>;
    expect(bare.decrypted_data).toBeUndefined();
    expect(bare.encrypt_info).toEqual({ data: '', key: '', sym_schm: 'AES' });
  });
});

describe('kasa-smart simulator: KLAP', () => {
  it('answers handshake1 for anyone; the hash reveals a never-bound device (blank credentials)', async () => {
    const { started, address } = await start({ settings: { model: 'P110' } });
    const first = await klapHandshake1(address, started.portOf(80), ctx);
    expect(first.cookie).toMatch(/^TP_SESSIONID=/);
    expect(matchKlapCredential(2, first, [owner])).toBeUndefined();
    expect(matchKlapCredential(2, first, [{ username: '', password: '' }])).toBeDefined();
  });

  it('serves SMART methods to the owner account and keeps writes', async () => {
    const { started, address } = await start({
      fixture: readKasaFixture('smart', 'L530E(EU)_3.0_1.1.6.json'),
      settings: { auth: { enabled: true, ...owner }, firmware: '1.1.9 Build 240524 Rel.102000' },
      name: 'reading-lamp',
    });
    const port = started.portOf(80);
    await expect(KlapClient.connect(address, port, 2, { username: '', password: '' }, ctx)).rejects.toBeInstanceOf(
      DeviceAuthError,
    );
    const client = await KlapClient.connect(address, port, 2, owner, ctx);
    const info = (await client.request({ method: 'get_device_info' })) as { result: Record<string, unknown> };
    expect(info.result).toMatchObject({ fw_ver: '1.1.9 Build 240524 Rel.102000', hw_ver: '3.0', model: 'L530' });
    expect(Buffer.from(String(info.result.nickname), 'base64').toString()).toBe('reading-lamp');
    const on = !info.result.device_on;
    expect(await client.request({ method: 'set_device_info', params: { device_on: on } })).toEqual({ error_code: 0 });
    const multi = (await client.request({
      method: 'multipleRequest',
      params: { requests: [{ method: 'get_device_info' }, { method: 'no_such_method' }] },
    })) as { result: { responses: Array<Record<string, unknown>> } };
    expect((multi.result.responses[0]?.result as Record<string, unknown> | undefined)?.device_on).toBe(on);
    expect(multi.result.responses[1]).toEqual({ method: 'no_such_method', error_code: -1002 });
  });

  it('answers the older AES handshake with 1003 and names its HTTP server as Tapo firmware does', async () => {
    const { started, address } = await start();
    const response = await requestHttp({
      host: address,
      port: started.portOf(80),
      path: '/app',
      method: 'POST',
      body: JSON.stringify({ method: 'handshake', params: { key: 'x' } }),
      timeoutMs: 2000,
      maxBytes: 4096,
    });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ error_code: 1003 });
    expect(response.headers.server).toBe('SHIP 2.0');
  });

  it('an AES-only device has no KLAP: handshake1 answers 404', async () => {
    const { started, address } = await start({ settings: { model: 'P100(US)' } });
    const response = await requestHttp({
      host: address,
      port: started.portOf(80),
      path: '/app/handshake1',
      method: 'POST',
      body: randomBytes(16),
      timeoutMs: 2000,
      maxBytes: 4096,
    });
    expect(response.status).toBe(404);
    expect(response.headers.server).toBe('SHIP 2.0');
  });

  it('refuses requests outside an established session', async () => {
    const { started, address } = await start();
    const response = await requestHttp({
      host: address,
      port: started.portOf(80),
      path: '/app/request?seq=1',
      method: 'POST',
      body: randomBytes(64),
      timeoutMs: 2000,
      maxBytes: 4096,
    });
    expect(response.status).toBe(403);
  });
});

describe('kasa-smart simulator: AES securePassthrough', () => {
  it('hands out a session key, logs the owner in and answers through the tunnel', async () => {
    const { started, address } = await start({
      fixture: readKasaFixture('smart', 'P100(US)_1.0.0_1.3.7.json'),
      settings: { auth: { enabled: true, ...owner }, autoUpdate: false },
    });
    const port = started.portOf(80);
    const handshake = await aesHandshake(address, port, ctx);
    expect(handshake.cookie).toMatch(/^TP_SESSIONID=/);
    await expect(
      AesClient.connect(address, port, { username: 'x@example.com', password: 'y' }, 2, ctx),
    ).rejects.toBeInstanceOf(DeviceAuthError);
    const client = await AesClient.connect(address, port, owner, 2, ctx);
    const info = await client.request({ method: 'get_device_info' });
    expect(info).toMatchObject({ error_code: 0, result: { model: 'P100', hw_ver: '1.0.0' } });
    expect(await client.request({ method: 'get_auto_update_info' })).toMatchObject({ error_code: -1002 });
  });
});

describe('kasa-smart simulator: Tapo camera over HTTPS', () => {
  it("proves it knows the owner's password in the login nonce exchange", async () => {
    const { started, address } = await start({
      fixture: readKasaFixture('smartcam', 'TC65_1.0_1.3.9.json'),
      settings: { auth: { enabled: true, ...owner } },
    });
    const cnonce = randomBytes(8).toString('hex').toUpperCase();
    const response = await requestHttp({
      host: address,
      port: started.portOf(443),
      path: '/',
      method: 'POST',
      tls: true,
      body: JSON.stringify({ method: 'login', params: { cnonce, encrypt_type: '3', username: TAPO_CAMERA_USER } }),
      timeoutMs: 5000,
      maxBytes: 4096,
    });
    const data = (response.json() as { error_code: number; result: { data: Record<string, string> } }).result.data;
    expect((response.json() as { error_code: number }).error_code).toBe(-40413);
    expect(data.device_confirm).toBe(cameraConfirmHash(cnonce, data.nonce as string, owner.password));
    expect(data.device_confirm).not.toBe(cameraConfirmHash(cnonce, data.nonce as string, 'admin'));
  });
});

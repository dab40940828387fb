import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { type StartedSimulator, startSimulator } from '../../../lab/core/start-simulator.ts';
import { type HttpResponse, requestHttp } from '../../../net/http-client.ts';
import { FakeClock } from '../../../util/clock.ts';
import { tasmotaKind } from './kind.ts';

const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function start(settings: unknown = {}, clock = new FakeClock()) {
  const address = testAddress();
  const sim = await startSimulator(tasmotaKind, {
    name: 'Desk Lamp',
    address,
    settings,
    mac: '24:0A:C4:3A:B7:17',
    clock,
  });
  started.push(sim);
  const get = (path: string, headers: Record<string, string> = {}): Promise<HttpResponse> =>
    requestHttp({ host: address, port: sim.portOf(80), path, headers, timeoutMs: 3000, maxBytes: 256 * 1024 });
  return { sim, get, address };
}

const cmd = (command: string, auth = '') => `/cm?${auth}cmnd=${encodeURIComponent(command)}`;

describe('Tasmota simulator', () => {
  it('answers Status 0 with the real section and field names', async () => {
    const { get, address } = await start({
      model: 'Sonoff Basic',
      firmware: '13.4.0(tasmota)',
      mqtt: { host: 'broker.lan' },
    });
    const res = await get(cmd('Status 0'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const status = res.json() as Record<string, Record<string, unknown>>;
    expect(Object.keys(status)).toEqual([
      'Status',
      'StatusPRM',
      'StatusFWR',
      'StatusLOG',
      'StatusMEM',
      'StatusNET',
      'StatusMQT',
      'StatusTIM',
      'StatusSNS',
      'StatusSTS',
    ]);
    expect(status.Status).toMatchObject({ Module: 1, DeviceName: 'Desk Lamp', Topic: 'tasmota_3AB717' });
    expect(status.StatusFWR).toMatchObject({ Version: '13.4.0(tasmota)', Hardware: 'ESP8266EX' });
    expect(status.StatusFWR).toHaveProperty('BuildDateTime');
    expect(status.StatusFWR).toHaveProperty('Core');
    expect(status.StatusFWR).toHaveProperty('SDK');
    expect(status.StatusNET).toMatchObject({ IPAddress: address, Mac: '24:0A:C4:3A:B7:17' });
    expect(status.StatusNET?.Hostname).toMatch(/^tasmota-3AB717-\d{4}$/);
    expect(status.StatusMQT).toMatchObject({ MqttHost: 'broker.lan', MqttPort: 1883 });
  });

  it('answers single Status sections and merges overrides', async () => {
    const { get } = await start({ overrides: { StatusFWR: { Core: '3_0_2' } } });
    expect((await get(cmd('Status 2'))).json()).toEqual({
      StatusFWR: expect.objectContaining({ Version: '13.4.0(tasmota)', Core: '3_0_2' }),
    });
    expect(Object.keys((await get(cmd('Status 5'))).json() as object)).toEqual(['StatusNET']);
    expect((await get(cmd('Module'))).json()).toEqual({ Module: { '1': 'Sonoff Basic' } });
    expect((await get(cmd('Frobnicate'))).json()).toEqual({ Command: 'Unknown' });
  });

  it('keeps the relay state between requests', async () => {
    const { get } = await start();
    expect((await get(cmd('Power'))).json()).toEqual({ POWER: 'OFF' });
    expect((await get(cmd('Power On'))).json()).toEqual({ POWER: 'ON' });
    expect((await get(cmd('Power'))).json()).toEqual({ POWER: 'ON' });
    expect(((await get(cmd('Status 11'))).json() as { StatusSTS: { POWER: string } }).StatusSTS.POWER).toBe('ON');
    expect((await get(cmd('Power Toggle'))).json()).toEqual({ POWER: 'OFF' });
  });

  it('counts uptime on the lab clock', async () => {
    const clock = new FakeClock();
    const { get } = await start({}, clock);
    await clock.advance(90_061_000);
    const sts = ((await get(cmd('Status 11'))).json() as { StatusSTS: Record<string, unknown> }).StatusSTS;
    expect(sts).toMatchObject({ Uptime: '1T01:01:01', UptimeSec: 90_061 });
  });

  it('wants the web password for /cm and answers 401 as Tasmota does', async () => {
    const { get } = await start({ auth: { enabled: true, password: 's3cret' } });
    const denied = await get(cmd('Status 0'));
    expect(denied.status).toBe(401);
    expect(denied.json()).toEqual({ WARNING: 'Need user=<username>&password=<password>' });
    expect((await get(cmd('Power On', 'user=admin&password=wrong&'))).status).toBe(401);
    const ok = await get(cmd('Power On', 'user=admin&password=s3cret&'));
    expect(ok.json()).toEqual({ POWER: 'ON' });
    const basic = `Basic ${Buffer.from('admin:s3cret').toString('base64')}`;
    expect((await get(cmd('Power'), { authorization: basic })).json()).toEqual({ POWER: 'ON' });
  });

  it('a WebPassword command locks later requests', async () => {
    const { get } = await start();
    expect((await get(cmd('WebPassword hunter2'))).json()).toEqual({ WebPassword: '****' });
    expect((await get(cmd('Power'))).status).toBe(401);
    expect((await get(cmd('Power', 'user=admin&password=hunter2&'))).status).toBe(200);
  });

  it('serves the web UI page, behind Basic auth when a password is set', async () => {
    const open = await start();
    const page = await open.get('/');
    expect(page.status).toBe(200);
    expect(page.text()).toContain('<title>Desk Lamp - Main Menu</title>');
    expect(page.text()).toContain('Tasmota 13.4.0 (tasmota) by Theo Arends');
    const locked = await start({ auth: { enabled: true, password: 'pw' } });
    const challenge = await locked.get('/');
    expect(challenge.status).toBe(401);
    expect(challenge.headers['www-authenticate']).toBe('Basic realm="Login Required"');
  });
});

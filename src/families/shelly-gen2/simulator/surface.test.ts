import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { testAddress } from '../../../../test/support/addresses.ts';
import { readSharedJson } from '../../../../test/support/shared-fixtures.ts';
import {
  type DeviceJson,
  eventually,
  httpGet,
  httpPost,
  unreachable,
} from '../../../../test/support/shelly-simulator.ts';
import { type StartedSimulator, startSimulator } from '../../../lab/core/start-simulator.ts';
import { FakeClock } from '../../../util/clock.ts';
import { shellyGen2Kind } from './kind.ts';

/** The parts of the Gen2 surface the WebSocket suite (test/clients/shelly-gen2-ws.test.ts) does not reach. */
const running: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function start(settings: unknown, options: { clock?: FakeClock; fixture?: unknown } = {}) {
  const started = await startSimulator(shellyGen2Kind, {
    address: testAddress(),
    settings,
    name: 'lab',
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.fixture !== undefined ? { fixture: options.fixture } : {}),
  });
  running.push(started);
  return started;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const rpc = async (started: StartedSimulator, method: string, params: unknown = {}) =>
  (await httpPost(started, '/rpc', { id: 1, src: 'test', method, params })).json() as DeviceJson;

/** The raw response, to see header names, case and order as written. */
function raw(started: StartedSimulator, path: string): Promise<{ head: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(started.portOf(80), started.host.address, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: device\r\n\r\n`);
    });
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
    });
    socket.on('end', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      resolve({ head: head.split('\r\n'), body });
    });
    socket.on('error', reject);
  });
}

const names = (head: string[]) => head.slice(1).map((line) => line.split(':')[0]);

describe('shelly-gen2 simulator: control surface details', () => {
  it('writes ShellyHTTP headers on 1.x firmware and Mongoose ones before 1.0, with no Date', async () => {
    const current = await start({ firmware: '1.4.4' });
    const shelly = await raw(current, '/shelly');
    expect(names(shelly.head)).toEqual(['Content-Type', 'Content-Length', 'Pragma', 'Server', 'Connection']);
    expect(shelly.head).toContain('Server: ShellyHTTP/1.0.0');
    expect(names((await raw(current, '/rpc/Sys.GetStatus')).head)).toEqual([
      'Content-Type',
      'Content-Length',
      'Server',
      'Connection',
    ]);
    const early = await start({ firmware: '0.14.1', auth: { enabled: true, password: 'pw' } });
    const denied = await raw(early, '/rpc/Shelly.GetStatus');
    expect(denied.head[0]).toBe('HTTP/1.1 401 Unauthorized');
    expect(names(denied.head)).toEqual([
      'Server',
      'Content-Type',
      'Access-Control-Allow-Origin',
      'Access-Control-Allow-Headers',
      'Content-Length',
      'Connection',
      'WWW-Authenticate',
    ]);
    expect(denied.head).toContain('Content-Length: 0');
    expect(denied.body).toBe('');
  });

  it('serves the /relay/N compatibility resource behind the same digest auth', async () => {
    const started = await start({ auth: { enabled: true, password: 'pw' } });
    const denied = await httpGet(started, '/relay/0?turn=on');
    expect(denied.status).toBe(401);
    const header = String(denied.headers['www-authenticate']);
    const realm = /realm="([^"]+)"/.exec(header)?.[1] ?? '';
    const nonce = /nonce="([^"]+)"/.exec(header)?.[1] ?? '';
    const authorization = (uri: string) => {
      const response = sha256(`${sha256(`admin:${realm}:pw`)}:${nonce}:00000001:c:auth:${sha256(`GET:${uri}`)}`);
      return `Digest username="admin", realm="${realm}", nonce="${nonce}", uri="${uri}", algorithm=SHA-256, qop=auth, nc=00000001, cnonce="c", response="${response}"`;
    };
    const on = await httpGet(started, '/relay/0?turn=on', { authorization: authorization('/relay/0?turn=on') });
    expect(on.status).toBe(200);
    expect(on.json()).toMatchObject({ ison: true, source: 'HTTP_in' });
    expect((await httpGet(started, '/relay/9', { authorization: authorization('/relay/9') })).status).toBe(404);
  });

  it('pages Shelly.GetComponents with offset and keys', async () => {
    const fixture = readSharedJson('shelly/gen2_Shelly Pro 4PM_SPSW-004PE16EU_20230912-082358-1.0.3-g6176478.json');
    const started = await start({}, { fixture });
    const all = (await rpc(started, 'Shelly.GetComponents')).result;
    expect(all.total).toBe(all.components.length);
    const rest = (await rpc(started, 'Shelly.GetComponents', { offset: 2 })).result;
    expect(rest).toMatchObject({ offset: 2, total: all.total });
    expect(rest.components.map((c: DeviceJson) => c.key)).toEqual(
      all.components.slice(2).map((c: DeviceJson) => c.key),
    );
    const some = (await rpc(started, 'Shelly.GetComponents', { keys: ['switch:3'], include: ['status'] })).result;
    expect(some.components).toEqual([{ key: 'switch:3', status: expect.objectContaining({ id: 3 }) }]);
    expect((await rpc(started, 'Shelly.GetComponents', { include: ['everything'] })).error.code).toBe(-103);
  });

  it('loses its switches after a control-lost update: methods, status and config no longer show them', async () => {
    const clock = new FakeClock();
    const started = await start(
      { firmware: '1.0.8', update: { version: '1.4.4', durationMs: 1000, outcome: 'control-lost' } },
      { clock },
    );
    expect((await rpc(started, 'Switch.Set', { id: 0, on: true })).result).toEqual({ was_on: false });
    await rpc(started, 'Shelly.Update', { stage: 'stable' });
    await eventually(() => clock.pendingSleepers > 0);
    await clock.advance(1000);
    await eventually(async () => !(await unreachable(started)));
    expect((await httpGet(started, '/shelly')).json()).toMatchObject({ ver: '1.4.4' });
    expect((await rpc(started, 'Switch.Set', { id: 0, on: false })).error).toEqual({
      code: 404,
      message: 'No handler for Switch.Set',
    });
    expect((await rpc(started, 'Shelly.GetStatus')).result).not.toHaveProperty('switch:0');
    expect((await rpc(started, 'Shelly.ListMethods')).result.methods).not.toContain('Switch.Set');
    expect((await httpGet(started, '/relay/0')).status).toBe(404);
  });

  it('refuses WebSocket upgrades elsewhere than /rpc, and answers a broken frame with a parse error', async () => {
    const started = await start({});
    const wrong = new WebSocket(`ws://${started.host.address}:${started.portOf(80)}/ws`);
    const refusal = await new Promise<number>((resolve) => {
      wrong.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      wrong.on('error', () => resolve(-1));
    });
    expect(refusal).toBe(404);
    const socket = new WebSocket(`ws://${started.host.address}:${started.portOf(80)}/rpc`);
    await new Promise((resolve) => socket.once('open', resolve));
    const answer = new Promise<DeviceJson>((resolve) =>
      socket.once('message', (data) => resolve(JSON.parse(String(data)))),
    );
    socket.send('{not json');
    expect(await answer).toMatchObject({ id: null, error: { code: -32700 } });
    socket.close();
  });

  it('serves EM.GetStatus, EM.GetConfig and EM.SetConfig for a device with an em component', async () => {
    // ../shared/fixtures holds no energy meter, so the test builds a minimal Pro 3EM-shaped dump of its own.
    const fixture = {
      shelly: {
        id: 'shellypro3em-aabbccddeeff',
        mac: 'AABBCCDDEEFF',
        model: 'SPEM-003CEBEU',
        gen: 2,
        fw_id: '20231219-134001/1.1.0-g34b5d4f',
        ver: '1.1.0',
        app: 'Pro3EM',
        auth_en: false,
        auth_domain: null,
      },
      config: { 'em:0': { id: 0, name: null, ct_type: '120A' }, sys: { device: { name: null }, cfg_rev: 3 } },
      status: { 'em:0': { id: 0, a_voltage: 231.2, total_act_power: 412.5 }, sys: { mac: 'AABBCCDDEEFF' } },
    };
    const started = await start({}, { fixture });
    expect((await rpc(started, 'EM.GetStatus', { id: 0 })).result).toMatchObject({ total_act_power: 412.5 });
    expect((await rpc(started, 'EM.SetConfig', { id: 0, config: { name: 'Mains' } })).result).toEqual({
      restart_required: false,
    });
    expect((await rpc(started, 'EM.GetConfig', { id: 0 })).result).toMatchObject({ name: 'Mains', ct_type: '120A' });
    expect((await rpc(started, 'Shelly.ListMethods')).result.methods).toEqual(
      expect.arrayContaining(['EM.SetConfig', 'EM.GetConfig', 'EM.GetStatus']),
    );
    expect((await rpc(started, 'EM.GetStatus', { id: 1 })).error.code).toBe(-105);
  });
});

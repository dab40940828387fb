import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { type DeviceJson, httpGet } from '../../../../test/support/shelly-simulator.ts';
import { type StartedSimulator, startSimulator } from '../../../lab/core/start-simulator.ts';
import { requestHttp } from '../../../net/http-client.ts';
import { COAP_CODE, COAP_TYPE, decodeCoap, encodeCoap, uriPathOptions } from './coap.ts';
import { loopbackPeer, validityOption } from './coiot.ts';
import { shellyGen1Kind } from './kind.ts';

/** The parts of the Gen1 surface the shellies suite (test/clients/shellies.test.ts) does not reach. */
const running: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function start(settings: unknown) {
  const started = await startSimulator(shellyGen1Kind, { address: testAddress(), settings, name: 'lab' });
  running.push(started);
  return started;
}

const json = async (started: StartedSimulator, path: string) => (await httpGet(started, path)).json() as DeviceJson;

/** The raw response head, to see header names, case and order as written. */
function rawHead(started: StartedSimulator, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(started.portOf(80), started.host.address, () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: device\r\n\r\n`);
    });
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1');
    });
    socket.on('end', () => resolve(data.split('\r\n\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

/** One CoAP exchange with the device's UDP 5683 from a loopback socket. */
function coap(started: StartedSimulator, packet: Buffer, timeoutMs = 500): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => {
      socket.close();
      resolve(undefined);
    }, timeoutMs);
    socket.on('message', (message) => {
      clearTimeout(timer);
      socket.close();
      resolve(message);
    });
    socket.bind(0, testAddress(), () => socket.send(packet, started.portOf(5683, 'udp'), started.host.address));
  });
}

describe('shelly-gen1 simulator: control surface details', () => {
  it('writes the Mongoose headers of a recorded Gen1 answer, with no Date', async () => {
    const started = await start({});
    const head = await rawHead(started, '/status');
    const lines = head.split('\r\n');
    expect(lines[0]).toBe('HTTP/1.1 200 OK');
    expect(lines.slice(1).map((line) => line.split(':')[0])).toEqual([
      'Server',
      'Connection',
      'Content-Type',
      'Content-Length',
    ]);
    expect(lines).toContain('Server: Mongoose/6.18');
  });

  it('answers CoAP as CoIoT v2 does: ACK for confirmable, NON for non-confirmable, 4.04 for other paths', async () => {
    const started = await start({ model: 'SHPLG-S' });
    const get = (type: 0 | 1, path: string) =>
      encodeCoap({
        type,
        code: COAP_CODE.get,
        messageId: 0x1234,
        token: Buffer.from([7, 7]),
        options: uriPathOptions(path),
        payload: Buffer.alloc(0),
      });
    const ack = decodeCoap((await coap(started, get(COAP_TYPE.confirmable, '/cit/s'))) as Buffer);
    expect(ack).toMatchObject({ type: COAP_TYPE.acknowledgement, code: COAP_CODE.content, messageId: 0x1234 });
    expect(ack?.token).toEqual(Buffer.from([7, 7]));
    const options = new Map(ack?.options);
    expect(options.get(3332)?.toString()).toBe(`SHPLG-S#${started.mac.replace(/:/g, '')}#2`);
    expect(options.get(3412)?.readUInt16BE(0)).toBe(300);
    expect(JSON.parse(String(ack?.payload)).G).toContainEqual([0, 1101, 0]);
    const non = decodeCoap((await coap(started, get(COAP_TYPE.nonConfirmable, '/cit/d'))) as Buffer);
    expect(non?.type).toBe(COAP_TYPE.nonConfirmable);
    expect(JSON.parse(String(non?.payload)).blk).toEqual([
      { I: 1, D: 'relay_0' },
      { I: 2, D: 'device' },
    ]);
    expect(decodeCoap((await coap(started, get(COAP_TYPE.confirmable, '/nope'))) as Buffer)?.code).toBe(
      COAP_CODE.notFound,
    );
    expect(await coap(started, Buffer.from('not coap at all'), 200)).toBeUndefined();
    // The exact request Home Assistant's aioshelly sends (block_device/coap.py `request`): NON GET cit/s, one zero
    // byte of payload.
    const aioshelly = Buffer.concat([
      Buffer.from([0x50, 0x01, 0x00, 0x0a, 0xb3]),
      Buffer.from('cit'),
      Buffer.from([0x01]),
      Buffer.from('s'),
      Buffer.from([0xff, 0x00]),
    ]);
    const answer = decodeCoap((await coap(started, aioshelly)) as Buffer);
    expect(answer).toMatchObject({ type: COAP_TYPE.nonConfirmable, code: COAP_CODE.content });
    expect(JSON.parse(String(answer?.payload))).toHaveProperty('G');
  });

  it('sends CoIoT only to loopback peers, with a validity of two publish periods', () => {
    expect(loopbackPeer('127.77.10.1:5683')).toEqual({ address: '127.77.10.1', port: 5683 });
    // The captures' peer is on a private network the lab must never send to; an empty peer means multicast.
    expect(loopbackPeer('192.168.1.10:5683')).toBeUndefined();
    expect(loopbackPeer('')).toBeUndefined();
    expect(validityOption(15)).toBe(300);
    expect(validityOption(65535) & 1).toBe(1);
  });

  it('keeps old firmware as it was: no CoIoT v2 before v1.8, no HTTP /cit/d before v1.10', async () => {
    const v15 = await start({ firmware: '20191127-095418/v1.5.6@0a8e2b9f' });
    expect(() => v15.portOf(5683, 'udp')).toThrow();
    expect((await httpGet(v15, '/cit/d')).status).toBe(404);
    const v19 = await start({ firmware: '20201124-091217/v1.9.0@57ac4ad8' });
    expect(v19.portOf(5683, 'udp')).toBeGreaterThan(0);
    expect((await httpGet(v19, '/cit/d')).status).toBe(404);
  });

  it('takes parameters from a form body too, and refuses channels the mode hides', async () => {
    const started = await start({ model: 'SHSW-25' });
    const posted = await requestHttp({
      host: started.host.address,
      port: started.portOf(80),
      path: '/settings/relay/1',
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Fan&auto_off=30',
      timeoutMs: 2000,
      maxBytes: 1 << 16,
    });
    expect(posted.json()).toMatchObject({ name: 'Fan', auto_off: 30 });
    expect((await httpGet(started, '/roller/0')).status).toBe(404);
    expect((await json(started, '/settings?mode=roller')).mode).toBe('roller');
    expect((await httpGet(started, '/relay/0')).status).toBe(404);
    expect(await json(started, '/roller/0')).toMatchObject({ state: 'stop', positioning: true });
    expect((await httpGet(started, '/settings?mode=white')).status).toBe(400);
    expect((await httpGet(started, '/relay/0?turn=sideways')).status).toBe(400);
  });

  it('serves /settings/actions from the device’s own action names', async () => {
    const started = await start({ model: 'SHSW-1' });
    const set = await json(started, '/settings/actions?index=0&name=out_on_url&enabled=true&urls[]=http://127.0.0.1/x');
    expect(set.actions.out_on_url).toEqual([{ index: 0, urls: ['http://127.0.0.1/x'], enabled: true }]);
    expect((await json(started, '/settings')).actions.active).toBe(true);
    expect((await httpGet(started, '/settings/actions?name=no_such_url')).status).toBe(400);
  });
});

/**
 * The Tuya simulator driven by a real client library, tuyapi 7.7.1 (the client behind homebridge-tuya and
 * node-red-contrib-tuya-smart-device; it shares no code with the simulator): find() over broadcast-style beacons,
 * get() and set() for protocols 3.1, 3.3 and 3.4 (its session key negotiation), a write read back by the next get;
 * and the simulator's answer to frames with a bad CRC or HMAC, which it drops without a crash.
 */
import { connect } from 'node:net';
import TuyAPI from 'tuyapi';
import { afterEach, describe, expect, it } from 'vitest';
import { encode55aa, TuyaCommand } from '../../src/families/tuya/frame.ts';
import { tuyaKind } from '../../src/families/tuya/simulator/kind.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { testAddress } from '../support/addresses.ts';

const KEY = 'f00dcafe12345678';
const GWID = 'bf1a2b3c4d5e6f708192';
const started: StartedSimulator[] = [];
const clients: TuyAPI[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await Promise.all(started.splice(0).map((sim) => sim.stop()));
});

async function plug(version: '3.1' | '3.3' | '3.4', extra: Record<string, unknown> = {}) {
  const address = testAddress();
  const sim = await startSimulator(tuyaKind, {
    name: 'Desk Fan Plug',
    address,
    settings: { version, gwId: GWID, localKey: KEY, dps: { '1': false, '9': 0 }, ...extra },
  });
  started.push(sim);
  return { address, port: sim.portOf(6668) };
}

function client(options: ConstructorParameters<typeof TuyAPI>[0]): TuyAPI {
  const device = new TuyAPI({ issueGetOnConnect: false, ...options });
  // tuyapi emits socket errors as events; an unhandled 'error' event would throw.
  device.on('error', () => undefined);
  clients.push(device);
  return device;
}

describe.each(['3.1', '3.3', '3.4'] as const)('tuyapi against a simulated %s plug', (version) => {
  it('gets the status, sets DP 1, and the next get returns the change', async () => {
    const { address, port } = await plug(version);
    const device = client({ ip: address, port, id: GWID, key: KEY, version });
    await device.connect();
    expect(await device.get({ schema: true })).toMatchObject({ dps: { '1': false, '9': 0 } });
    await device.set({ dps: 1, set: true });
    expect(await device.get({ dps: 1 })).toBe(true);
  }, 20_000);
});

describe('tuyapi find()', () => {
  it.each(['3.1', '3.3'] as const)(
    'hears the %s beacons and learns the address',
    async (version) => {
      const { address } = await plug(version, { beacons: { to: '127.0.0.1', everyMs: 100 } });
      const device = client({ id: GWID, key: KEY, version });
      await device.find({ timeout: 5 });
      // tuyapi keeps what find() learned on its (untyped) `device` field.
      expect((device as unknown as { device: { ip: string } }).device.ip).toBe(address);
    },
    20_000,
  );
});

describe('frames the simulated device must drop', () => {
  function rawExchange(address: string, port: number, frames: Buffer[]): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: address, port });
      const chunks: Buffer[] = [];
      socket.on('data', (chunk) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('connect', () => {
        for (const frame of frames) socket.write(frame);
        setTimeout(() => {
          socket.destroy();
          resolve(Buffer.concat(chunks));
        }, 400);
      });
    });
  }

  it('a DP_QUERY with a bad CRC gets no answer, and the next good one does', async () => {
    const { address, port } = await plug('3.1');
    const query = encode55aa(
      { seq: 5, cmd: TuyaCommand.DP_QUERY, payload: Buffer.from(`{"gwId":"${GWID}","devId":"${GWID}"}`) },
      { kind: 'crc' },
    );
    const broken = Buffer.from(query);
    broken[broken.length - 5] = (broken[broken.length - 5] ?? 0) ^ 0xff;
    expect((await rawExchange(address, port, [broken])).length).toBe(0);
    const answer = await rawExchange(address, port, [broken, query]);
    expect(answer.subarray(0, 4).toString('hex')).toBe('000055aa');
    expect(answer.toString('latin1')).toContain('"dps"');
  });

  it('a 3.4 negotiation frame signed with the wrong key gets no answer', async () => {
    const { address, port } = await plug('3.4');
    const wrong = encode55aa(
      { seq: 1, cmd: TuyaCommand.SESS_KEY_NEG_START, payload: Buffer.alloc(32) },
      { kind: 'hmac', key: Buffer.from('0000000000000000') },
    );
    expect((await rawExchange(address, port, [wrong, Buffer.from('garbage that is not a frame')])).length).toBe(0);
    // The device is still there: tuyapi negotiates and reads on a new connection.
    const device = client({ ip: address, port, id: GWID, key: KEY, version: '3.4' });
    await device.connect();
    expect(await device.get({ dps: 1 })).toBe(false);
  }, 20_000);
});

import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../../test/support/addresses.ts';
import { type StartedSimulator, startSimulator } from '../../../lab/core/start-simulator.ts';
import { tcpExchange } from '../../../net/tcp-exchange.ts';
import {
  encodeNoiseFrame,
  encodePlaintextFrame,
  MESSAGE_TYPE,
  type PlaintextFrame,
  parseNoiseFrame,
  parsePlaintextFrame,
} from '../api-frame.ts';
import {
  decodeConnectResponse,
  decodeDeviceInfoResponse,
  decodeHelloResponse,
  encodeConnectRequest,
  encodeHelloRequest,
} from '../api-messages.ts';
import { esphomeKind } from './kind.ts';

const started: StartedSimulator[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

async function start(settings: unknown, name = 'Garage Door'): Promise<{ sim: StartedSimulator; address: string }> {
  const address = testAddress();
  const sim = await startSimulator(esphomeKind, { name, address, settings, mac: '24:6F:28:AA:BB:01' });
  started.push(sim);
  return { sim, address };
}

function plaintextFrames(data: Buffer): PlaintextFrame[] {
  const frames: PlaintextFrame[] = [];
  let rest = data;
  for (;;) {
    const frame = parsePlaintextFrame(rest);
    if (!frame) return frames;
    frames.push(frame);
    rest = rest.subarray(frame.length);
  }
}

function exchange(address: string, port: number, send: Buffer, done: (data: Buffer) => boolean): Promise<Buffer> {
  return tcpExchange({ host: address, port, send, complete: done, timeoutMs: 3000, maxBytes: 64 * 1024 });
}

const hello = encodePlaintextFrame(
  MESSAGE_TYPE.helloRequest,
  encodeHelloRequest({ clientInfo: 'iotwarden-test', apiVersionMajor: 1, apiVersionMinor: 10 }),
);

describe('ESPHome simulator, plaintext API', () => {
  it('answers Hello and DeviceInfo with the node facts', async () => {
    const { sim, address } = await start({ firmware: '2024.6.1', model: 'esp32dev' });
    const answer = await exchange(
      address,
      sim.portOf(6053),
      Buffer.concat([hello, encodePlaintextFrame(MESSAGE_TYPE.deviceInfoRequest)]),
      (d) => d[0] === 0 && plaintextFrames(d).length >= 2,
    );
    expect(answer[0]).toBe(0x00);
    const [helloFrame, infoFrame] = plaintextFrames(answer);
    expect(helloFrame?.type).toBe(MESSAGE_TYPE.helloResponse);
    const helloResponse = decodeHelloResponse(helloFrame?.payload ?? Buffer.alloc(0));
    expect(helloResponse).toMatchObject({ apiVersionMajor: 1, apiVersionMinor: 10, name: 'garage-door' });
    expect(helloResponse.serverInfo).toBe('garage-door (esphome v2024.6.1)');
    expect(infoFrame?.type).toBe(MESSAGE_TYPE.deviceInfoResponse);
    const info = decodeDeviceInfoResponse(infoFrame?.payload ?? Buffer.alloc(0));
    expect(info).toMatchObject({
      usesPassword: false,
      name: 'garage-door',
      friendlyName: 'Garage Door',
      macAddress: '24:6F:28:AA:BB:01',
      esphomeVersion: '2024.6.1',
      model: 'esp32dev',
      manufacturer: 'Espressif',
    });
  });

  it('checks the API password in ConnectRequest and drops a wrong one', async () => {
    const { sim, address } = await start({ auth: { enabled: true, password: 'hunter2' } });
    const connect = (password: string) =>
      exchange(
        address,
        sim.portOf(6053),
        Buffer.concat([hello, encodePlaintextFrame(MESSAGE_TYPE.connectRequest, encodeConnectRequest(password))]),
        (d) => plaintextFrames(d).length >= 2,
      );
    const wrong = plaintextFrames(await connect('guess'));
    expect(decodeConnectResponse(wrong[1]?.payload ?? Buffer.alloc(0)).invalidPassword).toBe(true);
    const right = plaintextFrames(await connect('hunter2'));
    expect(decodeConnectResponse(right[1]?.payload ?? Buffer.alloc(0)).invalidPassword).toBe(false);
  });

  it('announces itself over mDNS without api_encryption', async () => {
    const { sim } = await start({});
    const [service] = sim.simulator.mdnsServices();
    expect(service).toMatchObject({ type: '_esphomelib._tcp', port: 6053, instance: 'garage-door' });
    expect(service?.txt).toMatchObject({
      version: '2024.6.1',
      mac: '246f28aabb01',
      platform: 'ESP32',
      board: 'esp32dev',
    });
    expect(service?.txt.api_encryption).toBeUndefined();
  });
});

describe('ESPHome simulator, Noise API', () => {
  it('turns a plaintext client away with a Noise frame', async () => {
    const { sim, address } = await start({ encryption: 'noise' });
    const answer = await exchange(address, sim.portOf(6053), hello, () => false);
    expect(answer[0]).toBe(0x01);
    const frame = parseNoiseFrame(answer);
    expect(frame?.payload[0]).toBe(0x01);
    expect(frame?.payload.subarray(1).toString()).toBe('Bad indicator byte');
  });

  it('sends the server hello to a Noise client, then rejects a handshake it cannot verify', async () => {
    const { sim, address } = await start({ encryption: 'noise' });
    const clientHello = encodeNoiseFrame(Buffer.alloc(0));
    const handshake = encodeNoiseFrame(Buffer.concat([Buffer.from([0x00]), Buffer.alloc(48, 7)]));
    const answer = await exchange(address, sim.portOf(6053), Buffer.concat([clientHello, handshake]), () => false);
    const serverHello = parseNoiseFrame(answer);
    expect(serverHello?.payload.toString('utf8')).toBe('\u0001garage-door\u0000246f28aabb01\u0000');
    const reject = parseNoiseFrame(answer.subarray(serverHello?.length ?? 0));
    expect(reject?.payload.subarray(1).toString()).toBe('Handshake MAC failure');
    expect(sim.simulator.mdnsServices()[0]?.txt.api_encryption).toBe('Noise_NNpsk0_25519_ChaChaPoly_SHA256');
  });

  it('a plaintext node answers a Noise client with the plaintext marker', async () => {
    const { sim, address } = await start({});
    const answer = await exchange(address, sim.portOf(6053), encodeNoiseFrame(Buffer.alloc(0)), () => false);
    expect(answer.toString('latin1')).toBe('\u0000Bad indicator byte');
  });
});

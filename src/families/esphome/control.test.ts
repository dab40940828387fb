import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { testAddress } from '../../../test/support/addresses.ts';
import { probeContext, probeTargetOf } from '../../../test/support/simulated-probe.ts';
import { DeviceAuthError, DeviceTimeoutError, ProtocolError } from '../../errors/index.ts';
import { type StartedSimulator, startSimulator } from '../../lab/core/start-simulator.ts';
import { systemClock } from '../../util/clock.ts';
import { silentLogger } from '../../util/logger.ts';
import type { Credential } from '../device-adapter.ts';
import { emptyDeviceFacts } from '../facts.ts';
import type { InstallContext, InstallDevice } from '../installer.ts';
import { esphomeAdapter } from './adapter.ts';
import { encodeNoiseReject, encodePlaintextFrame, MESSAGE_TYPE, parsePlaintextFrame } from './api-frame.ts';
import { encodeConnectResponse, encodeDeviceInfoResponse, encodeHelloResponse } from './api-messages.ts';
import { esphomeControl } from './control.ts';
import { ENTITY_MESSAGE } from './entity-messages.ts';
import { MAX_ENTITIES } from './entity-reader.ts';
import { ProtoWriter } from './protobuf.ts';
import { esphomeKind } from './simulator/kind.ts';
import { labEncryptionKey } from './simulator/settings.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

const MAC = '24:6F:28:10:20:30';
const TYPICAL_CHANNELS = [
  { id: 'light:led', kind: 'light', on: false, brightness: 100 },
  { id: 'switch:relay', kind: 'relay', on: false },
];

async function node(settings: unknown, name = 'Hall Sensor'): Promise<{ sim: StartedSimulator; address: string }> {
  const address = testAddress();
  const sim = await startSimulator(esphomeKind, { name, address, settings, mac: MAC });
  cleanups.push(() => sim.stop());
  return { sim, address };
}

/** The device as a scan records it: identified and inspected by the family adapter. */
async function scanned(sim: StartedSimulator, address: string): Promise<InstallDevice> {
  const target = probeTargetOf(sim, address);
  const identity = await esphomeAdapter.identify(target, probeContext());
  const facts = await esphomeAdapter.inspect(target, identity!, probeContext());
  return { address, facts, connectPort: (port) => sim.portOf(port) };
}

function context(credential?: Credential, timeoutMs = 2000, maxBytes = 256 * 1024): InstallContext {
  return {
    signal: AbortSignal.timeout(10_000),
    timeoutMs,
    maxBytes,
    credentials: (query) => (query.family === 'esphome' ? credential : undefined),
    clock: systemClock,
    log: silentLogger,
  };
}

describe('esphomeControl over the lab simulator', () => {
  it("reads a typical plaintext node's switch and light, and leaves its sensors out", async () => {
    const { sim, address } = await node({ firmware: '2024.6.1' });
    const state = await esphomeControl.read(await scanned(sim, address), context());
    expect(state?.channels).toEqual(TYPICAL_CHANNELS);
    expect(state?.evidence.sent).toContain('ListEntitiesRequest, SubscribeStatesRequest');
    expect(state?.evidence.received).toMatch(/^7 entities \(binary_sensor,light,sensor,sensor,sensor,switch,other\)/);
  });

  it('reads an ESPHome 2025 node, which needs no ConnectRequest without a password', async () => {
    const { sim, address } = await node({ firmware: '2025.5.0' });
    expect((await esphomeControl.read(await scanned(sim, address), context()))?.channels).toEqual(TYPICAL_CHANNELS);
    // A mistyped key does not matter to a plaintext node, which never needs it.
    const withBadKey = await esphomeControl.read(await scanned(sim, address), context({ apiKey: 'not-a-key' }));
    expect(withBadKey?.channels).toEqual(TYPICAL_CHANNELS);
  });

  it('logs in to a password node with the configured password, and says what is missing or refused', async () => {
    const { sim, address } = await node({ auth: { enabled: true, password: 'hunter2' } });
    const device = await scanned(sim, address);
    expect((await esphomeControl.read(device, context({ password: 'hunter2' })))?.channels).toEqual(TYPICAL_CHANNELS);
    await expect(esphomeControl.read(device, context())).rejects.toThrow(/asks for an API password and none/);
    const refused = esphomeControl.read(device, context({ password: 'guess' }));
    await expect(refused).rejects.toBeInstanceOf(DeviceAuthError);
    await expect(refused).rejects.toThrow(/refused the configured API password/);
  });

  it('sends no password to a node presenting another MAC than the scan recorded', async () => {
    const { sim, address } = await node({ auth: { enabled: true, password: 'hunter2' } });
    const device = await scanned(sim, address);
    const impostor = { ...device, facts: { ...device.facts, mac: '24:6F:28:99:99:99' } };
    await expect(esphomeControl.read(impostor, context({ password: 'hunter2' }))).rejects.toThrow(
      /presents MAC 24:6F:28:10:20:30 but the scan recorded 24:6F:28:99:99:99: nothing secret was sent/,
    );
  });

  it('stops at the byte budget: the whole conversation counts, not one message', async () => {
    const { sim, address } = await node({});
    const read = esphomeControl.read(await scanned(sim, address), context(undefined, 2000, 400));
    await expect(read).rejects.toBeInstanceOf(ProtocolError);
    await expect(read).rejects.toThrow(/sent more than 400 bytes/);
  });

  it('starts no Noise handshake with a node whose server hello names another MAC than the scan recorded', async () => {
    const { sim, address } = await node({ encryption: 'noise' }, 'Air Quality');
    const device = await scanned(sim, address);
    const impostor = { ...device, facts: { ...device.facts, mac: '24:6F:28:99:99:99' } };
    const read = esphomeControl.read(impostor, context({ apiKey: labEncryptionKey('Air Quality') }));
    await expect(read).rejects.toBeInstanceOf(DeviceAuthError);
    await expect(read).rejects.toThrow(/presents MAC 24:6F:28:10:20:30 but the scan recorded 24:6F:28:99:99:99/);
  });

  it('reads a Noise node with its key; a wrong key, a missing key and a malformed key are auth errors', async () => {
    const { sim, address } = await node({ encryption: 'noise', firmware: '2025.2.0' }, 'Air Quality');
    const device = await scanned(sim, address);
    expect(device.facts.protocols).toEqual(['esphome-noise']);
    const key = labEncryptionKey('Air Quality');
    const state = await esphomeControl.read(device, context({ apiKey: key }));
    expect(state?.channels).toEqual(TYPICAL_CHANNELS);
    expect(state?.evidence.sent).toContain('Noise (the configured key; not shown)');
    expect(JSON.stringify(state)).not.toContain(key);

    const wrong = esphomeControl.read(device, context({ apiKey: Buffer.alloc(32, 1).toString('base64') }));
    await expect(wrong).rejects.toBeInstanceOf(DeviceAuthError);
    await expect(wrong).rejects.toThrow(/refused the configured encryption key \("Handshake MAC failure"\)/);
    await expect(esphomeControl.read(device, context())).rejects.toThrow(/API encryption is on and no encryption key/);
    await expect(esphomeControl.read(device, context({ apiKey: 'not-a-key' }))).rejects.toThrow(/not an ESPHome/);
  });

  it('follows a node that switched between plaintext and Noise since the scan', async () => {
    const { sim, address } = await node({ encryption: 'noise' }, 'Air Quality');
    const device = await scanned(sim, address);
    const asPlaintext = { ...device, facts: { ...device.facts, protocols: ['esphome-plaintext' as const] } };
    const key = labEncryptionKey('Air Quality');
    expect((await esphomeControl.read(asPlaintext, context({ apiKey: key })))?.channels).toEqual(TYPICAL_CHANNELS);

    const plain = await node({});
    const plainDevice = await scanned(plain.sim, plain.address);
    const asNoise = { ...plainDevice, facts: { ...plainDevice.facts, protocols: ['esphome-noise' as const] } };
    expect((await esphomeControl.read(asNoise, context({ apiKey: key })))?.channels).toEqual(TYPICAL_CHANNELS);
  });
});

/** What a scripted node does with one plaintext request: frames to write back, or `close`. */
type Script = (type: number, write: (type: number, payload?: Buffer) => void, socket: Socket) => void;

async function fakeNode(onConnection: (socket: Socket) => void): Promise<InstallDevice> {
  const address = testAddress();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  const port = (server.address() as { port: number }).port;
  const facts = emptyDeviceFacts('esphome', 'ESPHome');
  facts.protocols.push('esphome-plaintext');
  facts.mac = MAC;
  return { address, facts, connectPort: () => port };
}

/** A plaintext node that logs clients in as ESPHome 2024.6 does and hands everything else to `script`. */
function scripted(script: Script): (socket: Socket) => void {
  return (socket) => {
    let buffer = Buffer.alloc(0);
    const write = (type: number, payload?: Buffer) => socket.write(encodePlaintextFrame(type, payload));
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (let frame = parsePlaintextFrame(buffer); frame; frame = parsePlaintextFrame(buffer)) {
        buffer = buffer.subarray(frame.length);
        if (frame.type === MESSAGE_TYPE.helloRequest) {
          write(MESSAGE_TYPE.helloResponse, encodeHelloResponse(helloOf()));
        } else if (frame.type === MESSAGE_TYPE.deviceInfoRequest) {
          write(MESSAGE_TYPE.deviceInfoResponse, deviceInfoPayload());
        } else if (frame.type === MESSAGE_TYPE.connectRequest) {
          write(MESSAGE_TYPE.connectResponse, encodeConnectResponse(false));
        } else script(frame.type, write, socket);
      }
    });
  };
}

function helloOf() {
  return { apiVersionMajor: 1, apiVersionMinor: 10, serverInfo: 'fake (esphome v2024.6.1)', name: 'fake' };
}

function deviceInfoPayload(): Buffer {
  return encodeDeviceInfoResponse({
    usesPassword: false,
    name: 'fake',
    macAddress: MAC,
    esphomeVersion: '2024.6.1',
    compilationTime: '',
    model: 'esp32dev',
    hasDeepSleep: false,
    projectName: '',
    projectVersion: '',
    webserverPort: 0,
    manufacturer: 'Espressif',
    friendlyName: 'Fake',
    suggestedArea: '',
    apiEncryptionSupported: false,
  });
}

function listed(objectId: string, key: number, name: string): ProtoWriter {
  return new ProtoWriter().string(1, objectId).fixed32(2, key).string(3, name);
}

describe('esphomeControl against scripted nodes', () => {
  it('reads a cover with its position and a light without brightness; an unknown kind is skipped', async () => {
    const device = await fakeNode(
      scripted((type, write) => {
        if (type === MESSAGE_TYPE.listEntitiesRequest) {
          write(ENTITY_MESSAGE.listCover, listed('garage_door', 11, 'Garage Door').bool(6, true).finish());
          write(ENTITY_MESSAGE.listLight, listed('porch', 12, 'Porch').repeatedUint32(12, [1]).finish());
          write(46, listed('thermostat', 13, 'Thermostat').finish()); // ListEntitiesClimateResponse
          write(ENTITY_MESSAGE.listCover, listed('gate', 14, 'Gate').finish());
          write(MESSAGE_TYPE.listEntitiesDoneResponse);
        } else if (type === MESSAGE_TYPE.subscribeStatesRequest) {
          write(MESSAGE_TYPE.pingRequest);
          write(ENTITY_MESSAGE.coverState, new ProtoWriter().fixed32(1, 11).float(3, 0.4).uint32(5, 2).finish());
          write(ENTITY_MESSAGE.lightState, new ProtoWriter().fixed32(1, 12).bool(2, true).float(3, 0.5).finish());
          write(ENTITY_MESSAGE.coverState, new ProtoWriter().fixed32(1, 14).float(3, 1).finish());
        }
      }),
    );
    const state = await esphomeControl.read(device, context());
    expect(state?.channels).toEqual([
      { id: 'cover:garage_door', kind: 'cover', state: 'closing', position: 40 },
      { id: 'light:porch', kind: 'light', on: true },
      { id: 'cover:gate', kind: 'cover', state: 'open' },
    ]);
  });

  it('a node with only sensors has no control state, and is not subscribed to', async () => {
    const requests: number[] = [];
    const device = await fakeNode(
      scripted((type, write) => {
        requests.push(type);
        if (type !== MESSAGE_TYPE.listEntitiesRequest) return;
        write(ENTITY_MESSAGE.listSensor, listed('temperature', 1, 'Temperature').finish());
        write(ENTITY_MESSAGE.listBinarySensor, listed('motion', 2, 'Motion').finish());
        write(MESSAGE_TYPE.listEntitiesDoneResponse);
      }),
    );
    expect(await esphomeControl.read(device, context())).toBeUndefined();
    expect(requests).not.toContain(MESSAGE_TYPE.subscribeStatesRequest);
  });

  it('keeps device-supplied object ids to a safe alphabet and apart when they collide', async () => {
    const device = await fakeNode(
      scripted((type, write) => {
        if (type === MESSAGE_TYPE.listEntitiesRequest) {
          write(ENTITY_MESSAGE.listSwitch, listed('relay\u001b[2J/../x', 0x21, 'A').finish());
          write(ENTITY_MESSAGE.listSwitch, listed('relay__2_____x', 0x22, 'B').finish());
          write(ENTITY_MESSAGE.listSwitch, listed('', 0x23, 'Pump Two').finish());
          write(MESSAGE_TYPE.listEntitiesDoneResponse);
        } else if (type === MESSAGE_TYPE.subscribeStatesRequest) {
          for (const key of [0x21, 0x22, 0x23])
            write(
              ENTITY_MESSAGE.switchState,
              new ProtoWriter()
                .fixed32(1, key)
                .bool(2, key === 0x22)
                .finish(),
            );
        }
      }),
    );
    const ids = (await esphomeControl.read(device, context()))?.channels.map((c) => c.id);
    expect(ids).toEqual(['switch:relay__2_____x', 'switch:relay__2_____x~22', 'switch:pump_two']);
  });

  it('refuses a node that lists more than the entity cap', async () => {
    const device = await fakeNode(
      scripted((type, write) => {
        if (type !== MESSAGE_TYPE.listEntitiesRequest) return;
        for (let key = 1; key <= MAX_ENTITIES + 1; key++)
          write(ENTITY_MESSAGE.listSensor, listed(`s${key}`, key, `S${key}`).finish());
        write(MESSAGE_TYPE.listEntitiesDoneResponse);
      }),
    );
    await expect(esphomeControl.read(device, context())).rejects.toThrow(`lists more than ${MAX_ENTITIES} entities`);
  });

  it('a node that hangs up in the middle of its entity list is a protocol error that says so', async () => {
    const device = await fakeNode(
      scripted((type, write, socket) => {
        if (type !== MESSAGE_TYPE.listEntitiesRequest) return;
        write(ENTITY_MESSAGE.listSwitch, listed('relay', 1, 'Relay').finish());
        socket.end();
      }),
    );
    const read = esphomeControl.read(device, context());
    await expect(read).rejects.toBeInstanceOf(ProtocolError);
    await expect(read).rejects.toThrow(/closed the connection while listing its entities \(1 listed/);
  });

  it('a silent node times out within the context timeout', async () => {
    const device = await fakeNode(() => undefined);
    const started = Date.now();
    const read = esphomeControl.read(device, context(undefined, 300));
    await expect(read).rejects.toBeInstanceOf(DeviceTimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('following a node to its other transport stays within the one timeout', async () => {
    let connections = 0;
    const device = await fakeNode((socket) => {
      connections += 1;
      // The first connection (plaintext) is turned away as a Noise node does; the second (Noise) hears nothing back.
      if (connections === 1) socket.end(encodeNoiseReject('Bad indicator byte'));
    });
    const started = performance.now();
    const read = esphomeControl.read(device, context({ apiKey: labEncryptionKey('x') }, 1500));
    await expect(read).rejects.toBeInstanceOf(DeviceTimeoutError);
    expect(connections).toBe(2);
    // Two timeouts, one per transport, would take 3 s at least; the slack is for a loaded CI machine.
    expect(performance.now() - started).toBeLessThan(2900);
  });

  it('a node that stops answering after the login times out too', async () => {
    const device = await fakeNode(scripted(() => undefined));
    await expect(esphomeControl.read(device, context(undefined, 300))).rejects.toBeInstanceOf(DeviceTimeoutError);
  });

  it('a node that sends garbage is a protocol error', async () => {
    const device = await fakeNode((socket) => socket.write(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n')));
    const read = esphomeControl.read(device, context());
    await expect(read).rejects.toBeInstanceOf(ProtocolError);
    await expect(read).rejects.toThrow(/not plaintext/);
  });

  it('a malformed entity message or an over-long frame is a protocol error', async () => {
    const broken = await fakeNode(
      scripted((type, write) => {
        if (type === MESSAGE_TYPE.listEntitiesRequest) write(ENTITY_MESSAGE.listSwitch, Buffer.from([0x0a, 0x7f, 1]));
      }),
    );
    const malformed = esphomeControl.read(broken, context());
    await expect(malformed).rejects.toBeInstanceOf(ProtocolError);
    await expect(malformed).rejects.toThrow(/^127\.77\.\d+\.\d+:\d+: malformed message: .*cut off/);
    const huge = await fakeNode((socket) => socket.write(Buffer.from([0x00, 0xff, 0xff, 0xff, 0x0f, 0x02])));
    await expect(esphomeControl.read(huge, context())).rejects.toThrow(/over the 65535-byte cap/);
  });
});

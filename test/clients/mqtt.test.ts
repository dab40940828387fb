/**
 * Contract suite: the NAS's MQTT broker driven by the `mqtt` package 5.16.0 (MQTT.js, the client Node-RED and
 * zigbee2mqtt use) over MQTT 3.1 (`MQIsdp`, level 3), 3.1.1 and 5: identity from `$SYS`, retained messages set by
 * one client and read by another, QoS 0/1/2, wildcards, MQTT 5 properties, persistent sessions, wills, keep-alive
 * and the CONNACK error each version gets for wrong credentials. The expected bytes and codes were captured from
 * mosquitto 2.0.11 on loopback.
 */
import { createRequire } from 'node:module';
import { connect as connectTcp } from 'node:net';
import {
  connectAsync,
  connect as connectMqtt,
  type IClientOptions,
  type IConnackPacket,
  type IPublishPacket,
  type MqttClient,
} from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import { nasKind } from '../../src/lab/kinds/nas/nas-kind.ts';
import { testAddress } from '../support/addresses.ts';

const CLIENT_VERSION = '5.16.0';

const sims: StartedSimulator[] = [];
const clients: MqttClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  await Promise.all(sims.splice(0).map((s) => s.stop()));
});

async function broker(mqtt: Record<string, unknown> = {}): Promise<string> {
  const address = testAddress();
  const sim = await startSimulator(nasKind, { address, settings: { mqtt: { enabled: true, ...mqtt } } });
  sims.push(sim);
  return `mqtt://${address}:${sim.portOf(1883)}`;
}

async function client(url: string, options: IClientOptions = {}): Promise<MqttClient> {
  const c = await connectAsync(url, { reconnectPeriod: 0, connectTimeout: 3000, ...options });
  clients.push(c);
  return c;
}

/** Connects with `setup` run before the CONNECT goes out (so nothing sent right after CONNACK is missed). */
function connected(url: string, options: IClientOptions, setup: (c: MqttClient) => void = () => undefined) {
  return new Promise<{ client: MqttClient; connack: IConnackPacket }>((resolve, reject) => {
    const c = connectMqtt(url, { reconnectPeriod: 0, connectTimeout: 3000, ...options });
    clients.push(c);
    setup(c);
    c.once('connect', (connack) => resolve({ client: c, connack }));
    c.once('error', reject);
  });
}

/** The first message for which `match` holds (on any topic), or a timeout. */
function received(c: MqttClient, match: (topic: string, packet: IPublishPacket) => boolean, ms = 3000) {
  return new Promise<IPublishPacket>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching message within ${ms} ms`)), ms);
    const listener = (topic: string, _payload: Buffer, packet: IPublishPacket): void => {
      if (!match(topic, packet)) return;
      clearTimeout(timer);
      c.off('message', listener);
      resolve(packet);
    };
    c.on('message', listener);
  });
}

const on = (topic: string) => (t: string) => t === topic;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`mqtt ${CLIENT_VERSION} against the NAS broker`, () => {
  it('is the client version this suite was written against', () => {
    const require = createRequire(import.meta.url);
    expect((require('mqtt/package.json') as { version: string }).version).toBe(CLIENT_VERSION);
  });

  for (const [label, options] of [
    ['MQTT 3.1 (MQIsdp)', { protocolId: 'MQIsdp', protocolVersion: 3 }],
    ['MQTT 3.1.1', { protocolVersion: 4 }],
    ['MQTT 5', { protocolVersion: 5 }],
  ] as const) {
    it(`${label}: identity from $SYS, a retained state one client sets and another reads, then clears`, async () => {
      const url = await broker();
      const reader = await client(url, { ...options, clientId: 'reader' });
      const version = received(reader, on('$SYS/broker/version'));
      const connected = received(reader, on('$SYS/broker/clients/connected'));
      await reader.subscribeAsync(['$SYS/broker/version', '$SYS/broker/clients/+']);
      expect((await version).payload.toString()).toBe('mosquitto version 2.0.11');
      expect((await connected).payload.toString()).toBe('1');

      const writer = await client(url, { ...options, clientId: 'writer' });
      await writer.publishAsync('home/garage/door', 'open', { qos: 1, retain: true });
      const later = await client(url, { ...options, clientId: 'later' });
      const retained = received(later, on('home/garage/door'));
      const granted = await later.subscribeAsync('home/+/door', { qos: 1 });
      expect(granted[0]).toMatchObject({ topic: 'home/+/door', qos: 1 });
      expect(await retained).toMatchObject({ retain: true, qos: 1 });
      expect((await retained).payload.toString()).toBe('open');

      // An empty retained publish clears it: the live subscriber still gets it, a new one gets nothing.
      const cleared = received(later, (t, p) => t === 'home/garage/door' && p.payload.length === 0);
      await writer.publishAsync('home/garage/door', '', { qos: 1, retain: true });
      expect((await cleared).retain).toBe(false);
      const fresh = await client(url, { ...options, clientId: 'fresh' });
      let stale = false;
      fresh.on('message', () => {
        stale = true;
      });
      await fresh.subscribeAsync('home/#');
      await sleep(150);
      expect(stale).toBe(false);
    });
  }

  it('routes QoS 0, 1 and 2 at the lower of publish and subscription QoS; # does not match $SYS', async () => {
    const url = await broker();
    const sub = await client(url, { clientId: 'sub' });
    await sub.subscribeAsync({ 'sensors/#': { qos: 2 }, '#': { qos: 0 } });
    const pub = await client(url, { clientId: 'pub' });
    const seen: string[] = [];
    sub.on('message', (topic, payload, packet) => seen.push(`${topic}=${payload.toString()}@${packet.qos}`));
    await pub.publishAsync('sensors/t', 'q0', { qos: 0 });
    await pub.publishAsync('sensors/t', 'q1', { qos: 1 });
    await pub.publishAsync('sensors/t', 'q2', { qos: 2 });
    await pub.publishAsync('other', 'x', { qos: 2 });
    await sleep(150);
    // A 3.1.1 client gets one copy per message at the highest QoS among its matching subscriptions. (MQTT.js
    // hands a QoS 2 message over only after PUBREL, so arrival order is not asserted.)
    expect(seen.sort()).toEqual(['other=x@0', 'sensors/t=q0@0', 'sensors/t=q1@1', 'sensors/t=q2@2']);
    expect(seen.some((s) => s.startsWith('$SYS'))).toBe(false);
  });

  it('MQTT 5: CONNACK properties, an assigned client id, subscription ids, No Local and user properties', async () => {
    const url = await broker();
    const { client: c, connack } = await connected(url, { protocolVersion: 5, clientId: '' });
    expect(connack.properties).toMatchObject({ topicAliasMaximum: 10, receiveMaximum: 20 });
    expect(connack.properties?.assignedClientIdentifier).toMatch(/^auto-[0-9A-F-]{36}$/);

    await c.subscribeAsync('room/#', { qos: 1, nl: true, properties: { subscriptionIdentifier: 7 } });
    const other = await client(url, { protocolVersion: 5, clientId: 'other' });
    const got = received(c, on('room/light'));
    let echoed = false;
    c.on('message', (t, payload) => {
      if (t === 'room/own' && payload.toString() === 'mine') echoed = true;
    });
    await c.publishAsync('room/own', 'mine');
    await other.publishAsync('room/light', 'on', {
      qos: 1,
      properties: { userProperties: { source: 'test' }, contentType: 'text/plain' },
    });
    const packet = await got;
    expect(packet.properties).toMatchObject({
      subscriptionIdentifier: 7,
      contentType: 'text/plain',
      userProperties: { source: 'test' },
    });
    await sleep(50);
    expect(echoed).toBe(false);

    // PUBACK with reason 0x10 "No matching subscribers" when nobody listens.
    const acks: number[] = [];
    other.on('packetreceive', (p) => {
      if (p.cmd === 'puback') acks.push((p as { reasonCode?: number }).reasonCode ?? 0);
    });
    await other.publishAsync('nobody/listens', 'x', { qos: 1 });
    expect(acks).toEqual([16]);
  });

  it('keeps a persistent session: subscriptions survive and QoS 1 messages queue while the client is away', async () => {
    const url = await broker();
    const first = await client(url, { clientId: 'sleepy', clean: false });
    await first.subscribeAsync('inbox/#', { qos: 1 });
    await first.endAsync();
    const pub = await client(url, { clientId: 'sender' });
    await pub.publishAsync('inbox/1', 'while you were out', { qos: 1 });
    let queued: Promise<IPublishPacket> | undefined;
    const back = await connected(url, { clientId: 'sleepy', clean: false }, (c) => {
      queued = received(c, on('inbox/1'));
    });
    expect(back.connack.sessionPresent).toBe(true);
    expect((await (queued as Promise<IPublishPacket>)).payload.toString()).toBe('while you were out');
  });

  it("publishes a client's will when it drops without DISCONNECT", async () => {
    const url = await broker();
    const watcher = await client(url, { clientId: 'watcher' });
    await watcher.subscribeAsync('status/#');
    const doomed = await client(url, {
      clientId: 'doomed',
      will: { topic: 'status/doomed', payload: Buffer.from('offline'), qos: 1, retain: true },
    });
    const will = received(watcher, on('status/doomed'));
    doomed.stream.destroy();
    expect((await will).payload.toString()).toBe('offline');
  });

  it('answers PINGREQ, and drops a silent client after 1.5 times its keep-alive', async () => {
    const url = await broker();
    const pinging = await client(url, { clientId: 'pinging', keepalive: 1 });
    await sleep(2200);
    expect(pinging.connected).toBe(true);

    const { hostname, port } = new URL(url);
    const socket = connectTcp(Number(port), hostname);
    socket.resume(); // read, so that the broker's close is seen
    const started = Date.now();
    // CONNECT, MQTT 3.1.1, clean session, keep-alive 1 s, client id "quiet"; then silence.
    socket.write(Buffer.from([0x10, 17, 0, 4, 77, 81, 84, 84, 4, 2, 0, 1, 0, 5, 113, 117, 105, 101, 116]));
    await new Promise((resolve) => socket.once('close', resolve));
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('updates $SYS every sys_interval: a second client shows in clients/connected', async () => {
    const url = await broker({ sysInterval: 1 });
    const watcher = await client(url, { clientId: 'watcher' });
    const first = received(watcher, on('$SYS/broker/clients/connected'));
    await watcher.subscribeAsync('$SYS/broker/#');
    expect((await first).payload.toString()).toBe('1');
    const two = received(watcher, (t, p) => t === '$SYS/broker/clients/connected' && p.payload.toString() === '2');
    await client(url, { clientId: 'second' });
    expect((await two).retain).toBe(false);
  });

  for (const [protocolVersion, code, message] of [
    [3, 5, 'Connection refused: Not authorized'],
    [4, 5, 'Connection refused: Not authorized'],
    [5, 135, 'Connection refused: Not authorized'],
  ] as const) {
    it(`refuses anonymous and wrong-password clients on protocol level ${protocolVersion} with code ${code}`, async () => {
      const url = await broker({ anonymous: false, username: 'ha', password: 'secret' });
      const protocolId = protocolVersion === 3 ? 'MQIsdp' : 'MQTT';
      for (const credentials of [{}, { username: 'ha', password: 'wrong' }]) {
        const refused = connectAsync(url, { protocolVersion, protocolId, reconnectPeriod: 0, ...credentials });
        await expect(refused).rejects.toMatchObject({ code, message });
      }
      const ok = await client(url, { protocolVersion, protocolId, username: 'ha', password: 'secret' });
      expect(ok.connected).toBe(true);
    });
  }
});

import type { Socket } from 'node:net';
import { MQTT_TYPE, type MqttPacket, packet, readPacket, readUtf8, utf8Field } from '../packets.ts';

export interface SimulatedMqttOptions {
  /** Mosquitto `allow_anonymous`. */
  anonymous: boolean;
  username: string | undefined;
  password: string | undefined;
}

const MAX_PACKET_BYTES = 64 * 1024;

interface Session {
  socket: Socket;
  filters: string[];
}

/**
 * The broker side of MQTT 3.1.1, enough for a home NAS running Mosquitto: CONNECT/CONNACK with anonymous or
 * password login, QoS 0/1 PUBLISH with retained messages and fan-out, SUBSCRIBE (with `+`/`#` wildcards),
 * UNSUBSCRIBE, PINGREQ and DISCONNECT. A refused CONNECT gets CONNACK 5 (not authorized) or 4 (bad user name or
 * password) and the connection is closed (§3.2.2.3).
 */
export class SimulatedMqttBroker {
  readonly #options: SimulatedMqttOptions;
  readonly #retained = new Map<string, Buffer>();
  readonly #sessions = new Set<Session>();

  constructor(options: SimulatedMqttOptions) {
    this.#options = options;
  }

  serve(socket: Socket): void {
    let session: Session | undefined;
    let pending: Buffer = Buffer.alloc(0);
    socket.on('close', () => {
      if (session) this.#sessions.delete(session);
    });
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      try {
        for (;;) {
          const read = readPacket(pending, MAX_PACKET_BYTES);
          if (!read) break;
          pending = pending.subarray(read.next);
          if (!session) {
            // §3.1: the first packet from a client MUST be CONNECT; anything else closes the connection.
            if (read.packet.type !== MQTT_TYPE.connect) throw new Error('first packet is not CONNECT');
            session = this.#connect(read.packet, socket);
            if (!session) return;
            continue;
          }
          if (!this.#handle(read.packet, session)) return;
        }
      } catch {
        socket.destroy();
      }
    });
  }

  #connect(p: MqttPacket, socket: Socket): Session | undefined {
    const name = readUtf8(p.body, 0);
    const level = p.body[name.next];
    const flags = p.body[name.next + 1] ?? 0;
    const connack = (code: number): Buffer => packet(MQTT_TYPE.connack, 0, Buffer.from([0, code]));
    if (!((name.text === 'MQTT' && level === 4) || (name.text === 'MQIsdp' && level === 3))) {
      socket.end(connack(1));
      return undefined;
    }
    let pos = name.next + 4;
    const clientId = readUtf8(p.body, pos);
    pos = clientId.next;
    if (flags & 0x04) {
      pos = readUtf8(p.body, pos).next; // will topic
      pos = readUtf8(p.body, pos).next; // will message
    }
    let username: string | undefined;
    let password: string | undefined;
    if (flags & 0x80) {
      const u = readUtf8(p.body, pos);
      username = u.text;
      pos = u.next;
    }
    if (flags & 0x40) password = readUtf8(p.body, pos).text;
    const code = this.#authorize(username, password);
    if (code !== 0) {
      socket.end(connack(code));
      return undefined;
    }
    socket.write(connack(0));
    const session: Session = { socket, filters: [] };
    this.#sessions.add(session);
    return session;
  }

  #authorize(username: string | undefined, password: string | undefined): number {
    if (username === undefined) return this.#options.anonymous ? 0 : 5;
    if (this.#options.username === undefined) return this.#options.anonymous ? 0 : 5;
    return username === this.#options.username && password === this.#options.password ? 0 : 4;
  }

  /** Returns false when the connection ended. */
  #handle(p: MqttPacket, session: Session): boolean {
    switch (p.type) {
      case MQTT_TYPE.publish:
        this.#publish(p, session);
        return true;
      case MQTT_TYPE.subscribe: {
        const granted: number[] = [];
        let pos = 2;
        const added: string[] = [];
        while (pos < p.body.length) {
          const filter = readUtf8(p.body, pos);
          pos = filter.next + 1;
          added.push(filter.text);
          granted.push(Math.min(p.body[filter.next] ?? 0, 1));
        }
        session.filters.push(...added);
        session.socket.write(packet(MQTT_TYPE.suback, 0, Buffer.concat([p.body.subarray(0, 2), Buffer.from(granted)])));
        for (const [topic, payload] of this.#retained) {
          if (added.some((f) => topicMatches(f, topic))) session.socket.write(publishPacket(topic, payload, true));
        }
        return true;
      }
      case MQTT_TYPE.unsubscribe: {
        let pos = 2;
        while (pos < p.body.length) {
          const filter = readUtf8(p.body, pos);
          pos = filter.next;
          session.filters = session.filters.filter((f) => f !== filter.text);
        }
        session.socket.write(packet(MQTT_TYPE.unsuback, 0, p.body.subarray(0, 2)));
        return true;
      }
      case MQTT_TYPE.pingreq:
        session.socket.write(packet(MQTT_TYPE.pingresp, 0, Buffer.alloc(0)));
        return true;
      case MQTT_TYPE.disconnect:
        session.socket.end();
        return false;
      default:
        session.socket.destroy();
        return false;
    }
  }

  #publish(p: MqttPacket, from: Session): void {
    const qos = (p.flags >> 1) & 0x03;
    const retain = (p.flags & 0x01) === 1;
    const topic = readUtf8(p.body, 0);
    let pos = topic.next;
    if (qos > 0) {
      from.socket.write(packet(MQTT_TYPE.puback, 0, p.body.subarray(pos, pos + 2)));
      pos += 2;
    }
    const payload = Buffer.from(p.body.subarray(pos));
    if (retain) {
      // §3.3.1.3: a retained message with an empty payload removes the retained message.
      if (payload.length === 0) this.#retained.delete(topic.text);
      else this.#retained.set(topic.text, payload);
    }
    for (const s of this.#sessions) {
      if (s.filters.some((f) => topicMatches(f, topic.text))) s.socket.write(publishPacket(topic.text, payload, false));
    }
  }
}

function publishPacket(topic: string, payload: Buffer, retain: boolean): Buffer {
  return packet(MQTT_TYPE.publish, retain ? 1 : 0, Buffer.concat([utf8Field(topic), payload]));
}

/** Topic filter matching with `+` (one level) and `#` (all remaining levels), §4.7. */
export function topicMatches(filter: string, topic: string): boolean {
  // §4.7.2: wildcards at the first level do not match topics starting with `$` ($SYS/...).
  if (topic.startsWith('$') && (filter.startsWith('#') || filter.startsWith('+'))) return false;
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

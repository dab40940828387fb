import type { RemoteInfo } from 'node:dgram';
import type { DeviceHost, UdpListener, UdpReply } from '../../../lab/core/device-host.ts';
import type { Clock } from '../../../util/clock.ts';
import { COAP_CODE, COAP_TYPE, type CoapMessage, decodeCoap, encodeCoap, uriPath, uriPathOptions } from './coap.ts';
import type { CoiotModel } from './coiot-description.ts';

/** CoIoT options (Gen1 API docs, CoIoT: COIOT_OPTION_BASE 3332 + 8·n). */
export const COIOT_OPTION = { globalDevId: 3332, statusValidity: 3412, statusSerial: 3420 } as const;

export const COIOT_PORT = 5683;

/** What the CoIoT service reads from its device. */
export interface CoiotSource {
  /** `<devtype>#<devid>#2`, the COIOT_OPTION_GLOBAL_DEVID value. */
  globalDevId(): string;
  model(): CoiotModel;
  /** `settings.coiot`: on/off, the unicast peer (`ip:port`, empty for multicast) and the publish period. */
  settings(): { enabled: boolean; peer: string; updatePeriodS: number };
  /** Calls `listener` on every state or settings change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
}

const uint16 = (value: number): Buffer => {
  const buffer = Buffer.alloc(2);
  buffer.writeUInt16BE(value & 0xffff);
  return buffer;
};

/**
 * COIOT_OPTION_STATUS_VALIDITY for a publish period: two periods, in tenths of a second when that fits (LS bit 0),
 * else in 4-second steps (LS bit 1) (Gen1 API docs, CoIoT).
 */
export function validityOption(updatePeriodS: number): number {
  const tenths = Math.round(updatePeriodS * 2 * 10);
  if (tenths % 2 === 0 && tenths <= 65534) return tenths;
  return Math.min(65535, Math.ceil((updatePeriodS * 2) / 4) | 1);
}

/** Only loopback peers get datagrams: the lab never sends to a real network (a capture's peer is 192.168.1.10). */
export function loopbackPeer(peer: string): { address: string; port: number } | undefined {
  const match = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}):(\d{1,5})$/.exec(peer);
  if (!match?.[1]) return undefined;
  const port = Number(match[2]);
  return port > 0 && port < 65536 ? { address: match[1], port } : undefined;
}

/**
 * The CoIoT side of a Gen1 Shelly (CoAP on UDP 5683, Gen1 API docs, CoIoT v2): answers unicast `GET /cit/s` and
 * `GET /cit/d` (a confirmable request gets the piggybacked ACK, a non-confirmable one a non-confirmable answer) and
 * publishes the status as a non-confirmable `0.30 /cit/s` request to the configured unicast peer when the state
 * changes and every `coiot.update_period` seconds. Multicast (an empty peer) is never sent from the lab.
 */
export class SimulatedCoiot {
  readonly #host: DeviceHost;
  readonly #clock: Clock;
  readonly #source: CoiotSource;
  #listener: UdpListener | undefined;
  #unsubscribe: (() => void) | undefined;
  #messageId = Math.floor(Math.random() * 0xffff);
  #serial = 0;
  #lastPayload = '';
  #publishQueued = false;
  #periodic: AbortController | undefined;
  #periodicPeer = '';

  constructor(options: { host: DeviceHost; clock: Clock; source: CoiotSource }) {
    this.#host = options.host;
    this.#clock = options.clock;
    this.#source = options.source;
  }

  async start(): Promise<void> {
    this.#listener = await this.#host.listenUdp(COIOT_PORT, (message, from, reply) =>
      this.#onDatagram(message, from, reply),
    );
    this.#unsubscribe = this.#source.subscribe(() => this.#queuePublish());
    this.#schedulePeriodic();
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#periodic?.abort();
    this.#periodic = undefined;
  }

  #onDatagram(data: Buffer, _from: RemoteInfo, reply: UdpReply): void {
    if (!this.#source.settings().enabled) return;
    const request = decodeCoap(data);
    if (!request || request.code !== COAP_CODE.get) return;
    if (request.type !== COAP_TYPE.confirmable && request.type !== COAP_TYPE.nonConfirmable) return;
    const path = uriPath(request);
    const answer = this.#answer(request, path);
    reply(encodeCoap(answer));
  }

  #answer(request: CoapMessage, path: string): CoapMessage {
    const acknowledge = request.type === COAP_TYPE.confirmable;
    const base = {
      type: acknowledge ? COAP_TYPE.acknowledgement : COAP_TYPE.nonConfirmable,
      messageId: acknowledge ? request.messageId : this.#nextMessageId(),
      token: request.token,
    };
    const devId: [number, Buffer] = [COIOT_OPTION.globalDevId, Buffer.from(this.#source.globalDevId())];
    if (path === '/cit/s') {
      const { options, payload } = this.#statusPacket();
      return { ...base, code: COAP_CODE.content, options: [devId, ...options], payload };
    }
    if (path === '/cit/d') {
      const payload = Buffer.from(JSON.stringify(this.#source.model().description));
      return { ...base, code: COAP_CODE.content, options: [devId], payload };
    }
    return { ...base, code: COAP_CODE.notFound, options: [devId], payload: Buffer.alloc(0) };
  }

  /** The /cit/s payload with its validity and serial options; the serial moves only when the status changed. */
  #statusPacket(): { options: Array<[number, Buffer]>; payload: Buffer } {
    const text = JSON.stringify({ G: this.#source.model().values.map(([id, value]) => [0, id, value]) });
    if (text !== this.#lastPayload || this.#serial === 0) {
      this.#lastPayload = text;
      // Serial 0 is reserved (Gen1 API docs, COIOT_OPTION_STATUS_SERIAL).
      this.#serial = (this.#serial % 0xffff) + 1;
    }
    const validity = validityOption(this.#source.settings().updatePeriodS);
    return {
      options: [
        [COIOT_OPTION.statusValidity, uint16(validity)],
        [COIOT_OPTION.statusSerial, uint16(this.#serial)],
      ],
      payload: Buffer.from(text),
    };
  }

  #nextMessageId(): number {
    this.#messageId = (this.#messageId + 1) & 0xffff;
    return this.#messageId;
  }

  /** Changes in one event-loop turn (a mode switch moves several channels) leave as one publish. */
  #queuePublish(): void {
    this.#schedulePeriodic();
    if (this.#publishQueued) return;
    this.#publishQueued = true;
    setImmediate(() => {
      this.#publishQueued = false;
      this.#publish();
    });
  }

  #publish(): boolean {
    const settings = this.#source.settings();
    const peer = settings.enabled ? loopbackPeer(settings.peer) : undefined;
    if (!peer || !this.#listener) return false;
    const { options, payload } = this.#statusPacket();
    const packet = encodeCoap({
      type: COAP_TYPE.nonConfirmable,
      code: COAP_CODE.coiotStatus,
      messageId: this.#nextMessageId(),
      token: Buffer.alloc(0),
      options: [
        ...uriPathOptions('/cit/s'),
        [COIOT_OPTION.globalDevId, Buffer.from(this.#source.globalDevId())],
        ...options,
      ],
      payload,
    });
    return this.#listener.send(packet, peer.port, peer.address);
  }

  /** The periodic publish runs only while a loopback peer is configured, so an idle lab holds no timers. */
  #schedulePeriodic(): void {
    const settings = this.#source.settings();
    const peer = settings.enabled && loopbackPeer(settings.peer) ? settings.peer : '';
    if (peer === this.#periodicPeer && (peer === '' || this.#periodic)) return;
    this.#periodic?.abort();
    this.#periodic = undefined;
    this.#periodicPeer = peer;
    if (peer === '') return;
    const abort = new AbortController();
    this.#periodic = abort;
    void this.#runPeriodic(abort.signal);
  }

  async #runPeriodic(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.#clock.sleep(Math.max(1, this.#source.settings().updatePeriodS) * 1000, signal);
      } catch {
        return;
      }
      this.#publish();
    }
  }
}

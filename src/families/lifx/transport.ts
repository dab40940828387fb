import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { DeviceTimeoutError } from '../../errors/index.ts';
import type { UdpDiscoveryProbe } from '../../net/udp-probes.ts';
import type { ExchangeLimits } from '../device-adapter.ts';
import type { Evidence } from '../facts.ts';
import { decodeStateService, LifxType, SERVICE_UDP } from './messages.ts';
import { decodeLifx, encodeLifx, LIFX_PORT, type LifxPacket, targetToMac } from './wire.ts';

/** What the discovery probe files under `udp.answers.lifx`: the answering bulb's MAC and its UDP service port. */
export interface LifxDiscoveryAnswer {
  mac: string;
  port: number;
}

/** A client's source id: any non-zero number the device echoes (zero asks some firmware to broadcast replies). */
function newSource(): number {
  return randomInt(2, 0x7fffffff);
}

/**
 * LIFX discovery: `GetService` (2) with `tagged` set, which every bulb answers with `StateService` (3). Sent unicast
 * to each target by net/, as the LIFX docs allow ("Discovery", a broadcast is only the usual case).
 */
export const lifxUdpProbe: UdpDiscoveryProbe = {
  name: 'lifx',
  port: LIFX_PORT,
  prepare: async () => {
    const source = newSource();
    return {
      payload: encodeLifx({
        tagged: true,
        source,
        target: '',
        resRequired: false,
        ackRequired: false,
        sequence: 0,
        type: LifxType.GetService,
      }),
      decode: (datagram: Buffer): LifxDiscoveryAnswer | undefined => decodeDiscovery(datagram, source),
    };
  },
};

/** A StateService answer to our probe, or undefined for anything else. */
export function decodeDiscovery(datagram: Buffer, source?: number): LifxDiscoveryAnswer | undefined {
  const packet = decodeLifx(datagram);
  if (!packet || packet.header.type !== LifxType.StateService) return undefined;
  if (source !== undefined && packet.header.source !== source) return undefined;
  const service = decodeStateService(packet.payload);
  if (!service || service.service !== SERVICE_UDP || !/^[0-9a-f]{12}$/.test(packet.header.target)) return undefined;
  if (packet.header.target === '000000000000') return undefined;
  return { mac: targetToMac(packet.header.target), port: service.port };
}

export interface LifxRequest extends ExchangeLimits {
  host: string;
  port: number;
  /** The bulb's MAC as 12 hex digits. */
  target: string;
  type: number;
  /** The answer type wanted (a State message). */
  expect: number;
  payload?: Buffer;
  /** Name of the request for evidence (`GetVersion`). */
  name: string;
}

/**
 * One request to one bulb and its answer, over UDP with a deadline, the caller's signal and a byte budget. Answers
 * from another address, for another source or sequence, or malformed, are ignored; a `StateUnhandled` (223) answer
 * ends the wait early as "not supported". Rejects with DeviceTimeoutError when nothing fitting arrives in time.
 */
export function lifxRequest(request: LifxRequest): Promise<LifxPacket> {
  request.signal.throwIfAborted();
  const source = newSource();
  const sequence = randomInt(0, 256);
  const datagram = encodeLifx(
    {
      tagged: false,
      source,
      target: request.target,
      resRequired: true,
      ackRequired: false,
      sequence,
      type: request.type,
    },
    request.payload,
  );
  return new Promise<LifxPacket>((resolve, reject) => {
    const socket = createSocket('udp4');
    let done = false;
    const finish = (error: unknown, packet?: LifxPacket): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      request.signal.removeEventListener('abort', onAbort);
      socket.close();
      if (packet) resolve(packet);
      else reject(error);
    };
    const onAbort = (): void => finish(request.signal.reason);
    const timer = setTimeout(
      () => finish(new DeviceTimeoutError({ host: request.host, port: request.port }, request.timeoutMs)),
      request.timeoutMs,
    );
    request.signal.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (error) => finish(error));
    socket.on('message', (data, from) => {
      if (from.address !== request.host || data.length > request.maxBytes) return;
      const packet = decodeLifx(data);
      if (!packet || packet.header.source !== source || packet.header.sequence !== sequence) return;
      if (packet.header.type === request.expect || packet.header.type === LifxType.StateUnhandled) {
        finish(undefined, packet);
      }
    });
    socket.send(datagram, request.port, request.host, (error) => {
      if (error)
        finish(new DeviceTimeoutError({ host: request.host, port: request.port }, request.timeoutMs, 'answer'));
    });
  });
}

/** Evidence for one exchange: the message names and what the answer said, already decoded. */
export function lifxEvidence(port: number, request: string, type: number, answer: string): Evidence {
  return { sent: `UDP ${port} ${request} (${type})`, received: answer };
}

import type { Socket } from 'node:net';
import type { DeviceHost, Listener } from '../../core/device-host.ts';
import type { DeviceSimulator, SimulatorKind } from '../../core/simulator.ts';
import { hostileMdns, hostileSsdp } from './hostile-discovery.ts';
import { hostileHandler } from './hostile-http.ts';
import { type HostileReceived, HostileRecorder } from './hostile-record.ts';
import { hostileTcpHandler, RAW_ON_HTTP_PORT } from './hostile-tcp.ts';
import { hostilePorts, hostileSettings } from './settings.ts';
import { certificateSwitcher } from './tls-cert-change.ts';
import { huePublicConfig } from './traps.ts';

/** The one port where a hostile device speaks HTTP; every other port (and port 80 of a raw behaviour) is raw TCP. */
const HTTP_PORT = 80;
/** Where a 'tls-cert-change' device speaks HTTPS, as a Hue bridge does. */
const HTTPS_PORT = 443;

/** A hostile device, with what it received over HTTP (the credential traps' catch). */
export interface HostileSimulator extends DeviceSimulator {
  received(): HostileReceived;
}

/** Whether a running lab device is a hostile one (its simulator records what it received). */
export function isHostileSimulator(simulator: DeviceSimulator): simulator is HostileSimulator {
  return typeof (simulator as Partial<HostileSimulator>).received === 'function';
}

/** Accepts raw connections on `port`, keeping each socket so stop() can end them. */
function rawListener(host: DeviceHost, port: number, held: Set<Socket>, onSocket: (s: Socket) => void) {
  return host.listenTcp(port, (socket) => {
    held.add(socket);
    socket.on('close', () => held.delete(socket));
    onSocket(socket);
  });
}

/**
 * A device that lies or stalls, on the ports the scenario names (settings.ts). Whatever it does, it must never take
 * the lab down: a client that resets or vanishes mid-stream ends only that connection.
 */
export const hostileKind: SimulatorKind<typeof hostileSettings> = {
  kind: 'hostile',
  settings: hostileSettings,
  create(init): HostileSimulator {
    const { settings, host } = init;
    const listeners: Listener[] = [];
    const held = new Set<Socket>();
    const recorder = new HostileRecorder();
    let stopped = false;
    const raw = hostileTcpHandler(settings.behavior, init.mac);
    const http = hostileHandler({ settings, mac: init.mac, fixture: init.fixture, address: init.address }, recorder);
    const listenOn = async (port: number): Promise<Listener> => {
      if (port === HTTP_PORT && !RAW_ON_HTTP_PORT.has(settings.behavior)) return host.listenHttp(port, http);
      if (port === HTTPS_PORT && settings.behavior === 'tls-cert-change') {
        const bridgeId = String(huePublicConfig(init.mac, '').bridgeid);
        const switcher = await certificateSwitcher(bridgeId, http);
        return rawListener(host, port, held, (socket) => switcher.serve(socket));
      }
      return rawListener(host, port, held, raw);
    };
    return {
      async start() {
        for (const port of hostilePorts(settings)) listeners.push(await listenOn(port));
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        for (const s of held) s.destroy();
        await Promise.all(listeners.map((l) => l.close()));
      },
      mdnsServices: () => hostileMdns(settings.behavior, init.mac),
      ssdpAnswers: () => hostileSsdp(settings.behavior, init.address),
      received: () => recorder.received(),
    };
  },
};

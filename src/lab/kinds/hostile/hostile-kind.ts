import type { Socket } from 'node:net';
import type { Listener } from '../../core/device-host.ts';
import type { SimulatorKind } from '../../core/simulator.ts';
import { hostileHandler } from './hostile-http.ts';
import { hostileTcpHandler } from './hostile-tcp.ts';
import { hostilePorts, hostileSettings } from './settings.ts';

/** The one port where a hostile device speaks HTTP; every other port (and port 80 of a 'silent' one) is raw TCP. */
const HTTP_PORT = 80;

/**
 * A device that lies or stalls, on the ports the scenario names (settings.ts). Whatever it does, it must never take
 * the lab down: a client that resets or vanishes mid-stream ends only that connection.
 */
export const hostileKind: SimulatorKind<typeof hostileSettings> = {
  kind: 'hostile',
  settings: hostileSettings,
  create(init) {
    const { settings, host } = init;
    const listeners: Listener[] = [];
    const held = new Set<Socket>();
    let stopped = false;
    const raw = hostileTcpHandler(settings.behavior, init.mac);
    return {
      async start() {
        for (const port of hostilePorts(settings)) {
          if (port === HTTP_PORT && settings.behavior !== 'silent') {
            listeners.push(await host.listenHttp(port, hostileHandler(settings, init.mac, init.fixture)));
            continue;
          }
          const listener = await host.listenTcp(port, (socket) => {
            held.add(socket);
            socket.on('close', () => held.delete(socket));
            raw(socket);
          });
          listeners.push(listener);
        }
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        for (const s of held) s.destroy();
        await Promise.all(listeners.map((l) => l.close()));
      },
      mdnsServices: () => [],
      ssdpAnswers: () => [],
    };
  },
};

import type { Socket } from 'node:net';
import type { Listener } from '../../core/device-host.ts';
import type { SimulatorKind } from '../../core/simulator.ts';
import { hostileHandler } from './hostile-http.ts';
import { hostileSettings } from './settings.ts';

/** Ports a 'silent' device accepts on and never answers: HTTP, Kasa's 9999 and telnet. */
const SILENT_PORTS = [80, 9999, 23];

/**
 * A device that lies or stalls. Whatever it does, it must never take the lab down: a client that resets or
 * vanishes mid-stream ends only that connection.
 */
export const hostileKind: SimulatorKind<typeof hostileSettings> = {
  kind: 'hostile',
  settings: hostileSettings,
  create(init) {
    const { settings, host } = init;
    const listeners: Listener[] = [];
    const held = new Set<Socket>();
    let stopped = false;
    return {
      async start() {
        if (settings.behavior === 'silent') {
          for (const port of SILENT_PORTS) {
            listeners.push(
              await host.listenTcp(port, (socket) => {
                // Read and discard so the client's writes never block; answer nothing, ever.
                held.add(socket);
                socket.on('close', () => held.delete(socket));
                socket.resume();
              }),
            );
          }
          return;
        }
        listeners.push(await host.listenHttp(80, hostileHandler(settings, init.mac, init.fixture)));
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

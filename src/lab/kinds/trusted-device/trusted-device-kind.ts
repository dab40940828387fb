import type { Listener } from '../../core/device-host.ts';
import type { SimulatorKind } from '../../core/simulator.ts';
import { TRUSTED_PROFILE_PORTS, trustedDeviceSettings } from './settings.ts';

const SSH = 22;

/**
 * A phone or laptop: plain TCP listeners. Port 22 greets with the SSH identification line, as sshd does before
 * the client says anything; the lab does not go on to key exchange, so any client bytes end the connection.
 * Other ports stay silent until the client speaks and then close, as a service would on a protocol it rejects.
 */
export const trustedDeviceKind: SimulatorKind<typeof trustedDeviceSettings> = {
  kind: 'trusted-device',
  settings: trustedDeviceSettings,
  create(init) {
    const { settings, host } = init;
    const ports = settings.ports ?? [...TRUSTED_PROFILE_PORTS[settings.profile]];
    const listeners: Listener[] = [];
    let stopped = false;
    return {
      async start() {
        for (const port of ports) {
          listeners.push(
            await host.listenTcp(port, (socket) => {
              if (port === SSH) socket.write(`${settings.sshBanner}\r\n`);
              socket.once('data', () => socket.destroy());
            }),
          );
        }
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await Promise.all(listeners.map((l) => l.close()));
      },
      mdnsServices: () => [],
      ssdpAnswers: () => [],
    };
  },
};

import type { Listener } from '../../../lab/core/device-host.ts';
import type { SimulatorKind } from '../../../lab/core/simulator.ts';
import { piholeHttpHandler } from './pihole-http.ts';
import { LAB_PIHOLE_PASSWORD, piholeSettings } from './settings.ts';
import { sinkholeClients, sinkholeQueryLog } from './sinkhole-traffic.ts';

/**
 * A Pi-hole v6 on port 80: the REST API's login, sessions and query log (see pihole-http.ts), serving the lab's
 * generated DNS traffic. Stateful: logins take seats until logout, and the log grows as the lab clock moves.
 */
export const piholeKind: SimulatorKind<typeof piholeSettings> = {
  // Until the lead adds 'pihole' to DEVICE_KINDS (src/lab/core/simulator.ts) the literal needs this cast.
  kind: 'pihole',
  settings: piholeSettings,
  create(init) {
    const { settings, host, clock } = init;
    const log = sinkholeQueryLog(init.address, settings.traffic, clock);
    const { handler } = piholeHttpHandler({
      password: settings.auth.enabled ? (settings.auth.password ?? LAB_PIHOLE_PASSWORD) : undefined,
      log,
      clock,
      maxSessions: settings.maxSessions,
      version: settings.firmware,
      clients: sinkholeClients(init.address, settings.traffic),
    });
    let listener: Listener | undefined;
    return {
      async start() {
        listener = await host.listenHttp(80, handler);
      },
      async stop() {
        await listener?.close();
        listener = undefined;
      },
      mdnsServices: () => [],
      ssdpAnswers: () => [],
    };
  },
};

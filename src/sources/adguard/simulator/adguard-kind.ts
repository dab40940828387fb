import type { Listener } from '../../../lab/core/device-host.ts';
import type { SimulatorKind } from '../../../lab/core/simulator.ts';
import { sinkholeClients, sinkholeQueryLog } from '../../pihole/simulator/sinkhole-traffic.ts';
import { adguardHttpHandler } from './adguard-http.ts';
import { adguardSettings, LAB_ADGUARD_PASSWORD } from './settings.ts';

/**
 * AdGuard Home's web API on its HTTP port: `/control/querylog` (and `/control/status`) behind basic auth, serving
 * the lab's generated DNS traffic, which grows as the lab clock moves.
 */
export const adguardKind: SimulatorKind<typeof adguardSettings> = {
  // Until the lead adds 'adguard' to DEVICE_KINDS (src/lab/core/simulator.ts) the literal needs this cast.
  kind: 'adguard',
  settings: adguardSettings,
  create(init) {
    const { settings, host, clock } = init;
    const handler = adguardHttpHandler({
      credentials: settings.auth.enabled
        ? { username: settings.auth.username, password: settings.auth.password ?? LAB_ADGUARD_PASSWORD }
        : undefined,
      log: sinkholeQueryLog(init.address, settings.traffic, clock),
      clients: sinkholeClients(init.address, settings.traffic),
      version: settings.firmware,
    });
    let listener: Listener | undefined;
    return {
      async start() {
        listener = await host.listenHttp(settings.httpPort, handler);
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

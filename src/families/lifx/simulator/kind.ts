import type { DeviceSimulator, MdnsService, SimulatorKind, SsdpAnswer } from '../../../lab/core/simulator.ts';
import { LIFX_PORT } from '../wire.ts';
import { SimulatedLifxBulb } from './bulb.ts';
import { lifxSettings } from './settings.ts';

/**
 * A simulated LIFX bulb: the LAN protocol on UDP 56700, answering unicast and "tagged" discovery alike. Built from
 * LIFX's public protocol definition (../shared/fixtures/lifx/reference/protocol.yml and lan.developer.lifx.com);
 * no real-device capture exists to replay (fixtures README), so no `fixture:` is accepted. Firmware 4.110 and later
 * also announce themselves over mDNS; the simulated firmware is older, so it announces nothing.
 */
export const lifxKind: SimulatorKind<typeof lifxSettings> = {
  kind: 'lifx',
  settings: lifxSettings,
  create(init): DeviceSimulator {
    const bulb = new SimulatedLifxBulb(init.settings, init.name, init.mac);
    return {
      async start() {
        await init.host.listenUdp(LIFX_PORT, (message, _from, reply) => {
          for (const answer of bulb.answer(message)) reply(answer);
        });
      },
      async stop() {
        // The host owns the socket; the bulb's state needs no cleanup.
      },
      mdnsServices: (): MdnsService[] => [],
      ssdpAnswers: (): SsdpAnswer[] => [],
    };
  },
};

import { createHash } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import type { DeviceSimulator, MdnsService, SimulatorKind, SsdpAnswer } from '../../../lab/core/simulator.ts';
import { decodeSolicitation } from '../discovery.ts';
import { TUYA_TCP_PORT } from '../transport.ts';
import { beaconDatagram, beaconPort } from './beacon.ts';
import { SimulatedTuyaConnection, type TuyaDeviceState } from './connection.ts';
import { tuyaSettings } from './settings.ts';

/**
 * A simulated Tuya Wi-Fi device, built from tinytuya's PROTOCOL.md (no LAN capture exists to replay,
 * ../shared/fixtures/tuya/README.md; the shared files are cloud records, so there is no `fixture:`).
 *
 * Discovery differs from a real device on purpose. A real 3.1-3.4 device broadcasts its beacon to UDP 6666 or 6667
 * every few seconds and answers nothing on those ports; a 3.5 device answers a solicitation on 7000. Loopback has no
 * broadcast, so this device answers the solicitation (src/families/tuya/discovery.ts) on its beacon port with its
 * beacon, which lets the scan's unicast sweep hear it; with `beacons` it also sends them on a timer to a loopback
 * address, for clients that listen as on a real LAN. TCP 6668 speaks 3.1, 3.3 and 3.4; a 3.5 device accepts the
 * connection and closes it, as the 6699 session protocol is not simulated.
 */
export const tuyaKind: SimulatorKind<typeof tuyaSettings> = {
  kind: 'tuya',
  settings: tuyaSettings,
  create(init): DeviceSimulator {
    const { settings } = init;
    const seed = createHash('sha256').update(`tuya:${init.mac}`).digest('hex');
    const gwId = settings.gwId ?? `bf${seed.slice(0, 18)}`;
    const localKey = settings.localKey ?? seed.slice(20, 36);
    const beacon = (): Buffer =>
      beaconDatagram({ ip: init.address, gwId, productKey: settings.productKey, version: settings.version });
    // The device's data points, shared by all its connections: a write on one is read on the next.
    const dps: Record<string, boolean | number | string> = { ...settings.dps };
    let timer: NodeJS.Timeout | undefined;
    let sender: Socket | undefined;
    return {
      async start() {
        await init.host.listenUdp(
          beaconPort(settings.version),
          (message, _from, reply) => {
            if (decodeSolicitation(message)) reply(beacon());
          },
          { shared: true },
        );
        await init.host.listenTcp(TUYA_TCP_PORT, (socket) => {
          if (settings.version === '3.5') {
            socket.destroy();
            return;
          }
          const state: TuyaDeviceState = { version: settings.version, gwId, localKey, dps };
          new SimulatedTuyaConnection(state, socket);
        });
        if (settings.beacons) {
          const { to, everyMs } = settings.beacons;
          sender = createSocket('udp4');
          sender.on('error', () => undefined);
          await new Promise<void>((resolve) => sender?.bind(0, init.address, resolve));
          timer = setInterval(() => sender?.send(beacon(), beaconPort(settings.version), to), everyMs);
        }
      },
      async stop() {
        if (timer) clearInterval(timer);
        timer = undefined;
        sender?.close();
        sender = undefined;
      },
      mdnsServices: (): MdnsService[] => [],
      ssdpAnswers: (): SsdpAnswer[] => [],
    };
  },
};

import type { Socket } from 'node:net';
import { SimulatedIgd } from '../../../services/upnp-igd/simulator/igd-control.ts';
import {
  IGD_DEVICE,
  IGD_PATHS,
  LAYER3_FORWARDING,
  WAN_CONNECTION_DEVICE,
  WAN_DEVICE,
  WAN_IP_CONNECTION,
} from '../../../services/upnp-igd/simulator/igd-description.ts';
import type { Listener } from '../../core/device-host.ts';
import type { SimulatorKind, SsdpAnswer } from '../../core/simulator.ts';
import { answerDns } from './dns-server.ts';
import { luciHandler } from './luci-handler.ts';
import { routerSettings } from './settings.ts';

export const ROUTER_PORTS = { http: 80, dns: 53 } as const;

/** UDNs derived from the MAC, the way miniupnpd derives its default uuid from the LAN interface. */
function udns(mac: string): [string, string, string] {
  const hex = mac.replace(/:/g, '').toLowerCase();
  return [0, 1, 2].map((n) => `824ff22b-8c7d-41c5-a131-${(n.toString(16) + hex).slice(-12).padStart(12, '0')}`) as [
    string,
    string,
    string,
  ];
}

/** DNS over TCP frames each message with a two-byte length (RFC 1035 §4.2.2). */
function serveDnsTcp(socket: Socket, answer: (q: Buffer) => Buffer | undefined): void {
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2) {
      const length = pending.readUInt16BE(0);
      if (pending.length < 2 + length) return;
      const reply = answer(pending.subarray(2, 2 + length));
      pending = pending.subarray(2 + length);
      if (!reply) {
        socket.destroy();
        return;
      }
      const prefix = Buffer.alloc(2);
      prefix.writeUInt16BE(reply.length);
      socket.write(Buffer.concat([prefix, reply]));
    }
  });
}

/**
 * An OpenWrt router: LuCI on 80, dnsmasq on 53 (TCP and UDP) and miniupnpd's IGD on its HTTP port, announced
 * over SSDP as the root device, the IGD, its embedded devices and the WANIPConnection service.
 */
export const routerKind: SimulatorKind<typeof routerSettings> = {
  kind: 'router',
  settings: routerSettings,
  create(init) {
    const { settings, host } = init;
    const hostname = 'OpenWrt';
    const uuids = udns(init.mac);
    const server = `OpenWrt/${settings.firmware} UPnP/1.1 MiniUPnPd/2.3.3`;
    const listeners: Listener[] = [];
    let stopped = false;
    const dns = (q: Buffer): Buffer | undefined =>
      answerDns(q, { domain: settings.domain, hostname, address: init.address });
    return {
      async start() {
        listeners.push(await host.listenHttp(ROUTER_PORTS.http, luciHandler(settings, hostname)));
        listeners.push(
          await host.listenUdp(ROUTER_PORTS.dns, (message, _from, reply) => {
            const answer = dns(message);
            if (answer) reply(answer);
          }),
        );
        listeners.push(await host.listenTcp(ROUTER_PORTS.dns, (socket) => serveDnsTcp(socket, dns)));
        if (settings.upnp.enabled) {
          const igd = new SimulatedIgd({
            identity: { uuids, firmware: settings.firmware, address: init.address },
            server,
            externalAddress: settings.externalAddress,
            clock: init.clock,
            mappings: settings.portMappings,
          });
          listeners.push(await host.listenHttp(settings.upnp.port, igd.handler()));
        }
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await Promise.all(listeners.map((l) => l.close()));
      },
      mdnsServices: () => [],
      ssdpAnswers(): SsdpAnswer[] {
        if (!settings.upnp.enabled) return [];
        const location = `http://${init.address}:${settings.upnp.port}${IGD_PATHS.description}`;
        const [root, wan, conn] = uuids;
        // miniupnpd answers with these headers besides ST/USN/LOCATION/SERVER (miniupnpd/minissdp.c).
        const extraHeaders = { 'BOOTID.UPNP.ORG': '1', 'CONFIGID.UPNP.ORG': '1337' };
        const answer = (st: string, uuid: string): SsdpAnswer => ({
          st,
          usn: st === `uuid:${uuid}` ? st : `uuid:${uuid}::${st}`,
          location,
          server,
          extraHeaders,
        });
        return [
          answer('upnp:rootdevice', root),
          answer(`uuid:${root}`, root),
          answer(IGD_DEVICE, root),
          answer(LAYER3_FORWARDING, root),
          answer(WAN_DEVICE, wan),
          answer(WAN_CONNECTION_DEVICE, conn),
          answer(WAN_IP_CONNECTION, conn),
        ];
      },
    };
  },
};

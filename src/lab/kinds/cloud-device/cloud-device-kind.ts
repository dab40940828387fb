import { createHash } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import type { Listener } from '../../core/device-host.ts';
import { selfSignedCertificate } from '../../core/self-signed-cert.ts';
import type { MdnsService, SimulatorKind, SsdpAnswer } from '../../core/simulator.ts';
import { type CastIdentity, castHttpHandler, castUdn } from './cast-endpoints.ts';
import { cloudDeviceSettings, PROFILE_DEFAULTS } from './settings.ts';

const CAST_HTTP = 8008;
const CAST_TLS = 8009;

/**
 * A cloud-only device: the speaker exposes one HTTPS port that answers 403 to everyone; the TV adds the Cast
 * ports, announces `_googlecast._tcp` over mDNS and the DIAL service over SSDP. Neither has a local management
 * API a scanner could audit, which is what the report should say about them.
 */
export const cloudDeviceKind: SimulatorKind<typeof cloudDeviceSettings> = {
  kind: 'cloud-device',
  settings: cloudDeviceSettings,
  create(init) {
    const { settings, host } = init;
    const defaults = PROFILE_DEFAULTS[settings.profile];
    const ports = settings.ports ?? [...defaults.ports];
    const identity: CastIdentity = {
      name: init.name,
      model: settings.model ?? defaults.model,
      firmware: settings.firmware ?? defaults.firmware,
      // Stable per device: derived from the MAC as the lab derives everything else.
      id: createHash('sha256').update(`cast:${init.mac}`).digest('hex').slice(0, 32),
      address: init.address,
    };
    const listeners: Listener[] = [];
    let stopped = false;
    return {
      async start() {
        const tls = await selfSignedCertificate({ commonName: identity.id });
        for (const port of ports) {
          if (settings.profile === 'tv' && port === CAST_HTTP) {
            listeners.push(await host.listenHttp(port, castHttpHandler(identity)));
          } else if (settings.profile === 'tv' && port === CAST_TLS) {
            // The Cast channel is TLS carrying length-prefixed protobufs; the lab completes the handshake and
            // drops anything sent, which is what a scanner needs to see.
            listeners.push(
              await host.listenTcp(port, (socket) => {
                const secure = new TLSSocket(socket, { isServer: true, key: tls.key, cert: tls.cert });
                secure.on('error', () => socket.destroy());
                secure.once('data', () => secure.destroy());
              }),
            );
          } else {
            listeners.push(
              await host.listenHttps(
                port,
                (_req, res) => {
                  res.writeHead(403, { 'content-type': 'application/json' });
                  res.end('{"error":"forbidden"}');
                },
                tls,
              ),
            );
          }
        }
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await Promise.all(listeners.map((l) => l.close()));
      },
      mdnsServices(): MdnsService[] {
        if (settings.profile !== 'tv') return [];
        const instance = `${identity.model.replace(/\s+/g, '-')}-${identity.id}`;
        // TXT keys of a Cast receiver (`id`, `md` model, `fn` friendly name, `ve` protocol version, `ca` capabilities).
        return [
          {
            type: '_googlecast._tcp',
            instance,
            host: identity.id,
            port: CAST_TLS,
            txt: {
              id: identity.id,
              cd: identity.id.slice(0, 32).toUpperCase(),
              rm: '',
              ve: '05',
              md: identity.model,
              ic: '/setup/icon.png',
              fn: identity.name,
              ca: '465413',
              st: '0',
              bs: 'FA8FCA000000',
              nf: '1',
              rs: '',
            },
          },
        ];
      },
      ssdpAnswers(): SsdpAnswer[] {
        if (settings.profile !== 'tv') return [];
        const st = 'urn:dial-multiscreen-org:service:dial:1';
        return [
          {
            st,
            usn: `uuid:${castUdn(identity.id)}::${st}`,
            location: `http://${init.address}:${CAST_HTTP}/ssdp/device-desc.xml`,
            server: 'Linux/3.8.13+, UPnP/1.0, Portable SDK for UPnP devices/1.6.18',
          },
        ];
      },
    };
  },
};

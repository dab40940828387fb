import { createHash } from 'node:crypto';
import type { RequestListener } from 'node:http';
import { TLSSocket } from 'node:tls';
import type { Listener } from '../../../lab/core/device-host.ts';
import { selfSignedCertificate } from '../../../lab/core/self-signed-cert.ts';
import type {
  DeviceSimulator,
  MdnsService,
  SimulatorInit,
  SimulatorKind,
  SsdpAnswer,
} from '../../../lab/core/simulator.ts';
import { escapeHtml as xml } from '../../../services/http/html.ts';
import { CAST_HTTP_PORT, CAST_MDNS_TYPE, CAST_TLS_PORT } from '../transport.ts';
import { type CastIdentity, captureModel, dashedUuid, flatEurekaInfo, relabelEurekaCapture } from './eureka.ts';
import { type CastSettings, castSettings } from './settings.ts';

const CAST_HTTPS = 8443;

/**
 * A simulated Cast receiver, built from fixtures/cast (GHLocalApi's documentation and two `eureka_info` replies pasted
 * into GitHub issues; no raw capture exists): the setup API on HTTP 8008 (`/setup/eureka_info`, and the DIAL device
 * description older firmware served there), the Cast v2 channel on TLS 8009 (the handshake completes; anything sent is
 * dropped, which is all a scanner sees), HTTPS 8443 answering 403 without a token, mDNS `_googlecast._tcp` with the TXT
 * keys of the README and the DIAL SSDP answer. A `fixture:` eureka_info (flat or nested) is served as its own.
 */
export class SimulatedCast implements DeviceSimulator {
  readonly #init: SimulatorInit<CastSettings>;
  readonly #device: CastIdentity;
  readonly #listeners: Listener[] = [];
  #stopped = false;

  constructor(init: SimulatorInit<CastSettings>) {
    this.#init = init;
    this.#device = {
      name: init.name,
      mac: init.mac,
      // Stable per device: derived from the MAC as the lab derives everything else.
      id: createHash('sha256').update(`cast:${init.mac}`).digest('hex').slice(0, 32),
      address: init.address,
    };
  }

  get model(): string {
    return captureModel(this.#init.fixture) ?? this.#init.settings.model;
  }

  eurekaInfo(): Record<string, unknown> {
    const captured =
      this.#init.fixture === undefined ? undefined : relabelEurekaCapture(this.#init.fixture, this.#device);
    return captured ?? flatEurekaInfo(this.#init.settings, this.#device);
  }

  async start(): Promise<void> {
    const { host, settings } = this.#init;
    const tls = await selfSignedCertificate({ commonName: this.#device.id });
    this.#listeners.push(await host.listenHttp(CAST_HTTP_PORT, this.#http()));
    this.#listeners.push(
      await host.listenTcp(CAST_TLS_PORT, (socket) => {
        const secure = new TLSSocket(socket, { isServer: true, key: tls.key, cert: tls.cert });
        secure.on('error', () => socket.destroy());
        secure.once('data', () => secure.destroy());
      }),
    );
    if (settings.https) {
      const forbidden: RequestListener = (_req, res) => {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end('{"error":"forbidden"}');
      };
      this.#listeners.push(await host.listenHttps(CAST_HTTPS, forbidden, tls));
    }
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await Promise.all(this.#listeners.splice(0).map((listener) => listener.close()));
  }

  #http(): RequestListener {
    return (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/setup/eureka_info') {
        if (this.#init.settings.eurekaInfo === 'token' && !req.headers['cast-local-authorization-token']) {
          res.writeHead(403);
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(this.eurekaInfo()));
        return;
      }
      if (path === '/ssdp/device-desc.xml') {
        // DIAL 2.x §5.4: the description and its Application-URL header.
        res.writeHead(200, {
          'content-type': 'application/xml',
          'application-url': `http://${this.#device.address}:8008/apps/`,
        });
        res.end(
          `<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>0</minor></specVersion><URLBase>http://${this.#device.address}:8008</URLBase><device><deviceType>urn:dial-multiscreen-org:device:dial:1</deviceType><friendlyName>${xml(this.#device.name)}</friendlyName><manufacturer>Google Inc.</manufacturer><modelName>Eureka Dongle</modelName><UDN>uuid:${dashedUuid(this.#device.id)}</UDN></device></root>`,
        );
        return;
      }
      res.writeHead(404);
      res.end();
    };
  }

  mdnsServices(): MdnsService[] {
    const { id, name } = this.#device;
    // TXT keys of a Cast receiver (fixtures/cast README): `id`, `md` model, `fn` friendly name, `ve`, `ca` capabilities.
    return [
      {
        type: CAST_MDNS_TYPE,
        instance: `${this.model.replace(/\s+/g, '-')}-${id}`,
        host: id,
        port: CAST_TLS_PORT,
        txt: {
          id,
          cd: id.toUpperCase(),
          rm: '',
          ve: '05',
          md: this.model,
          ic: '/setup/icon.png',
          fn: name,
          ca: '465413',
          st: '0',
          bs: 'FA8FCA000000',
          nf: '1',
          rs: '',
        },
      },
    ];
  }

  ssdpAnswers(): SsdpAnswer[] {
    const st = 'urn:dial-multiscreen-org:service:dial:1';
    return [
      {
        st,
        usn: `uuid:${dashedUuid(this.#device.id)}::${st}`,
        location: `http://${this.#device.address}:${CAST_HTTP_PORT}/ssdp/device-desc.xml`,
        server: 'Linux/3.8.13+, UPnP/1.0, Portable SDK for UPnP devices/1.6.18',
      },
    ];
  }
}

export const castKind: SimulatorKind<typeof castSettings> = {
  kind: 'cast',
  settings: castSettings,
  create: (init) => new SimulatedCast(init),
};

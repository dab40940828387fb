import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { readBodyText } from '../../../lab/core/read-body.ts';
import type {
  DeviceSimulator,
  MdnsService,
  SimulatorInit,
  SimulatorKind,
  SsdpAnswer,
} from '../../../lab/core/simulator.ts';
import { normalizeMac } from '../../../net/mac.ts';
import { DESCRIPTION_PATH, SONOS_PORT } from '../transport.ts';
import { buildDescription, captureField, relabelCapture, rinconId } from './description.ts';
import { type SonosSettings, sonosSettings } from './settings.ts';
import { escapeXml } from './xml.ts';

const ZONE_PLAYER = 'urn:schemas-upnp-org:device:ZonePlayer:1';
const TOPOLOGY = 'urn:schemas-upnp-org:service:ZoneGroupTopology:1';

/**
 * A simulated Sonos player: its UPnP server on TCP 1400 (the device description and the ZoneGroupTopology control
 * endpoint, with no authentication, as every Sonos) and its SSDP answer with the `X-RINCON-*` headers of
 * fixtures/sonos/ssdp. Serves a `fixture:` device description XML as its own.
 */
export class SimulatedSonos implements DeviceSimulator {
  readonly #init: SimulatorInit<SonosSettings>;
  readonly #capture: string | undefined;

  constructor(init: SimulatorInit<SonosSettings>) {
    this.#init = init;
    this.#capture = typeof init.fixture === 'string' ? init.fixture : undefined;
  }

  /** The description as served now. */
  description(): string {
    const { settings, mac, name, address } = this.#init;
    return this.#capture ? relabelCapture(this.#capture, mac, name) : buildDescription(settings, mac, name, address);
  }

  get softwareVersion(): string {
    return (this.#capture && captureField(this.#capture, 'softwareVersion')) ?? this.#init.settings.softwareVersion;
  }

  get model(): string {
    return (this.#capture && captureField(this.#capture, 'modelNumber')) ?? this.#init.settings.model;
  }

  async start(): Promise<void> {
    await this.#init.host.listenHttp(SONOS_PORT, this.#handler());
  }

  async stop(): Promise<void> {
    // The host owns the listener.
  }

  #handler(): RequestListener {
    return (req, res) => {
      void this.#answer(req, res).catch(() => res.destroy());
    };
  }

  async #answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === DESCRIPTION_PATH) {
      res.writeHead(200, { 'content-type': 'text/xml', server: this.#server() });
      res.end(this.description());
      return;
    }
    if (req.method === 'POST' && path === '/ZoneGroupTopology/Control') {
      const body = (await readBodyText(req)) ?? '';
      const action = /#(\w+)"?$/.exec(String(req.headers.soapaction ?? ''))?.[1];
      if (action === 'CheckForUpdate' && /<CachedOnly>/.test(body)) {
        res.writeHead(200, { 'content-type': 'text/xml; charset="utf-8"', server: this.#server() });
        res.end(this.#soap('CheckForUpdate', `<UpdateItem>${escapeXml(this.#updateItem())}</UpdateItem>`));
        return;
      }
      // UPnP Device Architecture 1.0 §3.2.2: an unknown action is fault 401 "Invalid Action".
      res.writeHead(500, { 'content-type': 'text/xml; charset="utf-8"' });
      res.end(
        '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail><UPnPError xmlns="urn:schemas-upnp-org:control-1-0"><errorCode>401</errorCode></UPnPError></detail></s:Fault></s:Body></s:Envelope>',
      );
      return;
    }
    res.writeHead(404);
    res.end();
  }

  /** The update the player found, or nothing when it is current (the element is empty). */
  #updateItem(): string {
    const update = this.#init.settings.update;
    if (!update) return '';
    return `<UpdateItem xmlns="urn:schemas-rinconnetworks-com:update-1-0" Type="Software" Version="${update.version}" UpdateURL="http://update.sonos.com/firmware/${update.version}/${this.model}.upd" DownloadSize="0" ManifestURL=""/>`;
  }

  #soap(action: string, inner: string): string {
    return `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><u:${action}Response xmlns:u="${TOPOLOGY}">${inner}</u:${action}Response></s:Body></s:Envelope>`;
  }

  /** `Linux UPnP/1.0 Sonos/<sw> (ZPS<n>)` as in fixtures/sonos/ssdp; the model code from the model number. */
  #server(): string {
    const code = /^S(\d+)$/.exec(this.model)?.[1];
    return `Linux UPnP/1.0 Sonos/${this.softwareVersion} (${code ? `ZPS${code}` : this.model})`;
  }

  mdnsServices(): MdnsService[] {
    return [];
  }

  ssdpAnswers(): SsdpAnswer[] {
    const { mac, address, settings } = this.#init;
    return [
      {
        st: ZONE_PLAYER,
        usn: `uuid:${rinconId(mac)}::${ZONE_PLAYER}`,
        location: `http://${address}:${SONOS_PORT}${DESCRIPTION_PATH}`,
        server: this.#server(),
        extraHeaders: {
          'X-RINCON-HOUSEHOLD': settings.household,
          'X-RINCON-BOOTSEQ': '12',
          'X-RINCON-WIFIMODE': '0',
          'X-RINCON-VARIANT': '0',
        },
      },
    ];
  }
}

export const sonosKind: SimulatorKind<typeof sonosSettings> = {
  kind: 'sonos',
  settings: sonosSettings,
  create: (init) => new SimulatedSonos(init),
  macFromFixture: (fixture) => {
    if (typeof fixture !== 'string') return undefined;
    const mac = captureField(fixture, 'MACAddress') ?? captureField(fixture, 'serialNum')?.split(':')[0];
    return normalizeMac(mac?.replace(/-/g, ':')) ?? undefined;
  },
};

import { selfSignedCertificate } from '../../../lab/core/self-signed-cert.ts';
import type {
  DeviceSimulator,
  MdnsService,
  SimulatorInit,
  SimulatorKind,
  SsdpAnswer,
} from '../../../lab/core/simulator.ts';
import { HueBridgeState } from './bridge-state.ts';
import { builtinHueResources } from './builtin-resources.ts';
import { hueClipV2Handler } from './clip-v2.ts';
import { hueIdsFromMac } from './ids.ts';
import { bridgeFirmwareOf, type HueResource, resourcesFromFixture } from './resources.ts';
import { apiVersionFor, type HueBridgeSettings, hueBridgeSettings } from './settings.ts';
import { hueV1Handler } from './v1-api.ts';

const DEFAULT_MODEL = 'BSB002';
const DEFAULT_SWVERSION = '1967054020';
const DEFAULT_APIVERSION = '1.67.0';

/**
 * A simulated Philips Hue bridge: the v1 API and description.xml on 80, CLIP v2 (and v1) over HTTPS on 443 with
 * a self-signed certificate, `_hue._tcp` over mDNS and SSDP answers. Given a CLIP v2 capture as fixture it serves
 * those resources; its own model and firmware then default to the captured bridge's.
 */
export class SimulatedHueBridge implements DeviceSimulator {
  readonly state: HueBridgeState;
  readonly #init: SimulatorInit<HueBridgeSettings>;
  readonly #resources: HueResource[];

  constructor(init: SimulatorInit<HueBridgeSettings>) {
    this.#init = init;
    const ids = hueIdsFromMac(init.mac);
    const captured = resourcesFromFixture(init.fixture);
    const fromCapture = captured ? bridgeFirmwareOf(captured) : undefined;
    this.#resources = captured ?? builtinHueResources(ids);
    const settings = init.settings;
    const swversion = settings.firmware ?? fromCapture?.swversion ?? DEFAULT_SWVERSION;
    this.state = new HueBridgeState({
      name: init.name,
      model: settings.model ?? fromCapture?.model ?? DEFAULT_MODEL,
      ids,
      swversion,
      apiversion:
        settings.apiVersion ??
        (settings.firmware ? apiVersionFor(swversion, DEFAULT_APIVERSION) : fromCapture?.apiversion) ??
        DEFAULT_APIVERSION,
      autoinstallOn: settings.autoUpdate,
      update: settings.update,
      clock: init.clock,
      host: init.host,
    });
  }

  async start(): Promise<void> {
    const { host, address, settings, clock } = this.#init;
    const v1 = hueV1Handler({ state: this.state, address, apiKey: settings.apiKey, clock });
    await host.listenHttp(80, v1);
    // As a real bridge: subject C=NL, O=Philips Hue, CN=<bridge id in lower case>, serial number = the bridge id.
    const bridgeId = this.state.ids.bridgeId.toLowerCase();
    const tls = await selfSignedCertificate({
      commonName: bridgeId,
      organization: 'Philips Hue',
      country: 'NL',
      serialHex: bridgeId,
    });
    await host.listenHttps(
      443,
      hueClipV2Handler({ state: this.state, apiKey: settings.apiKey, resources: this.#resources, fallback: v1 }),
      tls,
    );
    this.state.scheduleAutoInstall();
  }

  async stop(): Promise<void> {
    this.state.stop();
  }

  mdnsServices(): MdnsService[] {
    const id = this.state.ids.bridgeId.toLowerCase();
    return [
      {
        type: '_hue._tcp',
        // Instance names as Hue apps list bridges: "Hue Bridge - " and the last six digits of the id.
        instance: `Hue Bridge - ${id.slice(-6).toUpperCase()}`,
        host: `hue-bridge-${id.slice(-6)}`,
        port: 443,
        txt: { bridgeid: id, modelid: this.state.model },
      },
    ];
  }

  /**
   * The three M-SEARCH answers a bridge gives (root device, its UUID, the Basic:1 device type), with the
   * `hue-bridgeid` header and a SERVER string ending in its API version (deCONZ wiki, "Bridge Discovery").
   */
  ssdpAnswers(): SsdpAnswer[] {
    const { ids, apiversion } = this.state;
    const uuid = `uuid:${ids.udn}`;
    const common = {
      location: `http://${this.#init.address}:80/description.xml`,
      server: `Linux/3.14.0 UPnP/1.0 IpBridge/${apiversion}`,
      extraHeaders: { 'hue-bridgeid': ids.bridgeId },
    };
    return [
      { st: 'upnp:rootdevice', usn: `${uuid}::upnp:rootdevice`, ...common },
      { st: uuid, usn: uuid, ...common },
      { st: 'urn:schemas-upnp-org:device:basic:1', usn: uuid, ...common },
    ];
  }
}

export const hueKind: SimulatorKind<typeof hueBridgeSettings> = {
  kind: 'hue',
  settings: hueBridgeSettings,
  create: (init) => new SimulatedHueBridge(init),
  macFromFixture: (fixture) => {
    const resources = resourcesFromFixture(fixture);
    return resources ? bridgeFirmwareOf(resources)?.mac : undefined;
  },
};

import { selfSignedCertificate } from '../../../lab/core/self-signed-cert.ts';
import type {
  DeviceSimulator,
  MdnsService,
  SimulatorInit,
  SimulatorKind,
  SsdpAnswer,
} from '../../../lab/core/simulator.ts';
import type { Clock } from '../../../util/clock.ts';
import { HueBridgeModel, type ResourceChange } from './bridge-model.ts';
import { HueBridgeState } from './bridge-state.ts';
import { builtinHueResources } from './builtin-resources.ts';
import { hueClipV2Handler } from './clip-v2.ts';
import { HueEventStream } from './event-stream.ts';
import { hueIdsFromMac, resourceUuid } from './ids.ts';
import { bridgeFirmwareOf, bridgeRecords, bridgeUpdateRecord, resourcesFromFixture } from './resources.ts';
import { apiVersionFor, type HueBridgeSettings, hueBridgeSettings, implicitUpdate } from './settings.ts';
import { v2BridgeUpdateState } from './swupdate.ts';
import { hueV1Handler } from './v1-api.ts';
import { HueWhitelist } from './whitelist.ts';

const DEFAULT_MODEL = 'BSB002';
const DEFAULT_SWVERSION = '1967054020';
const DEFAULT_APIVERSION = '1.67.0';

/**
 * A simulated Philips Hue bridge: the v1 API and description.xml on 80, CLIP v2 (and v1) over HTTPS on 443 with
 * a self-signed certificate and the CLIP v2 event stream, `_hue._tcp` over mDNS and SSDP answers. Both APIs read
 * and write one datastore ({@link HueBridgeModel}): given a CLIP v2 capture as fixture it is those resources (and
 * the bridge's model and firmware default to the captured bridge's), else the lab's built-in home.
 */
export class SimulatedHueBridge implements DeviceSimulator {
  readonly state: HueBridgeState;
  readonly model: HueBridgeModel;
  readonly whitelist: HueWhitelist;
  readonly events: HueEventStream;
  readonly #init: SimulatorInit<HueBridgeSettings>;
  readonly #bridgeDeviceId: string | undefined;

  constructor(init: SimulatorInit<HueBridgeSettings>) {
    this.#init = init;
    const ids = hueIdsFromMac(init.mac);
    const captured = resourcesFromFixture(init.fixture);
    const fromCapture = captured ? bridgeFirmwareOf(captured) : undefined;
    const resources = captured ?? builtinHueResources(ids);
    const settings = init.settings;
    const model = settings.model ?? fromCapture?.model ?? DEFAULT_MODEL;
    const swversion = settings.firmware ?? fromCapture?.swversion ?? DEFAULT_SWVERSION;
    const update = settings.update ?? implicitUpdate(model, swversion);
    this.state = new HueBridgeState({
      name: init.name,
      model,
      ids,
      swversion,
      apiversion:
        settings.apiVersion ??
        (settings.firmware ? apiVersionFor(swversion, DEFAULT_APIVERSION) : fromCapture?.apiversion) ??
        DEFAULT_APIVERSION,
      autoinstallOn: settings.autoUpdate,
      update,
      clock: init.clock,
      host: init.host,
    });
    // A captured bridge had nothing pending; one that now has an update gets the record that reports it.
    const record =
      this.state.bridgeUpdate !== 'noupdates'
        ? bridgeUpdateRecord(resources, resourceUuid(`${ids.bridgeId}/swupdate/bridge`))
        : undefined;
    this.model = new HueBridgeModel(resources);
    if (record) this.model.add(record);
    this.#bridgeDeviceId = bridgeRecords(resources).device?.id;
    this.whitelist = labWhitelist(init.clock, settings, ids.bridgeId);
    this.events = new HueEventStream({ model: this.model, clock: init.clock });
    this.state.onChange = () => this.model.publish(this.#syncFirmware());
    this.#syncFirmware();
  }

  /** Someone pressed the bridge's link button: for 30 s POST /api hands out keys. */
  pressLinkButton(): void {
    this.whitelist.press();
  }

  async start(): Promise<void> {
    const { host, address, clock } = this.#init;
    const v1 = hueV1Handler({ state: this.state, model: this.model, whitelist: this.whitelist, address, clock });
    await host.listenHttp(80, v1);
    // As a real bridge: subject C=NL, O=Philips Hue, CN=<bridge id in lower case>, serial number = the bridge id.
    const bridgeId = this.state.ids.bridgeId.toLowerCase();
    const tls = await selfSignedCertificate({
      commonName: bridgeId,
      organization: 'Philips Hue',
      country: 'NL',
      serialHex: bridgeId,
    });
    const clip = { state: this.state, model: this.model, whitelist: this.whitelist, events: this.events, clock };
    await host.listenHttps(443, hueClipV2Handler({ ...clip, fallback: v1 }), tls);
    this.state.scheduleAutoInstall();
  }

  async stop(): Promise<void> {
    this.events.stop();
    this.state.stop();
  }

  #bridgeDevice() {
    return this.#bridgeDeviceId === undefined ? undefined : this.model.get(this.#bridgeDeviceId);
  }

  /**
   * The bridge device's firmware and its software update record follow the bridge's state; the changes go to the
   * event stream when an install starts or ends.
   */
  #syncFirmware(): Array<ResourceChange | undefined> {
    const device = this.#bridgeDevice();
    if (!device) return [];
    const [major, minor] = this.state.apiversion.split('.');
    const record = this.model.servicesOf(device, 'device_software_update')[0];
    return [
      record ? this.model.update(record.id, { state: v2BridgeUpdateState(this.state) }) : undefined,
      this.model.update(device.id, {
        product_data: { model_id: this.state.model, software_version: `${major}.${minor}.${this.state.swversion}` },
      }),
    ];
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

/** The scenario's key, and a second app's, as every bridge paired with the Hue app has one (as secret as ours). */
function labWhitelist(clock: Clock, settings: HueBridgeSettings, bridgeId: string): HueWhitelist {
  return new HueWhitelist({
    clock,
    held: settings.linkButton,
    keys: [
      { key: settings.apiKey, name: 'iotwarden#lab', created: '2024-03-02T16:46:04' },
      {
        key: resourceUuid(`${bridgeId}#hue-app`).replace(/-/g, '').slice(0, 40),
        name: 'Hue 4#Pixel 7',
        created: '2023-11-12T09:12:40',
      },
    ],
  });
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

import type {
  DeviceSimulator,
  MdnsService,
  SimulatorInit,
  SimulatorKind,
  SsdpAnswer,
} from '../../../lab/core/simulator.ts';
import type { DeviceInfoResponse } from '../api-messages.ts';
import { type EsphomeNode, SimulatedEsphomeConnection } from './connection.ts';
import { apiVersionOf, type EsphomeSettings, esphomeSettings, nodeNameOf, platformOf } from './settings.ts';

/** The native API port (esphome api component, `port:` default). */
export const ESPHOME_API_PORT = 6053;

/** mDNS TXT value of `api_encryption` (mdns_component.cpp): the Noise protocol name. */
const NOISE_PROTOCOL = 'Noise_NNpsk0_25519_ChaChaPoly_SHA256';

/**
 * A simulated ESPHome node: the native API on TCP 6053 and its `_esphomelib._tcp` mDNS record.
 * The build time is fixed so that a scenario always serves the same bytes.
 */
export class SimulatedEsphomeNode implements DeviceSimulator {
  readonly #init: SimulatorInit<EsphomeSettings>;
  readonly #nodeName: string;

  constructor(init: SimulatorInit<EsphomeSettings>) {
    this.#init = init;
    this.#nodeName = nodeNameOf(init.name);
  }

  async start(): Promise<void> {
    const settings = this.#init.settings;
    const node: EsphomeNode = {
      encryption: settings.encryption,
      apiVersion: apiVersionOf(settings.firmware),
      // api_connection.cpp: App.get_name() + " (esphome v" ESPHOME_VERSION ")"
      serverInfo: `${this.#nodeName} (esphome v${settings.firmware})`,
      password: settings.auth.enabled ? (settings.auth.password ?? '') : undefined,
      deviceInfo: () => this.deviceInfo(),
      macHex: this.#init.mac.replace(/:/g, '').toLowerCase(),
    };
    await this.#init.host.listenTcp(ESPHOME_API_PORT, (socket) => {
      new SimulatedEsphomeConnection(socket, node);
    });
  }

  async stop(): Promise<void> {
    // The host owns the listener and its sockets; nothing else holds resources.
  }

  deviceInfo(): DeviceInfoResponse {
    const settings = this.#init.settings;
    return {
      usesPassword: settings.auth.enabled,
      name: this.#nodeName,
      macAddress: this.#init.mac.toUpperCase(),
      esphomeVersion: settings.firmware,
      compilationTime: 'Jun 18 2024, 09:41:12',
      model: settings.model,
      hasDeepSleep: false,
      projectName: '',
      projectVersion: '',
      webserverPort: 0,
      manufacturer: platformOf(settings).startsWith('ESP') ? 'Espressif' : '',
      friendlyName: this.#init.name,
      suggestedArea: '',
      apiEncryptionSupported: settings.encryption === 'noise',
    };
  }

  mdnsServices(): MdnsService[] {
    const settings = this.#init.settings;
    const txt: Record<string, string> = {
      friendly_name: this.#init.name,
      version: settings.firmware,
      mac: this.#init.mac.replace(/:/g, '').toLowerCase(),
      platform: platformOf(settings),
      board: settings.model,
      network: settings.network,
    };
    if (settings.encryption === 'noise') txt.api_encryption = NOISE_PROTOCOL;
    return [{ type: '_esphomelib._tcp', instance: this.#nodeName, host: this.#nodeName, port: ESPHOME_API_PORT, txt }];
  }

  ssdpAnswers(): SsdpAnswer[] {
    return [];
  }
}

export const esphomeKind: SimulatorKind<typeof esphomeSettings> = {
  kind: 'esphome',
  settings: esphomeSettings,
  create: (init) => new SimulatedEsphomeNode(init),
};

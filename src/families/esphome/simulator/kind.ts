import type {
  DeviceSimulator,
  MdnsService,
  SimulatorInit,
  SimulatorKind,
  SsdpAnswer,
} from '../../../lab/core/simulator.ts';
import type { DeviceInfoResponse } from '../api-messages.ts';
import { NOISE_PROTOCOL_NAME } from '../noise-handshake.ts';
import { type EsphomeNode, serveEsphomeConnection } from './connection.ts';
import { typicalNodeEntities } from './entities.ts';
import { EsphomeEntityStore } from './entity-store.ts';
import {
  apiVersionOf,
  type EsphomeSettings,
  esphomeSettings,
  labEncryptionKey,
  nodeNameOf,
  platformOf,
} from './settings.ts';

/** The native API port (esphome api component, `port:` default). */
export const ESPHOME_API_PORT = 6053;

/** Fixed so that a scenario always serves the same bytes (DeviceInfo and the version text sensor carry it). */
const COMPILATION_TIME = 'Jun 18 2024, 09:41:12';

/**
 * A simulated ESPHome node: the native API on TCP 6053 (plaintext, or Noise with the node's key) with a typical
 * node's entities, and its `_esphomelib._tcp` mDNS record.
 */
export class SimulatedEsphomeNode implements DeviceSimulator {
  readonly #init: SimulatorInit<EsphomeSettings>;
  readonly #nodeName: string;
  #entities: EsphomeEntityStore | undefined;

  constructor(init: SimulatorInit<EsphomeSettings>) {
    this.#init = init;
    this.#nodeName = nodeNameOf(init.name);
  }

  /** The node's `api: encryption: key:` in base64, or undefined for a plaintext node. */
  get encryptionKey(): string | undefined {
    const settings = this.#init.settings;
    if (settings.encryption !== 'noise') return undefined;
    return settings.encryptionKey ?? labEncryptionKey(this.#init.name);
  }

  async start(): Promise<void> {
    const settings = this.#init.settings;
    // One entity store per node: every API connection reads and switches the same entities.
    const entities = new EsphomeEntityStore({
      entities: typicalNodeEntities(),
      clock: this.#init.clock,
      versionText: `${settings.firmware} ${COMPILATION_TIME}`,
    });
    this.#entities = entities;
    const key = this.encryptionKey;
    const node: EsphomeNode = {
      encryption: settings.encryption,
      apiVersion: apiVersionOf(settings.firmware),
      // api_connection.cpp: App.get_name() + " (esphome v" ESPHOME_VERSION ")"
      serverInfo: `${this.#nodeName} (esphome v${settings.firmware})`,
      name: this.#nodeName,
      password: settings.auth.enabled ? (settings.auth.password ?? '') : undefined,
      psk: key === undefined ? undefined : Buffer.from(key, 'base64'),
      deviceInfo: () => this.deviceInfo(),
      macHex: this.#init.mac.replace(/:/g, '').toLowerCase(),
      entities,
    };
    await this.#init.host.listenTcp(ESPHOME_API_PORT, (socket) => serveEsphomeConnection(socket, node));
  }

  async stop(): Promise<void> {
    // The host owns the listener and its sockets; the entity store's sensor timer is ours to stop.
    this.#entities?.close();
  }

  deviceInfo(): DeviceInfoResponse {
    const settings = this.#init.settings;
    return {
      usesPassword: settings.auth.enabled,
      name: this.#nodeName,
      macAddress: this.#init.mac.toUpperCase(),
      esphomeVersion: settings.firmware,
      compilationTime: COMPILATION_TIME,
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
    if (settings.encryption === 'noise') txt.api_encryption = NOISE_PROTOCOL_NAME;
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

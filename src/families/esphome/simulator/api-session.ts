import { MESSAGE_TYPE } from '../api-frame.ts';
import {
  type DeviceInfoResponse,
  decodeConnectRequest,
  encodeConnectResponse,
  encodeDeviceInfoResponse,
  encodeHelloResponse,
} from '../api-messages.ts';
import type { EsphomeEntity } from './entities.ts';
import { decodeLightCommand, decodeSwitchCommand, listEntityMessage, stateMessage } from './entity-messages.ts';
import type { EntityValue, EsphomeEntityStore } from './entity-store.ts';

/** What one connection needs to know about its node. */
export interface EsphomeNode {
  encryption: 'none' | 'noise';
  apiVersion: { major: number; minor: number };
  serverInfo: string;
  /** The node name: the Noise server hello and unique ids carry it. */
  name: string;
  /** Current password when `api: password:` is set. */
  password: string | undefined;
  /** The 32-byte `api: encryption: key:` of a Noise node. */
  psk: Buffer | undefined;
  deviceInfo(): DeviceInfoResponse;
  /** MAC as the Noise server hello carries it: 12 lower-case hex digits. */
  macHex: string;
  entities: EsphomeEntityStore;
}

/** How a session writes: one API message at a time, framed by its transport (plaintext or Noise). */
export interface ApiOutput {
  send(type: number, payload?: Buffer): void;
  close(): void;
}

/**
 * The message layer of one API connection, the same under both transports (api_connection.cpp): Hello, then
 * Connect with the password (from API 1.12 a node without a password authenticates on Hello), then the
 * authenticated requests: ListEntities, SubscribeStates and entity commands. A request that needs a step the
 * client skipped closes the connection, as `on_no_setup_connection` and `on_unauthenticated_access` do.
 */
export class EsphomeApiSession {
  readonly #node: EsphomeNode;
  readonly #out: ApiOutput;
  #helloDone = false;
  #authenticated = false;
  #unsubscribe: (() => void) | undefined;

  constructor(node: EsphomeNode, out: ApiOutput) {
    this.#node = node;
    this.#out = out;
  }

  handle(type: number, payload: Buffer): void {
    switch (type) {
      case MESSAGE_TYPE.helloRequest:
        this.#hello();
        break;
      case MESSAGE_TYPE.connectRequest:
        this.#connect(payload);
        break;
      case MESSAGE_TYPE.deviceInfoRequest:
        if (this.#requireHello())
          this.#out.send(MESSAGE_TYPE.deviceInfoResponse, encodeDeviceInfoResponse(this.#node.deviceInfo()));
        break;
      case MESSAGE_TYPE.pingRequest:
        this.#out.send(MESSAGE_TYPE.pingResponse);
        break;
      case MESSAGE_TYPE.disconnectRequest:
        this.#out.send(MESSAGE_TYPE.disconnectResponse);
        this.#out.close();
        break;
      case MESSAGE_TYPE.getTimeRequest:
        // A client asking the node for the time gets an empty answer: api_connection.h `get_time` is a TODO that
        // returns `{}` (the time flows the other way, from Home Assistant to the node).
        if (this.#requireHello()) this.#out.send(MESSAGE_TYPE.getTimeResponse);
        break;
      default:
        this.#authenticatedRequest(type, payload);
    }
  }

  /** The connection is gone: stop streaming states and let the status sensor know. */
  closed(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    if (this.#authenticated) this.#node.entities.apiClientChanged(-1);
    this.#authenticated = false;
  }

  #hello(): void {
    this.#helloDone = true;
    this.#out.send(
      MESSAGE_TYPE.helloResponse,
      encodeHelloResponse({
        apiVersionMajor: this.#node.apiVersion.major,
        apiVersionMinor: this.#node.apiVersion.minor,
        serverInfo: this.#node.serverInfo,
        name: this.#node.name,
      }),
    );
    // API 1.12 (ESPHome 2025): ConnectRequest is only needed for a password; otherwise Hello authenticates.
    const helloAuthenticates = this.#node.apiVersion.minor >= 12 && this.#node.password === undefined;
    if (helloAuthenticates) this.#authenticate();
  }

  #connect(payload: Buffer): void {
    if (!this.#requireHello()) return;
    const invalid = this.#node.password !== undefined && decodeConnectRequest(payload).password !== this.#node.password;
    this.#out.send(MESSAGE_TYPE.connectResponse, encodeConnectResponse(invalid));
    // The node drops a client right after telling it the password was wrong.
    if (invalid) this.#out.close();
    else this.#authenticate();
  }

  #authenticate(): void {
    if (this.#authenticated) return;
    this.#authenticated = true;
    this.#node.entities.apiClientChanged(1);
  }

  #authenticatedRequest(type: number, payload: Buffer): void {
    const known: number[] = [
      MESSAGE_TYPE.listEntitiesRequest,
      MESSAGE_TYPE.subscribeStatesRequest,
      MESSAGE_TYPE.subscribeLogsRequest,
      MESSAGE_TYPE.switchCommandRequest,
      MESSAGE_TYPE.lightCommandRequest,
    ];
    // Messages for components this node does not have are ignored, as a node built without them would.
    if (!known.includes(type)) return;
    if (!this.#requireHello()) return;
    if (!this.#authenticated) {
      this.#out.close();
      return;
    }
    const store = this.#node.entities;
    if (type === MESSAGE_TYPE.listEntitiesRequest) {
      for (const entity of store.entities) {
        const message = listEntityMessage(entity, this.#node.name);
        this.#out.send(message.type, message.payload);
      }
      this.#out.send(MESSAGE_TYPE.listEntitiesDoneResponse);
    } else if (type === MESSAGE_TYPE.subscribeStatesRequest) {
      this.#subscribeStates();
    } else if (type === MESSAGE_TYPE.switchCommandRequest) {
      const command = decodeSwitchCommand(payload);
      store.setSwitch(command.key, command.state);
    } else if (type === MESSAGE_TYPE.lightCommandRequest) {
      store.commandLight(decodeLightCommand(payload));
    }
    // SubscribeLogsRequest is accepted, but the lab's nodes stream no log lines (deliberately out of scope).
  }

  #subscribeStates(): void {
    if (this.#unsubscribe) return;
    const store = this.#node.entities;
    const send = (entity: EsphomeEntity, value: EntityValue): void => {
      const message = stateMessage(entity, value);
      this.#out.send(message.type, message.payload);
    };
    // InitialStateIterator first sends every entity's current state, then updates follow as they are published.
    for (const entity of store.entities) send(entity, store.value(entity));
    this.#unsubscribe = store.subscribe(send);
  }

  #requireHello(): boolean {
    if (!this.#helloDone) this.#out.close();
    return this.#helloDone;
  }
}

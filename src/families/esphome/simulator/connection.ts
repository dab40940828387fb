import type { Socket } from 'node:net';
import {
  encodeNoiseFrame,
  encodeNoiseReject,
  encodePlaintextFrame,
  MESSAGE_TYPE,
  NOISE_INDICATOR,
  PLAINTEXT_BAD_INDICATOR_REPLY,
  PLAINTEXT_INDICATOR,
  parseNoiseFrame,
  parsePlaintextFrame,
} from '../api-frame.ts';
import {
  type DeviceInfoResponse,
  decodeConnectRequest,
  encodeConnectResponse,
  encodeDeviceInfoResponse,
  encodeHelloResponse,
} from '../api-messages.ts';

/** What one connection needs to know about its node. */
export interface EsphomeNode {
  encryption: 'none' | 'noise';
  apiVersion: { major: number; minor: number };
  serverInfo: string;
  /** Current password when `api: password:` is set. */
  password: string | undefined;
  deviceInfo(): DeviceInfoResponse;
  /** MAC as the Noise server hello carries it: 12 lower-case hex digits. */
  macHex: string;
}

/** A client may not send more than this before the node gives up on it (the real limit is far lower). */
const MAX_BUFFERED_BYTES = 64 * 1024;

/**
 * One TCP connection to a simulated ESPHome node. Plaintext nodes follow api_connection.cpp: Hello first, then
 * Connect (password) and DeviceInfo. Noise nodes follow api_frame_helper_noise.cpp up to the handshake: they send
 * the server hello and then reject the handshake with "Handshake MAC failure", which is what a real node answers a
 * client that does not hold its key; the lab never completes a Noise session.
 */
export class SimulatedEsphomeConnection {
  readonly #socket: Socket;
  readonly #node: EsphomeNode;
  #buffer = Buffer.alloc(0);
  #helloDone = false;
  #authenticated = false;
  #noiseStage: 'client-hello' | 'handshake' = 'client-hello';
  #closed = false;

  constructor(socket: Socket, node: EsphomeNode) {
    this.#socket = socket;
    this.#node = node;
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
  }

  #onData(chunk: Buffer): void {
    if (this.#closed) return;
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    if (this.#buffer.length > MAX_BUFFERED_BYTES) {
      this.#close();
      return;
    }
    if (this.#node.encryption === 'noise') this.#drainNoise();
    else this.#drainPlaintext();
  }

  #drainPlaintext(): void {
    while (!this.#closed && this.#buffer.length > 0) {
      if (this.#buffer[0] !== PLAINTEXT_INDICATOR) {
        this.#close(PLAINTEXT_BAD_INDICATOR_REPLY);
        return;
      }
      const frame = parsePlaintextFrame(this.#buffer);
      if (!frame) return;
      this.#buffer = this.#buffer.subarray(frame.length);
      this.#handle(frame.type, frame.payload);
    }
  }

  #handle(type: number, payload: Buffer): void {
    switch (type) {
      case MESSAGE_TYPE.helloRequest:
        this.#helloDone = true;
        this.#send(
          MESSAGE_TYPE.helloResponse,
          encodeHelloResponse({
            apiVersionMajor: this.#node.apiVersion.major,
            apiVersionMinor: this.#node.apiVersion.minor,
            serverInfo: this.#node.serverInfo,
            name: this.#node.deviceInfo().name,
          }),
        );
        return;
      case MESSAGE_TYPE.connectRequest: {
        if (!this.#helloDone) {
          this.#close();
          return;
        }
        const invalid =
          this.#node.password !== undefined && decodeConnectRequest(payload).password !== this.#node.password;
        this.#authenticated = !invalid;
        this.#send(MESSAGE_TYPE.connectResponse, encodeConnectResponse(invalid));
        // api_connection.cpp disconnects a client right after telling it the password was wrong.
        if (invalid) this.#close();
        return;
      }
      case MESSAGE_TYPE.deviceInfoRequest:
        // needs_setup_connection: a node drops a client that asks before Hello.
        if (this.#helloDone)
          this.#send(MESSAGE_TYPE.deviceInfoResponse, encodeDeviceInfoResponse(this.#node.deviceInfo()));
        else this.#close();
        return;
      case MESSAGE_TYPE.pingRequest:
        this.#send(MESSAGE_TYPE.pingResponse);
        return;
      case MESSAGE_TYPE.disconnectRequest:
        this.#send(MESSAGE_TYPE.disconnectResponse);
        this.#close();
        return;
      case MESSAGE_TYPE.listEntitiesRequest:
        // needs_authentication: without a successful Connect the node closes the connection.
        if (this.#authenticated) this.#send(MESSAGE_TYPE.listEntitiesDoneResponse);
        else this.#close();
        return;
      default:
        // Messages for entities this node does not have are ignored, as a node without the component would.
        return;
    }
  }

  #drainNoise(): void {
    // try_read_frame_ needs the 3-byte header before it looks at the indicator.
    if (this.#buffer.length < 3) return;
    if (this.#buffer[0] !== NOISE_INDICATOR) {
      this.#close(encodeNoiseReject('Bad indicator byte'));
      return;
    }
    const frame = parseNoiseFrame(this.#buffer);
    if (!frame) return;
    this.#buffer = this.#buffer.subarray(frame.length);
    if (this.#noiseStage === 'client-hello') {
      this.#noiseStage = 'handshake';
      // Server hello: chosen protocol 0x01, node name, NUL, MAC, NUL.
      const hello = Buffer.concat([
        Buffer.from([0x01]),
        Buffer.from(`${this.#node.deviceInfo().name}\0${this.#node.macHex}\0`, 'utf8'),
      ]);
      this.#socket.write(encodeNoiseFrame(hello));
      this.#drainNoise();
      return;
    }
    if (frame.payload.length === 0) this.#close(encodeNoiseReject('Empty handshake message'));
    else if (frame.payload[0] !== 0x00) this.#close(encodeNoiseReject('Bad handshake error byte'));
    else this.#close(encodeNoiseReject('Handshake MAC failure'));
  }

  #send(type: number, payload?: Buffer): void {
    this.#socket.write(encodePlaintextFrame(type, payload));
  }

  #close(last?: Buffer): void {
    if (this.#closed) return;
    this.#closed = true;
    if (last) this.#socket.end(last);
    else this.#socket.end();
  }
}

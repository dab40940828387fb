import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { isRecord, type JsonRecord } from '../../shelly/simulator/json-tools.ts';
import type { Gen2Change, SimulatedShellyGen2 } from './device.ts';
import { callRpc, isUnprotected } from './rpc.ts';

/** The largest frame a device takes; a client sending more is disconnected (real devices have ~250 KB of RAM). */
const MAX_FRAME_BYTES = 64 * 1024;
/** Concurrent WebSocket clients; more get 503, so a misbehaving client cannot exhaust the lab. */
const MAX_CLIENTS = 16;
/** A client that stops reading is dropped once this much waits for it. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

interface WsClient {
  socket: WebSocket;
  /** The `src` of the client's first successful request: from then on it gets notifications (`dst` = src). */
  src: string | undefined;
}

/**
 * JSON-RPC 2.0 over WebSocket at `ws://<device>/rpc` (Gen2 API docs, RPC Channels and RPC Protocol): request frames
 * `{id, src, method, params, auth}` get `{id, src: <device id>, dst: <request src>, result | error}`. With auth on,
 * each frame carries its own `auth` object; a frame without a good one gets the 401 error frame with a challenge,
 * as over HTTP. "To start receiving notifications over websocket you have to send at least one request frame with
 * a valid source" (Gen2 API docs, Notifications): that client then gets a NotifyFullStatus once, and a NotifyStatus
 * or NotifyEvent for every change, whichever channel made it.
 */
export class Gen2WsRpc {
  readonly #device: SimulatedShellyGen2;
  readonly #server = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
    clientTracking: false,
  });
  readonly #clients = new Set<WsClient>();
  readonly #unsubscribe: () => void;

  constructor(device: SimulatedShellyGen2) {
    this.#device = device;
    this.#unsubscribe = device.changes.subscribe((change) => this.#broadcast(change));
  }

  /** Takes over an HTTP upgrade request for `/rpc`; anything else is refused. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = new URL(req.url ?? '/', 'http://device').pathname;
    if (path !== '/rpc' || this.#clients.size >= MAX_CLIENTS) {
      const status = path !== '/rpc' ? '404 Not Found' : '503 Service Unavailable';
      socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      return;
    }
    this.#server.handleUpgrade(req, socket, head, (ws) => this.#accept(ws));
  }

  close(): void {
    this.#unsubscribe();
    for (const client of this.#clients) client.socket.terminate();
    this.#clients.clear();
    this.#server.close();
  }

  #accept(socket: WebSocket): void {
    const client: WsClient = { socket, src: undefined };
    this.#clients.add(client);
    socket.on('message', (data, isBinary) => this.#onMessage(client, data, isBinary));
    socket.on('close', () => this.#clients.delete(client));
    socket.on('error', () => socket.terminate());
  }

  #onMessage(client: WsClient, data: RawData, isBinary: boolean): void {
    if (isBinary) return;
    let frame: unknown;
    try {
      frame = JSON.parse(data.toString());
    } catch {
      this.#send(client, { id: null, src: this.#device.id, error: { code: -32700, message: 'Parse error' } });
      return;
    }
    // Frames without a method are answers to calls the device made, or notifications: nothing to answer.
    if (!isRecord(frame) || typeof frame.method !== 'string' || frame.id === undefined) return;
    const src = typeof frame.src === 'string' && frame.src !== '' ? frame.src : undefined;
    const reply: JsonRecord = { id: frame.id, src: this.#device.id };
    if (src) reply.dst = src;
    const guard = this.#device.guard;
    if (guard && !isUnprotected(frame.method) && !guard.verifyBody(frame.auth)) {
      this.#send(client, { ...reply, error: { code: 401, message: guard.challenge().message } });
      return;
    }
    const outcome = callRpc(this.#device, frame.method, frame.params ?? {}, { source: 'WS_in' });
    if (outcome.error) reply.error = outcome.error;
    else reply.result = outcome.result ?? null;
    // A reboot starts once the answer has been written: the device drops every connection when it goes.
    this.#send(client, reply, outcome.update ? () => outcome.update?.startNow() : undefined);
    if (src && client.src === undefined) {
      client.src = src;
      const params = { ts: this.#device.ts(), ...this.#device.status() };
      this.#send(client, { src: this.#device.id, dst: src, method: 'NotifyFullStatus', params });
    } else if (src) {
      client.src = src;
    }
  }

  #broadcast(change: Gen2Change): void {
    const method = change.kind === 'status' ? 'NotifyStatus' : 'NotifyEvent';
    const params =
      change.kind === 'status' ? { ts: change.ts, ...change.deltas } : { ts: change.ts, events: change.events };
    for (const client of this.#clients) {
      if (client.src) this.#send(client, { src: this.#device.id, dst: client.src, method, params });
    }
  }

  #send(client: WsClient, frame: JsonRecord, sent?: () => void): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    if (client.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      client.socket.terminate();
      return;
    }
    client.socket.send(JSON.stringify(frame), () => sent?.());
  }
}

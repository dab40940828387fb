import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { hueKind, type SimulatedHueBridge } from '../../src/families/hue/simulator/kind.ts';
import { type StartedSimulator, startSimulator } from '../../src/lab/core/start-simulator.ts';
import type { Clock } from '../../src/util/clock.ts';
import { testAddress } from './addresses.ts';

/** The application key test bridges whitelist (40 characters, like real keys). */
export const HUE_TEST_KEY = 'contractkeycontractkeycontractkeycontrac';

/** One HTTP exchange with a simulated bridge, raw headers kept (their case is part of the contract). */
export interface BridgeAnswer {
  status: number;
  rawHeaders: string[];
  text: string;
  json(): unknown;
}

export interface TestBridge {
  sim: StartedSimulator;
  bridge: SimulatedHueBridge;
  host: string;
  /** v1 over plain HTTP (port 80, or its shifted port). */
  v1(method: string, path: string, body?: string): Promise<BridgeAnswer>;
  /** A CLIP v2 request over HTTPS with `hue-application-key` (pass `null` to send none). */
  clip(method: string, path: string, body?: string, key?: string | null): Promise<BridgeAnswer>;
  /** Opens the event stream; the caller closes it. */
  stream(key?: string): Promise<EventStreamReader>;
}

const bridges: StartedSimulator[] = [];
const readers: EventStreamReader[] = [];

/** Starts a lab bridge on its own test address; {@link stopHueBridges} stops every one. */
export async function startHueBridge(
  options: { settings?: Record<string, unknown>; fixture?: unknown; clock?: Clock; name?: string } = {},
): Promise<TestBridge> {
  const host = testAddress();
  const sim = await startSimulator(hueKind, {
    name: options.name ?? 'Hue Bridge',
    address: host,
    settings: { apiKey: HUE_TEST_KEY, ...options.settings },
    ...(options.fixture === undefined ? {} : { fixture: options.fixture }),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  bridges.push(sim);
  const send = (tls: boolean, method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    exchange({ tls, host, port: sim.portOf(tls ? 443 : 80), method, path, body, headers });
  return {
    sim,
    bridge: sim.simulator as SimulatedHueBridge,
    host,
    v1: (method, path, body) => send(false, method, path, body),
    clip: (method, path, body, key = HUE_TEST_KEY) =>
      send(true, method, path, body, key === null ? {} : { 'hue-application-key': key }),
    stream: async (key = HUE_TEST_KEY) => {
      const reader = await EventStreamReader.open(host, sim.portOf(443), key);
      readers.push(reader);
      return reader;
    },
  };
}

export async function stopHueBridges(): Promise<void> {
  for (const reader of readers.splice(0)) reader.close();
  await Promise.all(bridges.splice(0).map((b) => b.stop()));
}

function exchange(options: {
  tls: boolean;
  host: string;
  port: number;
  method: string;
  path: string;
  body: string | undefined;
  headers: Record<string, string>;
}): Promise<BridgeAnswer> {
  return new Promise((resolve, reject) => {
    const make = options.tls ? httpsRequest : httpRequest;
    const headers: Record<string, string> = { ...options.headers };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const req = make(
      {
        host: options.host,
        port: options.port,
        method: options.method,
        path: options.path,
        headers,
        rejectUnauthorized: false,
        timeout: 5000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, text, json: () => JSON.parse(text) });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${options.method} ${options.path} timed out`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** One server-sent event message: its `id:` and the JSON of its `data:` line. */
export interface StreamMessage {
  id: string;
  data: Array<{ creationtime: string; data: Array<Record<string, unknown>>; id: string; type: string }>;
}

/** A client of GET /eventstream/clip/v2 that parses the SSE framing (HTML Living Standard, 9.2.6) by itself. */
export class EventStreamReader {
  readonly status: number;
  readonly contentType: string;
  readonly messages: StreamMessage[] = [];
  readonly comments: string[] = [];
  readonly #close: () => void;
  #buffer = '';
  #waiters: Array<() => void> = [];

  private constructor(status: number, contentType: string, close: () => void) {
    this.status = status;
    this.contentType = contentType;
    this.#close = close;
  }

  static open(host: string, port: number, key: string): Promise<EventStreamReader> {
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        {
          host,
          port,
          path: '/eventstream/clip/v2',
          headers: { 'hue-application-key': key, Accept: 'text/event-stream' },
          rejectUnauthorized: false,
        },
        (res) => {
          const reader = new EventStreamReader(res.statusCode ?? 0, String(res.headers['content-type']), () =>
            req.destroy(),
          );
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => reader.#feed(chunk));
          res.on('error', () => undefined);
          resolve(reader);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  #feed(chunk: string): void {
    this.#buffer += chunk;
    for (let end = this.#buffer.indexOf('\n\n'); end >= 0; end = this.#buffer.indexOf('\n\n')) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      let id = '';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data) this.messages.push({ id, data: JSON.parse(data) });
    }
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Waits until a resource change matching `match` has arrived; resolves with it. */
  async change(match: (item: Record<string, unknown>) => boolean, ms = 4000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + ms;
    for (;;) {
      for (const message of this.messages) {
        for (const container of message.data) {
          const hit = container.data.find(match);
          if (hit) return hit;
        }
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no matching event on the stream');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.#close();
  }
}

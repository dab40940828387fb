import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../../util/clock.ts';
import { sendJson } from './bridge-http.ts';
import type { HueBridgeModel, ResourceChange } from './bridge-model.ts';

/** How many event stream clients one lab bridge serves at a time; one more gets 503 (the lab's bound). */
export const MAX_EVENT_STREAM_CLIENTS = 8;

/**
 * "Currently there is a 1 second rate limit on the amount of event containers the Bridge will send. If the same
 * property has changed twice within that timeframe, you only get the last state. If multiple resources have
 * changed within that timeframe, you will get multiple events grouped in a single container." (Hue API v2
 * migration guide, "Event Stream").
 */
export const EVENT_CONTAINER_INTERVAL_MS = 1000;

/**
 * A bridge greets a new stream with the comment `: hi`; the lab repeats it as a keep-alive so that idle clients
 * (aiohue reads with a 90 s timeout) see the connection is alive.
 */
export const KEEP_ALIVE_MS = 30_000;

/** A client that lets this much go unread is dropped rather than buffered for (the lab's bound). */
export const MAX_UNREAD_BYTES = 256 * 1024;

interface Client {
  res: ServerResponse;
  stop: AbortController;
}

/**
 * GET /eventstream/clip/v2: server-sent events (text/event-stream) of every change to the bridge's resources,
 * whichever API made it. Each message is `id: <unix seconds>:<n>` and `data: [<container>]`, the container
 * `{"creationtime","data":[<changed resources>],"id":<uuid>,"type":"update"}` with keys in the bridge's
 * (alphabetical) order, as the migration guide's example shows.
 */
export class HueEventStream {
  readonly #clients = new Set<Client>();
  readonly #model: HueBridgeModel;
  readonly #clock: Clock;
  readonly #maxClients: number;
  readonly #stopped = new AbortController();
  readonly #pending = new Map<string, ResourceChange>();
  #unsubscribe: (() => void) | undefined;
  #lastSentMs = Number.NEGATIVE_INFINITY;
  #flushScheduled = false;
  #second = 0;
  #sequence = 0;

  constructor(options: { model: HueBridgeModel; clock: Clock; maxClients?: number }) {
    this.#model = options.model;
    this.#clock = options.clock;
    this.#maxClients = options.maxClients ?? MAX_EVENT_STREAM_CLIENTS;
  }

  get clients(): number {
    return this.#clients.size;
  }

  /** Takes an authorised request for the stream. */
  attach(req: IncomingMessage, res: ServerResponse): void {
    if (!String(req.headers.accept ?? '').includes('text/event-stream')) {
      sendJson(res, 406, { errors: [{ description: 'Not Acceptable' }], data: [] });
      return;
    }
    if (this.#clients.size >= this.#maxClients || this.#stopped.signal.aborted) {
      sendJson(res, 503, { errors: [{ description: 'Service Unavailable' }], data: [] });
      return;
    }
    res.writeHead(200, ['Content-Type', 'text/event-stream; charset=utf-8', 'Cache-Control', 'no-cache']);
    res.write(': hi\n\n');
    const client: Client = { res, stop: new AbortController() };
    this.#clients.add(client);
    this.#unsubscribe ??= this.#model.subscribe((changes) => this.#collect(changes));
    res.on('close', () => this.#drop(client));
    void this.#keepAlive(client);
  }

  stop(): void {
    this.#stopped.abort();
    for (const client of [...this.#clients]) {
      client.res.end();
      this.#drop(client);
    }
  }

  #drop(client: Client): void {
    client.stop.abort();
    this.#clients.delete(client);
    if (this.#clients.size === 0) {
      this.#unsubscribe?.();
      this.#unsubscribe = undefined;
      this.#pending.clear();
    }
  }

  /** Until the client goes (stop() drops every client, which aborts its signal). */
  async #keepAlive(client: Client): Promise<void> {
    const signal = client.stop.signal;
    while (!signal.aborted) {
      try {
        await this.#clock.sleep(KEEP_ALIVE_MS, signal);
      } catch {
        return;
      }
      this.#send(client, ': hi\n\n');
    }
  }

  #send(client: Client, text: string): void {
    if (client.res.writableLength > MAX_UNREAD_BYTES) {
      client.res.destroy();
      this.#drop(client);
      return;
    }
    client.res.write(text);
  }

  /** Folds changes into the next container: the latest value of each property of each resource. */
  #collect(changes: ResourceChange[]): void {
    for (const change of changes) {
      const key = `${change.type}/${change.id}`;
      const earlier = this.#pending.get(key);
      this.#pending.set(key, earlier ? (deepMerge(earlier, change) as ResourceChange) : structuredClone(change));
    }
    if (this.#flushScheduled) return;
    const waitMs = this.#lastSentMs + EVENT_CONTAINER_INTERVAL_MS - this.#clock.now();
    if (waitMs <= 0) {
      this.#flush();
      return;
    }
    this.#flushScheduled = true;
    this.#clock
      .sleep(waitMs, this.#stopped.signal)
      .then(() => {
        this.#flushScheduled = false;
        this.#flush();
      })
      .catch(() => undefined);
  }

  #flush(): void {
    if (this.#pending.size === 0) return;
    const nowMs = this.#clock.now();
    const second = Math.floor(nowMs / 1000);
    this.#sequence = second === this.#second ? this.#sequence + 1 : 0;
    this.#second = second;
    const container = sortKeys({
      creationtime: `${new Date(nowMs).toISOString().slice(0, 19)}Z`,
      data: [...this.#pending.values()],
      id: randomUUID(),
      type: 'update',
    });
    this.#pending.clear();
    this.#lastSentMs = nowMs;
    const message = `id: ${second}:${this.#sequence}\ndata: ${JSON.stringify([container])}\n\n`;
    for (const client of [...this.#clients]) this.#send(client, message);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...target };
  for (const [key, value] of Object.entries(source)) {
    const current = out[key];
    out[key] = isObject(value) && isObject(current) ? deepMerge(current, value) : structuredClone(value);
  }
  return out;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys(value[key])]),
  );
}

import { constants } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { ConnectEngine, ConnectEngineOptions } from './connect-engine-types.ts';
import { outcomeOfStatus } from './connect-outcome.ts';

/**
 * The shapes of Node's internal `tcp_wrap` binding that lib/net.js itself uses (TCP handle, TCPConnectWrap request
 * with `oncomplete(status, handle, req)`). Only feature-detected: if a Node release changes them, the prober falls
 * back to net.Socket.
 */
interface UvTcpHandle {
  connect(req: UvConnectRequest, address: string, port: number): number;
  connect6(req: UvConnectRequest, address: string, port: number): number;
  /** uv_tcp_close_reset: closes with an RST. */
  reset(): number;
  close(): void;
}

interface UvConnectRequest {
  oncomplete: (status: number, handle: UvTcpHandle, req: UvConnectRequest) => void;
  slot: number;
  generation: number;
}

interface TcpWrapBinding {
  TCP: new (type: number) => UvTcpHandle;
  TCPConnectWrap: new () => UvConnectRequest;
  constants: { SOCKET: number };
}

/** Whether Node's `tcp_wrap` binding is usable here (the fast engines need it). */
export function tcpWrapAvailable(): boolean {
  return loadTcpWrap() !== undefined;
}

function loadTcpWrap(): TcpWrapBinding | undefined {
  try {
    const binding = (process as unknown as { binding?: (name: string) => unknown }).binding?.('tcp_wrap') as
      | Partial<TcpWrapBinding>
      | undefined;
    const proto = binding?.TCP?.prototype as Partial<UvTcpHandle> | undefined;
    const usable =
      typeof binding?.TCPConnectWrap === 'function' &&
      typeof binding.constants?.SOCKET === 'number' &&
      typeof proto?.connect === 'function' &&
      typeof proto.connect6 === 'function' &&
      typeof proto.reset === 'function' &&
      typeof proto.close === 'function';
    return usable ? (binding as TcpWrapBinding) : undefined;
  } catch {
    // Worker threads and future Node versions may refuse the binding: the socket engine takes over.
    return undefined;
  }
}

/** How often deadlines are checked: connect timeouts are accurate to this. */
const DEADLINE_TICK_MS = 20;

/**
 * A socket whose connect was refused goes back to CLOSE and Linux lets it connect again, which saves a socket(),
 * a close() and a handle per probe (a third of a loopback probe's cost). The first connect() after a refusal
 * returns ECONNABORTED and resets the socket (net/ipv4/af_inet.c `__inet_stream_connect`: the socket is still
 * marked connecting), so a reused handle is retried once on that. Other systems do not promise reconnects.
 */
const REUSE_REFUSED = process.platform === 'linux';
const ECONNREFUSED = -constants.errno.ECONNREFUSED;
const ECONNABORTED = -constants.errno.ECONNABORTED;

/** EINVAL as libuv reports it: what connect(2) says to a port that is no port. */
const EINVAL = -constants.errno.EINVAL;

/**
 * One libuv TCP handle and one connect request per probe, no stream, no listeners. Deadlines live in a typed
 * array swept by a single timer rather than one timer per probe. A generation counter per slot makes late
 * completions of timed-out or cancelled connects harmless.
 */
export function createNativeConnectEngine(options: ConnectEngineOptions): ConnectEngine | undefined {
  const binding = loadTcpWrap();
  return binding ? new NativeConnectEngine(binding, options) : undefined;
}

class NativeConnectEngine implements ConnectEngine {
  readonly #binding: TcpWrapBinding;
  readonly #onDone: ConnectEngineOptions['onDone'];
  readonly #handles: Array<UvTcpHandle | undefined>;
  readonly #deadlines: Float64Array;
  readonly #generations: Uint32Array;
  /** Refused handles kept for the next connects (REUSE_REFUSED). */
  readonly #spare: UvTcpHandle[] = [];
  #active = 0;
  #timer: NodeJS.Timeout | undefined;

  constructor(binding: TcpWrapBinding, options: ConnectEngineOptions) {
    this.#binding = binding;
    this.#onDone = options.onDone;
    this.#handles = new Array(options.slots);
    this.#deadlines = new Float64Array(options.slots);
    this.#generations = new Uint32Array(options.slots);
  }

  start(slot: number, address: string, port: number, timeoutMs: number): void {
    // The binding truncates a port to 16 bits (70000 would probe 4464): refuse it as connect(2) would.
    const handle = Number.isInteger(port) && port > 0 && port < 65_536 ? this.#connecting(slot, address, port) : EINVAL;
    if (typeof handle === 'number') {
      this.#failLater(slot, handle);
      return;
    }
    this.#handles[slot] = handle;
    this.#deadlines[slot] = performance.now() + timeoutMs;
    this.#active++;
    // The sweep runs after the poll phase of the same loop turn, so connects that completed while the event loop
    // was busy are counted as completed, not timed out.
    this.#timer ??= setInterval(() => setImmediate(this.#sweep), DEADLINE_TICK_MS);
  }

  cancelAll(): void {
    // Releasing every slot also invalidates synchronous failures still waiting for their next tick.
    for (let slot = 0; slot < this.#handles.length; slot++) this.#release(slot)?.close();
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    for (const handle of this.#spare.splice(0)) handle.close();
  }

  /** Reports a connect that failed at once on the next tick, so a caller that starts the next probe from onDone cannot recurse without end. */
  #failLater(slot: number, status: number): void {
    const generation = this.#generations[slot] ?? 0;
    process.nextTick(() => {
      if (this.#generations[slot] !== generation) return;
      this.#generations[slot] = (generation + 1) >>> 0;
      this.#onDone(slot, outcomeOfStatus(status));
    });
  }

  #release(slot: number): UvTcpHandle | undefined {
    const handle = this.#handles[slot];
    this.#handles[slot] = undefined;
    this.#generations[slot] = ((this.#generations[slot] ?? 0) + 1) >>> 0;
    if (handle) this.#active--;
    return handle;
  }

  /** libuv calls this as `req.oncomplete(status, handle, req)`, hence a bound arrow. */
  readonly #oncomplete = (status: number, handle: UvTcpHandle, req: UvConnectRequest): void => {
    if (this.#generations[req.slot] !== req.generation) return;
    this.#release(req.slot);
    if (status === 0) {
      // An RST instead of a FIN: the peer's accept queue is freed at once and no TIME_WAIT is left on our side.
      if (handle.reset() !== 0) handle.close();
      this.#onDone(req.slot, 'open');
      return;
    }
    if (REUSE_REFUSED && status === ECONNREFUSED && this.#spare.length < this.#handles.length) this.#spare.push(handle);
    else handle.close();
    this.#onDone(req.slot, outcomeOfStatus(status));
  };

  #connect(handle: UvTcpHandle, slot: number, address: string, port: number): number {
    const req = new this.#binding.TCPConnectWrap();
    req.oncomplete = this.#oncomplete;
    req.slot = slot;
    req.generation = this.#generations[slot] ?? 0;
    return address.includes(':') ? handle.connect6(req, address, port) : handle.connect(req, address, port);
  }

  /** A connecting handle, reused when one is spare, or the error of a fresh handle's connect. */
  #connecting(slot: number, address: string, port: number): UvTcpHandle | number {
    const reused = this.#spare.pop();
    if (reused) {
      let error = this.#connect(reused, slot, address, port);
      if (error === ECONNABORTED) error = this.#connect(reused, slot, address, port);
      if (error === 0) return reused;
      reused.close();
    }
    const handle = new this.#binding.TCP(this.#binding.constants.SOCKET);
    const error = this.#connect(handle, slot, address, port);
    if (error === 0) return handle;
    handle.close();
    return error;
  }

  readonly #sweep = (): void => {
    if (this.#active === 0) {
      // Idle: stop ticking so a finished scan does not keep the process alive.
      clearInterval(this.#timer);
      this.#timer = undefined;
      return;
    }
    const now = performance.now();
    for (let slot = 0; slot < this.#handles.length; slot++) {
      if (this.#handles[slot] && (this.#deadlines[slot] ?? 0) <= now) {
        this.#release(slot)?.close();
        this.#onDone(slot, 'timeout');
      }
    }
  };
}

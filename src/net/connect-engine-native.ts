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

/**
 * One libuv TCP handle and one connect request per probe, no stream, no listeners. Deadlines live in a typed
 * array swept by a single timer rather than one timer per probe. A generation counter per slot makes late
 * completions of timed-out or cancelled connects harmless.
 */
export function createNativeConnectEngine(options: ConnectEngineOptions): ConnectEngine | undefined {
  const binding = loadTcpWrap();
  if (!binding) return undefined;
  const handles: Array<UvTcpHandle | undefined> = new Array(options.slots);
  const deadlines = new Float64Array(options.slots);
  const generations = new Uint32Array(options.slots);
  const spare: UvTcpHandle[] = [];
  let active = 0;
  let timer: NodeJS.Timeout | undefined;

  const release = (slot: number): UvTcpHandle | undefined => {
    const handle = handles[slot];
    handles[slot] = undefined;
    generations[slot] = ((generations[slot] ?? 0) + 1) >>> 0;
    if (handle) active--;
    return handle;
  };

  const oncomplete = (status: number, handle: UvTcpHandle, req: UvConnectRequest): void => {
    if (generations[req.slot] !== req.generation) return;
    release(req.slot);
    if (status === 0) {
      // An RST instead of a FIN: the peer's accept queue is freed at once and no TIME_WAIT is left on our side.
      if (handle.reset() !== 0) handle.close();
      options.onDone(req.slot, 'open');
    } else {
      if (REUSE_REFUSED && status === ECONNREFUSED && spare.length < options.slots) spare.push(handle);
      else handle.close();
      options.onDone(req.slot, outcomeOfStatus(status));
    }
  };

  const connect = (handle: UvTcpHandle, slot: number, address: string, port: number): number => {
    const req = new binding.TCPConnectWrap();
    req.oncomplete = oncomplete;
    req.slot = slot;
    req.generation = generations[slot] ?? 0;
    return address.includes(':') ? handle.connect6(req, address, port) : handle.connect(req, address, port);
  };

  /** A connecting handle, reused when one is spare, or the error of a fresh handle's connect. */
  const connecting = (slot: number, address: string, port: number): UvTcpHandle | number => {
    const reused = spare.pop();
    if (reused) {
      let error = connect(reused, slot, address, port);
      if (error === ECONNABORTED) error = connect(reused, slot, address, port);
      if (error === 0) return reused;
      reused.close();
    }
    const handle = new binding.TCP(binding.constants.SOCKET);
    const error = connect(handle, slot, address, port);
    if (error === 0) return handle;
    handle.close();
    return error;
  };

  const sweep = (): void => {
    if (active === 0) {
      // Idle: stop ticking so a finished scan does not keep the process alive.
      clearInterval(timer);
      timer = undefined;
      return;
    }
    const now = performance.now();
    for (let slot = 0; slot < handles.length; slot++) {
      if (handles[slot] && (deadlines[slot] ?? 0) <= now) {
        release(slot)?.close();
        options.onDone(slot, 'timeout');
      }
    }
  };

  return {
    start(slot, address, port, timeoutMs) {
      const handle = connecting(slot, address, port);
      if (typeof handle === 'number') {
        const error = handle;
        const generation = generations[slot] ?? 0;
        // Report on the next tick so a caller that starts the next probe from onDone cannot recurse without end.
        process.nextTick(() => {
          if (generations[slot] === generation) {
            generations[slot] = (generation + 1) >>> 0;
            options.onDone(slot, outcomeOfStatus(error));
          }
        });
        return;
      }
      handles[slot] = handle;
      deadlines[slot] = performance.now() + timeoutMs;
      active++;
      // The sweep runs after the poll phase of the same loop turn, so connects that completed while the event loop
      // was busy are counted as completed, not timed out.
      timer ??= setInterval(() => setImmediate(sweep), DEADLINE_TICK_MS);
    },
    cancelAll() {
      // Releasing every slot also invalidates synchronous failures still waiting for their next tick.
      for (let slot = 0; slot < handles.length; slot++) release(slot)?.close();
    },
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      for (const handle of spare.splice(0)) handle.close();
    },
  };
}

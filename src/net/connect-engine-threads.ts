import { Worker } from 'node:worker_threads';
import type { ConnectEngine, ConnectEngineOptions } from './connect-engine.ts';
import { createNativeConnectEngine, tcpWrapAvailable } from './connect-engine-native.ts';
import { createSocketConnectEngine } from './connect-engine-socket.ts';
import { outcomeOfStatus } from './connect-outcome.ts';
import { CONNECT_WORKER_SOURCE, CONNECT_WORKER_TIMEOUT } from './connect-worker-source.ts';

/**
 * The native engine spread over worker threads, slot `s` on worker `s % threads`. A loopback or LAN probe costs a
 * few microseconds of kernel and libuv work in the thread that connects (the SYN and its answer are processed in
 * that thread's syscall), so one thread tops out near 100k probes a second; workers use the other cores. The
 * caller (the prober, with its rate limits, host groups and retries) stays on the main thread: only the connects
 * move. Starts are sent in one message per worker per microtask checkpoint, results come back one batch per
 * worker loop turn. A generation per slot drops results of cancelled connects. If a worker dies, its connects
 * in flight are restarted on an in-process engine, so no probe is lost or reported twice.
 */
export function createThreadedConnectEngine(
  options: ConnectEngineOptions & {
    threads: number;
    /** The workers' code; tests pass a broken one to see connects move to this thread. */
    workerSource?: string;
  },
): ConnectEngine {
  const threads = Math.max(1, Math.floor(options.threads));
  const generations = new Uint32Array(options.slots);
  // What each slot is connecting to, kept so a dead worker's connects can be restarted elsewhere.
  const inFlightAddress: Array<string | undefined> = new Array(options.slots);
  const inFlightPort = new Int32Array(options.slots);
  const inFlightTimeoutMs = new Float64Array(options.slots);
  const outbox: unknown[][] = Array.from({ length: threads }, () => []);
  const alive: boolean[] = Array.from({ length: threads }, () => true);
  let fallback: ConnectEngine | undefined;
  let flushQueued = false;
  let closed = false;

  const deliver = (slot: number, outcome: Parameters<ConnectEngineOptions['onDone']>[1]): void => {
    generations[slot] = ((generations[slot] ?? 0) + 1) >>> 0;
    inFlightAddress[slot] = undefined;
    options.onDone(slot, outcome);
  };

  const inProcess = (): ConnectEngine => {
    fallback ??=
      createNativeConnectEngine({ slots: options.slots, onDone: deliver }) ??
      createSocketConnectEngine({ slots: options.slots, onDone: deliver });
    return fallback;
  };

  const onResults = (batch: number[]): void => {
    for (let i = 0; i < batch.length; i += 3) {
      const slot = batch[i] as number;
      if (generations[slot] !== batch[i + 1] || inFlightAddress[slot] === undefined) continue;
      const status = batch[i + 2] as number;
      deliver(slot, status === 0 ? 'open' : status === CONNECT_WORKER_TIMEOUT ? 'timeout' : outcomeOfStatus(status));
    }
  };

  const onWorkerLost = (index: number): void => {
    if (closed || !alive[index]) return;
    alive[index] = false;
    (outbox[index] as unknown[]).length = 0;
    for (let slot = index; slot < options.slots; slot += threads) {
      const address = inFlightAddress[slot];
      if (address !== undefined) {
        inProcess().start(slot, address, inFlightPort[slot] as number, inFlightTimeoutMs[slot] as number);
      }
    }
  };

  const workers = Array.from({ length: threads }, (_, index) => {
    const worker = new Worker(options.workerSource ?? CONNECT_WORKER_SOURCE, { eval: true });
    worker.on('message', onResults);
    worker.on('error', () => onWorkerLost(index));
    worker.on('exit', () => onWorkerLost(index));
    return worker;
  });

  const flush = (): void => {
    flushQueued = false;
    for (let index = 0; index < threads; index++) {
      const starts = outbox[index] as unknown[];
      if (starts.length === 0) continue;
      outbox[index] = [];
      workers[index]?.postMessage(starts);
    }
  };

  return {
    start(slot, address, port, timeoutMs) {
      inFlightAddress[slot] = address;
      inFlightPort[slot] = port;
      inFlightTimeoutMs[slot] = timeoutMs;
      const index = slot % threads;
      if (!alive[index]) {
        inProcess().start(slot, address, port, timeoutMs);
        return;
      }
      (outbox[index] as unknown[]).push(slot, generations[slot], address, port, timeoutMs);
      if (!flushQueued) {
        flushQueued = true;
        queueMicrotask(flush);
      }
    },
    cancelAll() {
      for (let slot = 0; slot < options.slots; slot++) {
        generations[slot] = ((generations[slot] ?? 0) + 1) >>> 0;
        inFlightAddress[slot] = undefined;
      }
      for (let index = 0; index < threads; index++) {
        (outbox[index] as unknown[]).length = 0;
        if (alive[index]) workers[index]?.postMessage('cancel');
      }
      fallback?.cancelAll();
    },
    close() {
      closed = true;
      for (const worker of workers) void worker.terminate();
      fallback?.close();
    },
  };
}

/** Whether worker-thread connects can work here: the workers use the same binding as the native engine. */
export function threadedEngineAvailable(): boolean {
  return tcpWrapAvailable();
}

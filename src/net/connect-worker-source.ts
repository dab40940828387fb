/**
 * The code of a connect worker thread (connect-engine-threads.ts), run with `new Worker(source, { eval: true })`.
 *
 * It is a string because it must run the same from the TypeScript sources (tsx, vitest) and from the single-file
 * esbuild bundle, which has no separate module a worker could load. It is the native engine
 * (connect-engine-native.ts) without the outcome mapping: it connects with libuv TCP handles, reuses refused
 * handles on Linux, sweeps deadlines with one timer, and answers raw libuv statuses. Keep the two in step; the
 * engine test suite runs against both.
 *
 * Messages in: a flat array of starts `[slot, generation, address, port, timeoutMs, …]`, or `'cancel'`.
 * Messages out: a flat array of results `[slot, generation, status, …]`; status is 0 (connected), a negative libuv
 * error, or {@link CONNECT_WORKER_TIMEOUT}. A message costs several microseconds on each side, about as much as a
 * loopback probe, so results are held until as many are done as are still connecting (or nothing is), and at
 * most {@link CONNECT_WORKER_HOLD_MS}; but a full chunk goes out at once, so the main thread can send the next
 * starts while this worker still has completions to read.
 */
export const CONNECT_WORKER_TIMEOUT = 1;

/** The longest a finished probe waits in the worker to be reported with others. */
export const CONNECT_WORKER_HOLD_MS = 2;

/** Results sent as soon as this many are ready. */
export const CONNECT_WORKER_CHUNK = 64;

export const CONNECT_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort } = require('node:worker_threads');
const { constants } = require('node:os');
const binding = process.binding('tcp_wrap');
const TIMEOUT = ${CONNECT_WORKER_TIMEOUT};
const HOLD_MS = ${CONNECT_WORKER_HOLD_MS};
const CHUNK = ${CONNECT_WORKER_CHUNK};
const DEADLINE_TICK_MS = 20;
const REUSE_REFUSED = process.platform === 'linux';
const ECONNREFUSED = -constants.errno.ECONNREFUSED;
const ECONNABORTED = -constants.errno.ECONNABORTED;
const handles = new Map();
const deadlines = new Map();
const generations = new Map();
const spare = [];
let results = [];
let checking = false;
let holdTimer;
let timer;

function flush() {
  clearTimeout(holdTimer);
  holdTimer = undefined;
  if (results.length === 0) return;
  const batch = results;
  results = [];
  parentPort.postMessage(batch);
}

function check() {
  checking = false;
  if (results.length / 3 >= handles.size) flush();
  else holdTimer ??= setTimeout(flush, HOLD_MS);
}

function report(slot, status) {
  results.push(slot, generations.get(slot), status);
  if (results.length >= CHUNK * 3) flush();
  else if (!checking) {
    checking = true;
    setImmediate(check);
  }
}

function oncomplete(status, handle, req) {
  if (handles.get(req.slot) !== handle) return;
  handles.delete(req.slot);
  if (status === 0) {
    if (handle.reset() !== 0) handle.close();
  } else if (REUSE_REFUSED && status === ECONNREFUSED && spare.length < 4096) spare.push(handle);
  else handle.close();
  report(req.slot, status);
}

function connect(handle, slot, address, port) {
  const req = new binding.TCPConnectWrap();
  req.oncomplete = oncomplete;
  req.slot = slot;
  return address.includes(':') ? handle.connect6(req, address, port) : handle.connect(req, address, port);
}

function connecting(slot, address, port) {
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
}

function sweep() {
  if (handles.size === 0) {
    clearInterval(timer);
    timer = undefined;
    return;
  }
  const now = performance.now();
  for (const [slot, handle] of handles) {
    if (deadlines.get(slot) <= now) {
      handles.delete(slot);
      handle.close();
      report(slot, TIMEOUT);
    }
  }
}

function start(slot, generation, address, port, timeoutMs) {
  generations.set(slot, generation);
  const handle = connecting(slot, address, port);
  if (typeof handle === 'number') {
    report(slot, handle);
    return;
  }
  handles.set(slot, handle);
  deadlines.set(slot, performance.now() + timeoutMs);
  timer ??= setInterval(() => setImmediate(sweep), DEADLINE_TICK_MS);
}

parentPort.on('message', (message) => {
  if (message === 'cancel') {
    for (const handle of handles.values()) handle.close();
    handles.clear();
    results = [];
    clearTimeout(holdTimer);
    holdTimer = undefined;
    return;
  }
  for (let i = 0; i < message.length; i += 5) {
    start(message[i], message[i + 1], message[i + 2], message[i + 3], message[i + 4]);
  }
});
`;

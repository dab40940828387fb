/**
 * The code of a TCP probe worker thread (tcp-probe-threads.ts), run with `new Worker(source, { eval: true })`.
 *
 * It is a string because it has to run the same from the TypeScript sources (tsx, vitest) and from the single-file
 * esbuild bundle, which has no separate module a worker could load, and transpilers rewrite function bodies
 * (`__name(…)` helpers), so `fn.toString()` is not safe either. It is TcpProber (tcp-probe.ts) and the native
 * connect engine (connect-engine-native.ts) folded together for the hosts one worker is given: the same host
 * groups with ports interleaved, per-host token buckets, per-host deadlines, resource back-off and retries,
 * refused-handle reuse, one deadline sweep. Keep them in step: tcp-probe.test.ts runs its engine cases on both, and
 * tcp-probe-threads.test.ts compares the two on the same hosts.
 *
 * Protocol (main → worker): `{type:'hosts', hosts:[{id, address, timeoutMs, rate, burst, map}]}` (map: flat
 * `[realPort, connectPort, …]` or null), `{type:'end'}` (no more hosts), `{type:'cancel'}`.
 * Worker → main: `{type:'more'}`, `{type:'report', hosts, probes}` (finished hosts `{id, open, refused, timedOut,
 * unreachable}` and probes done since the last report), `{type:'finished', hosts, probes}`,
 * `{type:'cancelled', hosts, partial, probes}` (partial: the hosts it held that were not finished).
 */
export const TCP_PROBE_WORKER_SOURCE = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const binding = process.binding('tcp_wrap');
const PORTS = workerData.ports;
const OUTCOME = new Map(workerData.outcomes);
const REUSE_REFUSED = workerData.reuseRefused;
const ECONNREFUSED = workerData.econnrefused;
const ECONNABORTED = workerData.econnaborted;
const SLOTS = workerData.concurrency;
const MIN_CONCURRENCY = Math.min(16, SLOTS);
const MAX_RESOURCE_RETRIES = 5;
const DEADLINE_TICK_MS = 20;
const REPORT_EVERY_PROBES = 1024;

let limit = SLOTS;
const slotHost = new Array(SLOTS);
const slotPort = new Int32Array(SLOTS);
const slotAttempt = new Uint8Array(SLOTS);
const slotHandle = new Array(SLOTS);
const slotDeadline = new Float64Array(SLOTS);
const freeSlots = [];
for (let slot = SLOTS - 1; slot >= 0; slot--) freeSlots.push(slot);
const spare = [];
const queued = [];
let group = [];
let portIndex = 0;
let hostIndex = 0;
let inFlight = 0;
let connecting = 0;
let probes = 0;
let finishedHosts = [];
let asked = false;
let ended = false;
let stopped = false;
let reportQueued = false;
let sweepTimer;

function post(type) {
  reportQueued = false;
  parentPort.postMessage({ type, hosts: finishedHosts, probes });
  finishedHosts = [];
  probes = 0;
}

function queueReport() {
  if (reportQueued) return;
  reportQueued = true;
  setImmediate(() => {
    if (!stopped && reportQueued) post('report');
  });
}

function counts(host) {
  return { id: host.id, open: host.open, refused: host.refused, timedOut: host.timedOut, unreachable: host.unreachable };
}

function hostDone(host) {
  host.done = true;
  finishedHosts.push(counts(host));
  queueReport();
}

function ask() {
  if (asked || ended || queued.length > 0) return;
  asked = true;
  parentPort.postMessage({ type: 'more' });
}

function nextHost() {
  while (portIndex >= PORTS.length || group.length === 0) {
    const next = queued.shift();
    if (!next) {
      ask();
      return undefined;
    }
    group = next;
    portIndex = 0;
    hostIndex = 0;
    if (PORTS.length === 0) {
      for (const host of group) hostDone(host);
      group = [];
    }
  }
  // Ask for more hosts while the last probes of this group go out, so no round trip to the main thread is waited for.
  if ((PORTS.length - portIndex) * group.length - hostIndex <= limit) ask();
  return group[hostIndex];
}

function pump() {
  while (!stopped && inFlight < limit) {
    const host = nextHost();
    if (!host) break;
    const slot = freeSlots.pop();
    slotHost[slot] = host;
    slotPort[slot] = PORTS[portIndex];
    slotAttempt[slot] = 0;
    if (++hostIndex === group.length) {
      hostIndex = 0;
      portIndex++;
    }
    host.issued++;
    host.pending++;
    inFlight++;
    start(slot);
  }
  if (!stopped && inFlight === 0 && ended && queued.length === 0 && (group.length === 0 || portIndex >= PORTS.length)) {
    finish();
  }
}

/** TokenBucket.take (token-bucket.ts): 0, or the ms until a token is due. */
function takeToken(host) {
  const now = Date.now();
  host.tokens = Math.min(host.burst, host.tokens + (now - host.updatedAt) * (host.rate / 1000));
  host.updatedAt = now;
  if (host.tokens >= 1) {
    host.tokens -= 1;
    return 0;
  }
  return Math.max(1, Math.ceil((1 - host.tokens) / (host.rate / 1000)));
}

function connect(handle, slot, address, port) {
  const req = new binding.TCPConnectWrap();
  req.oncomplete = oncomplete;
  req.slot = slot;
  return address.includes(':') ? handle.connect6(req, address, port) : handle.connect(req, address, port);
}

function open(slot, address, port) {
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

function start(slot) {
  const host = slotHost[slot];
  if (host.rate > 0) {
    const waitMs = takeToken(host);
    if (waitMs > 0) {
      setTimeout(() => {
        if (!stopped) start(slot);
      }, waitMs);
      return;
    }
  }
  const port = slotPort[slot];
  const target = host.map === null ? port : (host.map.get(port) ?? port);
  const handle = open(slot, host.address, target);
  if (typeof handle === 'number') {
    // On the next tick, so a run of synchronous failures cannot recurse through pump() without end.
    process.nextTick(done, slot, OUTCOME.get(handle) ?? 'unreachable');
    return;
  }
  slotHandle[slot] = handle;
  slotDeadline[slot] = performance.now() + host.timeoutMs;
  connecting++;
  sweepTimer ??= setInterval(() => setImmediate(sweep), DEADLINE_TICK_MS);
}

function oncomplete(status, handle, req) {
  const slot = req.slot;
  if (slotHandle[slot] !== handle) return;
  slotHandle[slot] = undefined;
  connecting--;
  if (status === 0) {
    // An RST instead of a FIN: the peer's accept queue is freed at once and no TIME_WAIT is left here.
    if (handle.reset() !== 0) handle.close();
    done(slot, 'open');
    return;
  }
  if (REUSE_REFUSED && status === ECONNREFUSED && spare.length < SLOTS) spare.push(handle);
  else handle.close();
  done(slot, OUTCOME.get(status) ?? 'unreachable');
}

function sweep() {
  if (connecting === 0) {
    clearInterval(sweepTimer);
    sweepTimer = undefined;
    return;
  }
  const now = performance.now();
  for (let slot = 0; slot < SLOTS; slot++) {
    const handle = slotHandle[slot];
    if (handle !== undefined && slotDeadline[slot] <= now) {
      slotHandle[slot] = undefined;
      connecting--;
      handle.close();
      done(slot, 'timeout');
    }
  }
}

function done(slot, outcome) {
  if (stopped) return;
  const host = slotHost[slot];
  const attempt = slotAttempt[slot];
  if (outcome === 'resource' && attempt < MAX_RESOURCE_RETRIES) {
    // Out of sockets or local ports: back off and narrow the window rather than report a false "closed".
    limit = Math.max(MIN_CONCURRENCY, Math.floor(limit * 0.9));
    slotAttempt[slot] = attempt + 1;
    setTimeout(() => {
      if (!stopped) start(slot);
    }, 20 * (attempt + 1));
    return;
  }
  if (outcome === 'open') host.open.push(slotPort[slot]);
  else if (outcome === 'refused') host.refused++;
  else if (outcome === 'timeout') host.timedOut++;
  else host.unreachable++;
  slotHost[slot] = undefined;
  freeSlots.push(slot);
  host.pending--;
  inFlight--;
  probes++;
  if (host.pending === 0 && host.issued === PORTS.length) hostDone(host);
  else if (probes >= REPORT_EVERY_PROBES) queueReport();
  pump();
}

function release() {
  stopped = true;
  clearInterval(sweepTimer);
  sweepTimer = undefined;
  for (let slot = 0; slot < SLOTS; slot++) {
    slotHandle[slot]?.close();
    slotHandle[slot] = undefined;
  }
  for (const handle of spare.splice(0)) handle.close();
}

function finish() {
  release();
  post('finished');
}

function cancel() {
  if (stopped) return;
  release();
  const partial = [];
  for (const host of group) if (!host.done) partial.push(counts(host));
  for (const hosts of queued) for (const host of hosts) partial.push(counts(host));
  parentPort.postMessage({ type: 'cancelled', hosts: finishedHosts, partial, probes });
}

function hostState(spec) {
  let map = null;
  if (spec.map !== null) {
    map = new Map();
    for (let i = 0; i < spec.map.length; i += 2) map.set(spec.map[i], spec.map[i + 1]);
  }
  return {
    id: spec.id,
    address: spec.address,
    timeoutMs: spec.timeoutMs,
    rate: spec.rate,
    burst: spec.burst,
    tokens: spec.burst,
    updatedAt: Date.now(),
    map,
    open: [],
    refused: 0,
    timedOut: 0,
    unreachable: 0,
    issued: 0,
    pending: 0,
    done: false,
  };
}

parentPort.on('message', (message) => {
  if (message.type === 'cancel') cancel();
  else if (stopped) return;
  else if (message.type === 'end') {
    ended = true;
    asked = false;
    pump();
  } else if (message.type === 'hosts') {
    asked = false;
    queued.push(message.hosts.map(hostState));
    pump();
  }
});
pump();
`;

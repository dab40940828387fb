import type { Socket } from 'node:net';
import { SeededRandom, seedOf } from '../../dns-traffic/prng.ts';
import { CONTROL_BANNER, INVALID_UTF8 } from './control-text.ts';
import { deepJsonText } from './deep-json.ts';
import { EVIL_NAME } from './evil-shelly.ts';
import { gzipBombBody, HUGE_HEADER_BYTES, TRICKLE_INTERVAL_MS } from './http-streams.ts';
import { serveKasaMissingModule } from './kasa-missing-module.ts';
import { halfOpen, slowloris, wrongContentLength } from './raw-http.ts';
import type { HostileBehavior } from './settings.ts';

const CHUNK = Buffer.alloc(16 * 1024, 'A');

/** Bytes that start like JSON a device would send, then break (the raw-port twin of the HTTP garbage). */
const GARBAGE = Buffer.from('{"model":"HS100","sw_ver":\u0000\u00ff{]]', 'latin1');

/** Writes until the client goes away, waiting for `drain` so memory stays flat. */
function flood(socket: Socket): void {
  const pump = (): void => {
    while (!socket.destroyed) {
      if (!socket.write(CHUNK)) {
        socket.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

/** Runs `act` once, when the client has spoken: these peers let the client send its request first. */
function onFirstData(socket: Socket, act: () => void): void {
  socket.once('data', act);
}

/** Random bytes (seeded per device, so a run repeats) in answer to everything, then a close after a few rounds. */
function garbage(socket: Socket, random: SeededRandom): void {
  const burst = (): Buffer => Buffer.from(Array.from({ length: 64 + random.below(4096) }, () => random.below(256)));
  socket.write(burst());
  let rounds = 0;
  socket.on('data', () => {
    if (++rounds > 8) socket.destroy();
    else socket.write(burst());
  });
}

/** One byte every 200 ms, for ever. */
function trickle(socket: Socket): void {
  const timer = setInterval(() => {
    if (!socket.destroyed) socket.write(' ');
  }, TRICKLE_INTERVAL_MS);
  socket.on('close', () => clearInterval(timer));
}

type RawResponder = (socket: Socket, connection: number) => void;

/** Raw answers that are the same for every connection. */
function rawResponders(mac: string, random: SeededRandom): Partial<Record<HostileBehavior, RawResponder>> {
  return {
    silent: () => undefined,
    'endless-body': (socket) => flood(socket),
    'gigabyte-body': (socket) => flood(socket),
    'invalid-json': (socket) => onFirstData(socket, () => socket.end(GARBAGE)),
    reset: (socket) => onFirstData(socket, () => socket.write('{"system":', () => socket.resetAndDestroy())),
    'evil-name': (socket) => onFirstData(socket, () => socket.end(`${EVIL_NAME}\r\n`)),
    'control-chars': (socket) => socket.write(CONTROL_BANNER),
    'invalid-utf8': (socket) => socket.end(Buffer.concat([INVALID_UTF8, Buffer.from('\r\n')])),
    'deep-json': (socket) => onFirstData(socket, () => socket.end(deepJsonText())),
    'kasa-missing-module': (socket) => serveKasaMissingModule(socket, mac),
    'huge-header': (socket) => onFirstData(socket, () => socket.end(`X-Banner: ${'h'.repeat(HUGE_HEADER_BYTES)}\r\n`)),
    slowloris: (socket) => slowloris(socket),
    'wrong-content-length': (socket, connection) => wrongContentLength(socket, connection),
    'half-open': (socket) => halfOpen(socket),
    garbage: (socket) => garbage(socket, random),
    'trickle-chunked': (socket) => trickle(socket),
    'gzip-bomb': (socket) => onFirstData(socket, () => socket.end(gzipBombBody())),
  };
}

/**
 * The raw-TCP side of each hostile behaviour, for the ports that are not HTTP (Kasa's 9999, ESPHome's 6053,
 * telnet) and for port 80 where a behaviour breaks HTTP itself: what a broken or malicious device does to a
 * client that connects there. Behaviours with nothing to say on a raw port close the connection after the
 * client's first bytes.
 */
export function hostileTcpHandler(behavior: HostileBehavior, mac: string): (socket: Socket) => void {
  const random = new SeededRandom(seedOf(`${behavior}/${mac}`));
  const respond = rawResponders(mac, random)[behavior];
  let connections = 0;
  return (socket) => {
    const connection = connections++;
    // Read and discard whatever the client sends, so its writes never block.
    socket.resume();
    if (respond) respond(socket, connection);
    else onFirstData(socket, () => socket.end());
  };
}

/** Behaviours that are served raw on port 80 too: they break HTTP framing itself. */
export const RAW_ON_HTTP_PORT: ReadonlySet<HostileBehavior> = new Set<HostileBehavior>([
  'silent',
  'slowloris',
  'wrong-content-length',
  'half-open',
  'garbage',
]);

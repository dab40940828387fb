import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { withDeepKey } from './deep-json.ts';
import { evilShelly } from './evil-shelly.ts';
import type { HostileRecorder } from './hostile-record.ts';
import {
  controlShelly,
  invalidUtf8Shelly,
  redirect,
  serveControlShelly,
  shiftingIdentities,
  withInvalidUtf8,
} from './http-identity.ts';
import { endless, gigabyteBody, gzipBomb, hugeHeader, trickleChunked } from './http-streams.ts';
import type { HostileBehavior, HostileSettings } from './settings.ts';
import { lockedShelly, notFound, sendJsonText, servePage, shellyPage } from './shelly-impostor.ts';
import { basicTrap, digestTrap, gen2DeviceInfo, hueKeyTrap, huePublicConfig } from './traps.ts';

/** Garbage that looks like the start of the JSON a device family would send, then breaks. */
const GARBAGE = [
  '{"type":"SHSW-1","mac":"0000',
  '{"name":"bridge", "swversion": 19,,}',
  '\u0000\u00ff\u00fe{]]',
  'null}{"StatusFWR":',
];

/** Where a 'redirect-host' device sends clients when the scenario does not say: another lab address. */
const DEFAULT_REDIRECT_HOST = 'http://127.77.255.254/shelly';

type Respond = (res: ServerResponse, path: string, req: IncomingMessage) => void;

interface HttpDevice {
  settings: HostileSettings;
  mac: string;
  fixture: unknown;
  /** The device's own loopback address (for a redirect to its own other port). */
  address: string;
}

/** A counter per device: behaviours that change from one request to the next. */
function counter(): () => number {
  let n = 0;
  return () => n++;
}

/** The HTTP responders, built once per device so per-device state (counters, pages) lives in the closure. */
function responders(device: HttpDevice): Partial<Record<HostileBehavior, Respond>> {
  const { settings, mac, fixture } = device;
  const next = counter();
  const ordinary = evilShelly(mac, fixture, 'hostile shelly');
  const evil = evilShelly(mac, fixture);
  const control = controlShelly(mac, fixture);
  const invalid = invalidUtf8Shelly(mac, fixture);
  const identities = shiftingIdentities(mac, fixture);
  const claimed = settings.claimsName ?? 'garage-door';
  const clone = lockedShelly(mac, fixture, claimed);
  const trap = lockedShelly(mac, fixture, settings.claimsName ?? 'hallway switch');
  const gen2 = gen2DeviceInfo(mac, settings.claimsName ?? 'front door');
  const hue = huePublicConfig(mac, settings.claimsName ?? 'Philips hue');
  const ownRedirect = settings.redirectTo ?? `http://${device.address}:8081/shelly`;
  return {
    'deep-json': (res, path) => {
      const page = shellyPage(ordinary, path);
      if (!page) notFound(res);
      else sendJsonText(res, path === '/settings' ? withDeepKey(JSON.stringify(page)) : JSON.stringify(page));
    },
    'kasa-missing-module': (res) => notFound(res),
    'endless-body': (res) => endless(res),
    'invalid-json': (res) => {
      const body = GARBAGE[next() % GARBAGE.length] as string;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body, 'latin1') });
      res.end(Buffer.from(body, 'latin1'));
    },
    reset: (res) => {
      // Headers promise a body, a few bytes come, then the TCP connection is torn down (RST on destroy).
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 4096 });
      res.write('{"type":"SHSW-1",', () => res.socket?.resetAndDestroy());
    },
    'evil-name': (res, path) => servePage(res, evil, path),
    'gigabyte-body': (res) => gigabyteBody(res),
    'huge-header': (res, path) => hugeHeader(res, JSON.stringify(shellyPage(ordinary, path) ?? ordinary.shelly)),
    'invalid-utf8': (res, path) => {
      const page = shellyPage(invalid, path);
      if (page) sendJsonText(res, withInvalidUtf8(page));
      else notFound(res);
    },
    'control-chars': (res, path) => serveControlShelly(res, control, path),
    'redirect-host': (res) => redirect(res, settings.redirectTo ?? DEFAULT_REDIRECT_HOST, next()),
    'redirect-port': (res) => redirect(res, ownRedirect, next()),
    'mac-clone': (res, path) => basicTrap(res, clone, path),
    'credential-trap': (res, path) => basicTrap(res, trap, path),
    'digest-trap': (res, path) => digestTrap(res, gen2, path),
    'hue-key-trap': (res, path) => hueKeyTrap(res, hue, path),
    'identity-shift': (res, path) => servePage(res, identities[next() % 2] as typeof ordinary, path),
    'tls-cert-change': (res, path) => hueKeyTrap(res, hue, path),
    'trickle-chunked': (res) => trickleChunked(res),
    'gzip-bomb': (res) => gzipBomb(res),
    'huge-discovery': (res) => notFound(res),
  };
}

/**
 * The HTTP side of each hostile behaviour. Every request is recorded first (hostile-record.ts): what a trap
 * caught is the proof the end-to-end test reads.
 */
export function hostileHandler(device: HttpDevice, recorder: HostileRecorder): RequestListener {
  const table = responders(device);
  const respond = table[device.settings.behavior];
  return (req, res) => {
    recorder.record(req);
    // Request bodies are small; read and drop them so a client's upload never blocks.
    req.resume();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (respond) respond(res, path, req);
    else res.destroy();
  };
}

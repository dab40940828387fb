import type { RequestListener, ServerResponse } from 'node:http';
import { withDeepKey } from './deep-json.ts';
import { evilShelly } from './evil-shelly.ts';
import type { HostileSettings } from './settings.ts';

const CHUNK = Buffer.alloc(16 * 1024, 'A');

/** Streams until the client goes away; `drain` keeps memory flat and `close` ends the loop. */
function endless(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  let open = true;
  res.on('close', () => {
    open = false;
  });
  const pump = (): void => {
    while (open) {
      if (!res.write(CHUNK)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  res.write('{"type":"SHSW-1","junk":"');
  pump();
}

/** Garbage that looks like the start of the JSON a device family would send, then breaks. */
const GARBAGE = [
  '{"type":"SHSW-1","mac":"0000',
  '{"name":"bridge", "swversion": 19,,}',
  '\u0000\u00ff\u00fe{]]',
  'null}{"StatusFWR":',
];

/** `/shelly`, `/settings` or `/status` of the impostor Shelly, or undefined for any other path. */
function shellyPage(pages: ReturnType<typeof evilShelly>, path: string): object | undefined {
  if (path === '/shelly') return pages.shelly;
  if (path === '/settings') return pages.settings;
  return path === '/status' ? pages.status : undefined;
}

function sendJsonText(res: ServerResponse, text: string): void {
  res.writeHead(200, { 'content-type': 'application/json', server: 'Mongoose/6.18' });
  res.end(text);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('Not Found');
}

/**
 * A Shelly Gen1 whose /settings answers without credentials (so: no login) and carries one value nested 100,000
 * levels deep; /shelly and /status are ordinary.
 */
function deepShelly(res: ServerResponse, pages: ReturnType<typeof evilShelly>, path: string): void {
  const page = shellyPage(pages, path);
  if (!page) {
    notFound(res);
    return;
  }
  const text = JSON.stringify(page);
  sendJsonText(res, path === '/settings' ? withDeepKey(text) : text);
}

/**
 * The HTTP side of each hostile behaviour ('silent' has none: its port 80 is a raw listener that never answers).
 */
export function hostileHandler(settings: HostileSettings, mac: string, fixture: unknown): RequestListener {
  let garbageIndex = 0;
  const evil = evilShelly(mac, fixture);
  const ordinary = evilShelly(mac, fixture, 'hostile shelly');
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    switch (settings.behavior) {
      case 'deep-json':
        deepShelly(res, ordinary, path);
        return;
      case 'kasa-missing-module':
        notFound(res);
        return;
      case 'endless-body':
        endless(res);
        return;
      case 'invalid-json': {
        const body = GARBAGE[garbageIndex++ % GARBAGE.length] as string;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body, 'latin1') });
        res.end(Buffer.from(body, 'latin1'));
        return;
      }
      case 'reset':
        // Headers promise a body, a few bytes come, then the TCP connection is torn down (RST on destroy).
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 4096 });
        res.write('{"type":"SHSW-1",', () => res.socket?.resetAndDestroy());
        return;
      case 'evil-name': {
        const body = shellyPage(evil, path);
        if (body) sendJsonText(res, JSON.stringify(body));
        else notFound(res);
        return;
      }
      default:
        res.destroy();
    }
  };
}

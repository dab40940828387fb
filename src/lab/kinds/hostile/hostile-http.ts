import type { RequestListener, ServerResponse } from 'node:http';
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

/**
 * The HTTP side of each hostile behaviour ('silent' has none: its port 80 is a raw listener that never answers).
 */
export function hostileHandler(settings: HostileSettings, mac: string, fixture: unknown): RequestListener {
  let garbageIndex = 0;
  const evil = evilShelly(mac, fixture);
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    switch (settings.behavior) {
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
        const body =
          path === '/shelly'
            ? evil.shelly
            : path === '/settings'
              ? evil.settings
              : path === '/status'
                ? evil.status
                : undefined;
        if (!body) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('Not Found');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', server: 'Mongoose/6.18' });
        res.end(JSON.stringify(body));
        return;
      }
      default:
        res.destroy();
    }
  };
}

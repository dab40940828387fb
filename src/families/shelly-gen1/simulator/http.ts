import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { SimulatedShellyGen1 } from './device.ts';

/**
 * The realm a Gen1 device names in its Basic challenge. Taken from a client written against real Gen1 devices
 * (matterbridge-shelly `parseBasicAuthenticateHeader('Basic realm="Shelly')` test); the Gen1 API docs do not say.
 */
export const GEN1_REALM = 'Shelly';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Gen1 query flags accept `1`/`0` and `true`/`false` (Gen1 API docs, /settings). */
function flag(value: string | null): boolean | undefined {
  if (value === null) return undefined;
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  return undefined;
}

export interface Gen1HttpOptions {
  device: SimulatedShellyGen1;
}

/**
 * The Gen1 REST API on port 80. /shelly is open; everything else needs Basic auth while login is enabled
 * (fixtures README, gen1). Only GET is used by the real API: parameters travel in the query string.
 */
export function gen1HttpHandler(options: Gen1HttpOptions): RequestListener {
  const { device } = options;
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://device');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const query = url.searchParams;
    if (path === '/shelly') {
      sendJson(res, 200, device.shelly());
      return;
    }
    if (!device.authorize(req.headers.authorization)) {
      sendText(res, 401, '401 Unauthorized', { 'www-authenticate': `Basic realm="${GEN1_REALM}"` });
      return;
    }
    switch (path) {
      case '/settings':
        sendJson(res, 200, device.settings());
        return;
      case '/status':
        sendJson(res, 200, device.status());
        return;
      case '/settings/login': {
        const change: Parameters<SimulatedShellyGen1['setLogin']>[0] = {};
        const enabled = flag(query.get('enabled'));
        const unprotected = flag(query.get('unprotected'));
        if (enabled !== undefined) change.enabled = enabled;
        if (unprotected !== undefined) change.unprotected = unprotected;
        const username = query.get('username');
        const password = query.get('password');
        if (username !== null) change.username = username;
        if (password !== null) change.password = password;
        device.setLogin(change);
        sendJson(res, 200, device.login());
        return;
      }
      case '/settings/cloud': {
        const enabled = flag(query.get('enabled'));
        if (enabled !== undefined) device.setCloud(enabled);
        sendJson(res, 200, device.cloud());
        return;
      }
      case '/ota': {
        if (flag(query.get('update')) === true) {
          device.beginUpdate()?.startAfter(res);
        }
        sendJson(res, 200, device.ota());
        return;
      }
      case '/ota/check':
        // The device asks its update server; the lab's offer is already known, so the check always succeeds.
        sendJson(res, 200, { status: 'ok' });
        return;
      default:
        sendText(res, 404, 'Not Found');
    }
  };
}

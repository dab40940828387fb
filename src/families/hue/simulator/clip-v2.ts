import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HueBridgeState } from './bridge-state.ts';
import { type HueResource, liveResources } from './resources.ts';

/**
 * CLIP v2 over HTTPS: GET /clip/v2/resource, /clip/v2/resource/<type> and /clip/v2/resource/<type>/<id>, every
 * answer `{errors, data}`. The `hue-application-key` header must name a whitelisted key; without it the bridge
 * answers 403, which aiohue's HueBridgeV2.request maps to Unauthorized. Other paths fall through to the v1 API,
 * which the bridge also serves over HTTPS.
 */
export function hueClipV2Handler(options: {
  state: HueBridgeState;
  apiKey: string;
  resources: HueResource[];
  fallback: (req: IncomingMessage, res: ServerResponse) => void;
}): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'https://hue.invalid').pathname;
    if (!path.startsWith('/clip/v2/')) {
      options.fallback(req, res);
      return;
    }
    if (req.headers['hue-application-key'] !== options.apiKey) {
      send(res, 403, { errors: [{ description: 'unauthorized user' }], data: [] });
      return;
    }
    const parts = path.split('/').filter(Boolean);
    if (parts[2] !== 'resource' || parts.length > 5) {
      send(res, 404, { errors: [{ description: 'Not Found' }], data: [] });
      return;
    }
    if (req.method !== 'GET') {
      send(res, 405, { errors: [{ description: 'method not allowed' }], data: [] });
      return;
    }
    const [, , , type, id] = parts;
    const all = liveResources(options.resources, options.state);
    const data = all.filter((r) => (type === undefined || r.type === type) && (id === undefined || r.id === id));
    if (id !== undefined && data.length === 0) {
      send(res, 404, { errors: [{ description: 'Not Found' }], data: [] });
      return;
    }
    send(res, 200, { errors: [], data });
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

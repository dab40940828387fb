import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyText } from '../../../lab/core/read-body.ts';
import type { Clock } from '../../../util/clock.ts';
import type { HueBridgeState } from './bridge-state.ts';
import { hueDescriptionXml } from './description.ts';
import { applyConfigPut, fullConfig, publicConfig, v1Error } from './v1-config.ts';

/** Largest request body the lab bridge reads; real bridges refuse big bodies too. */
const MAX_BODY_BYTES = 64 * 1024;

/** The sections of the v1 datastore (GET /api/<key>); the lab keeps no v1 lights or rules. */
const DATASTORE_SECTIONS = ['lights', 'groups', 'schedules', 'scenes', 'rules', 'sensors', 'resourcelinks'];

export interface HueV1Context {
  state: HueBridgeState;
  address: string;
  apiKey: string;
  clock: Clock;
}

/**
 * The v1 REST API and the UPnP description, served on port 80 (and on 443 beside CLIP v2). Everything but
 * /api/config wants a whitelisted key in the path; an unknown key gets error type 1 "unauthorized user", except
 * on `config`, where the bridge answers the public subset instead (what makes `/api/nouser/config` work).
 */
export function hueV1Handler(context: HueV1Context): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void readBodyText(req, MAX_BODY_BYTES).then((body) => {
      // An oversized or broken-off body: the bridge drops the connection.
      if (body === undefined) {
        res.destroy();
        return;
      }
      let reply: Reply;
      try {
        reply = route(context, req.method ?? 'GET', new URL(req.url ?? '/', 'http://hue.invalid').pathname, body);
      } catch {
        res.destroy();
        return;
      }
      res.writeHead(reply.status, { 'Content-Type': reply.type, 'Content-Length': Buffer.byteLength(reply.text) });
      res.end(reply.text);
    });
  };
}

interface Reply {
  status: number;
  type: string;
  text: string;
}

function json(value: unknown): Reply {
  return { status: 200, type: 'application/json', text: JSON.stringify(value) };
}

function route(context: HueV1Context, method: string, path: string, body: string): Reply {
  const { state } = context;
  if (path === '/description.xml' && method === 'GET') {
    return { status: 200, type: 'text/xml', text: hueDescriptionXml(state, context.address) };
  }
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'api') return { status: 404, type: 'text/html', text: '<html><body>Not found</body></html>' };
  const [, key, resource, ...rest] = parts;
  if (key === undefined) {
    // POST /api creates a key, but only within 30 s of someone pressing the bridge's link button.
    if (method === 'POST') return json([v1Error(101, '', 'link button not pressed')]);
    return json([v1Error(1, '/', 'unauthorized user')]);
  }
  if (key === 'config' && resource === undefined) return json(publicConfig(state));
  const authorised = key === context.apiKey;
  const address = `/${[resource, ...rest].filter(Boolean).join('/')}`;
  if (!authorised) {
    if (resource === 'config' && rest.length === 0 && method === 'GET') return json(publicConfig(state));
    return json([v1Error(1, address, 'unauthorized user')]);
  }
  const config = () =>
    fullConfig(state, { address: context.address, apiKey: context.apiKey, nowMs: context.clock.now() });
  if (resource === 'config' && rest.length === 0) {
    if (method === 'PUT') return json(applyConfigPut(state, parseJson(body)));
    if (method === 'GET') return json(config());
  }
  if (method === 'GET' && resource === undefined) {
    return json({ ...Object.fromEntries(DATASTORE_SECTIONS.map((s) => [s, {}])), config: config() });
  }
  if (method === 'GET' && resource !== undefined && DATASTORE_SECTIONS.includes(resource) && rest.length === 0) {
    return json({});
  }
  return json([v1Error(3, address, `resource, ${address}, not available`)]);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyText } from '../../../lab/core/read-body.ts';
import { NOT_FOUND_PAGE, sendBridge, sendJson } from './bridge-http.ts';
import { hueDescriptionXml } from './description.ts';
import { publicConfig } from './v1-config.ts';
import {
  invalidValue,
  linkButtonNotPressed,
  methodNotAvailable,
  missingParameters,
  unauthorizedUser,
  type V1Item,
} from './v1-errors.ts';
import { type HueV1Context, jsonObjectBody, routeV1 } from './v1-routes.ts';

export type { HueV1Context } from './v1-routes.ts';

/** Largest request body the lab bridge reads; real bridges refuse big bodies too. */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * The v1 REST API and the UPnP description, served on port 80 (and on 443 beside CLIP v2). Everything but
 * /api/config and POST /api wants a whitelisted key in the path; an unknown key gets error type 1 "unauthorized
 * user", except on `config`, where the bridge answers the public subset instead (what makes `/api/nouser/config`
 * work).
 */
export function hueV1Handler(context: HueV1Context): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void readBodyText(req, MAX_BODY_BYTES).then((body) => {
      // An oversized or broken-off body: the bridge drops the connection.
      if (body === undefined) {
        res.destroy();
        return;
      }
      try {
        answer(context, req.method ?? 'GET', new URL(req.url ?? '/', 'http://hue.invalid').pathname, body, res);
      } catch {
        res.destroy();
      }
    });
  };
}

function answer(context: HueV1Context, method: string, path: string, body: string, res: ServerResponse): void {
  if (path === '/description.xml' && method === 'GET') {
    sendBridge(res, 200, 'text/xml', hueDescriptionXml(context.state, context.address));
    return;
  }
  const parts = path.split('/').filter(Boolean).map(decodeSegment);
  if (parts[0] !== 'api') {
    sendBridge(res, 404, 'text/html', NOT_FOUND_PAGE);
    return;
  }
  sendJson(res, 200, routeApi(context, method, parts.slice(1), body));
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function routeApi(context: HueV1Context, method: string, parts: string[], body: string): unknown {
  const [key, ...segments] = parts;
  if (key === undefined) {
    if (method === 'POST') return createUser(context, body);
    return [unauthorizedUser('/')];
  }
  if (key === 'config' && segments.length === 0) {
    return method === 'GET' ? publicConfig(context.state) : [methodNotAvailable(method, '/config')];
  }
  const address = `/${segments.join('/')}`;
  if (!context.whitelist.accepts(key)) {
    if (segments.length === 1 && segments[0] === 'config' && method === 'GET') return publicConfig(context.state);
    return [unauthorizedUser(address)];
  }
  return routeV1(context, { method, segments, body });
}

/**
 * POST /api `{"devicetype":"<app>#<device>","generateclientkey":true}`: a new application key, but only while the
 * link button counts as pressed (error 101 otherwise). `devicetype` is required and at most 40 characters (Hue
 * API v1, "7.1 Create user").
 */
function createUser(context: HueV1Context, text: string): V1Item[] {
  const parsed = jsonObjectBody(text, '/');
  if ('refusal' in parsed) return [parsed.refusal];
  const body = parsed.value;
  const devicetype = body.devicetype;
  if (devicetype === undefined) return [missingParameters('/')];
  if (typeof devicetype !== 'string' || devicetype.length > 40) {
    return [invalidValue('/devicetype', 'devicetype', devicetype)];
  }
  if (!context.whitelist.linkButton) return [linkButtonNotPressed()];
  return [{ success: context.whitelist.create(devicetype, body.generateclientkey === true) }];
}

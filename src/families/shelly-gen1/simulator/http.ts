import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { readBodyText } from '../../../lab/core/read-body.ts';
import { type HeaderLines, writeReply } from '../../shelly/simulator/http-reply.ts';
import { Gen1Actions } from './actions.ts';
import type { SimulatedShellyGen1 } from './device.ts';
import { type Gen1Answer, gen1Route } from './http-routes.ts';

/**
 * The realm a Gen1 device names in its Basic challenge. Taken from a client written against real Gen1 devices
 * (matterbridge-shelly `parseBasicAuthenticateHeader('Basic realm="Shelly')` test); neither the Gen1 API docs nor
 * the captures in ../shared/fixtures show a Gen1 401.
 */
export const GEN1_REALM = 'Shelly';

/**
 * Gen1 devices run Mongoose OS: a recorded Shelly 2.5 answer to `POST /roller/0?go=close` carries exactly
 * `Server: Mongoose/6.18`, `Connection: close`, `Content-Type: application/json`, `Content-Length`, in that order,
 * and no `Date`.
 */
export const GEN1_SERVER = 'Mongoose/6.18';

/** Form bodies are small: the Gen1 web UI posts a handful of settings at a time. */
const MAX_FORM_BYTES = 16 * 1024;

function headers(contentType: string, length: number, extra: HeaderLines = []): HeaderLines {
  return [
    ['Server', GEN1_SERVER],
    ['Connection', 'close'],
    ['Content-Type', contentType],
    ...extra,
    ['Content-Length', length],
  ];
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  writeReply(res, status, headers('application/json', Buffer.byteLength(text)), text);
}

function sendText(res: ServerResponse, status: number, text: string, extra: HeaderLines = []): void {
  writeReply(res, status, headers('text/plain', Buffer.byteLength(text), extra), text);
}

function send(res: ServerResponse, answer: Gen1Answer): void {
  if ('text' in answer) {
    sendText(res, answer.status, answer.text);
    return;
  }
  answer.after?.startAfter(res);
  sendJson(res, answer.status, answer.json);
}

/**
 * Parameters come "either as query-string in the URL or as application/x-www-form-urlencoded POST payload", and
 * "the HTTP method used … is intentionally ignored" (Gen1 API docs, HTTP dialect). Body parameters are added to
 * the query's.
 */
async function parameters(req: IncomingMessage, url: URL): Promise<URLSearchParams | undefined> {
  const params = new URLSearchParams(url.searchParams);
  const type = String(req.headers['content-type'] ?? '');
  if (req.method === 'GET' || req.method === 'HEAD' || !/application\/x-www-form-urlencoded/i.test(type)) return params;
  const body = await readBodyText(req, MAX_FORM_BYTES);
  if (body === undefined) return undefined;
  for (const [key, value] of new URLSearchParams(body)) params.append(key, value);
  return params;
}

export interface Gen1HttpOptions {
  device: SimulatedShellyGen1;
}

/**
 * The Gen1 REST API on port 80. /shelly is open; everything else needs Basic auth while login is enabled (Gen1 API
 * docs: "All resources except for /shelly will require Basic HTTP authentication when it is enabled").
 */
export function gen1HttpHandler(options: Gen1HttpOptions): RequestListener {
  const { device } = options;
  const context = { device, actions: new Gen1Actions(device.settingsDocument) };
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://device');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/shelly') {
      sendJson(res, 200, device.shelly());
      return;
    }
    if (!device.authorize(req.headers.authorization)) {
      sendText(res, 401, '401 Unauthorized', [['WWW-Authenticate', `Basic realm="${GEN1_REALM}"`]]);
      return;
    }
    void parameters(req, url).then((params) => {
      if (!params) {
        if (!res.headersSent) sendText(res, 400, 'Bad Request');
        return;
      }
      send(res, gen1Route(context, path, params));
    });
  };
}

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { readBodyText } from '../../../lab/core/read-body.ts';
import type { NanoleafController } from './controller.ts';

/**
 * The OpenAPI routes a Nanoleaf controller answers on 16021 (Nanoleaf OpenAPI documentation; fixtures README
 * "Pairing" and "Control"): 401 with an empty body for a missing or unknown token, 403 for `POST /api/v1/new`
 * outside the pairing window, 204 for accepted writes, 400 for bodies it cannot use.
 */
export function nanoleafHttpHandler(controller: NanoleafController): RequestListener {
  return (req, res) => {
    route(controller, req, res).catch(() => send(res, 500));
  };
}

async function route(controller: NanoleafController, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const parts = path.split('/').filter((part) => part !== '');
  if (parts[0] !== 'api' || parts[1] !== 'v1') return send(res, 404);
  const method = req.method ?? 'GET';
  if (parts.length === 3 && parts[2] === 'new' && method === 'POST') {
    if (!controller.pairingOpen) return send(res, 403);
    return send(res, 200, { auth_token: controller.newToken() });
  }
  const token = parts[2];
  if (token === undefined || !controller.tokens.has(token)) return send(res, 401);
  const rest = parts.slice(3).join('/');
  if (rest === '' && method === 'DELETE') {
    controller.tokens.delete(token);
    return send(res, 204);
  }
  if (method === 'GET') return read(controller, rest, res);
  if (method === 'PUT') return write(controller, rest, req, res);
  return send(res, 405);
}

function read(controller: NanoleafController, rest: string, res: ServerResponse): void {
  const info = controller.info();
  if (rest === '') {
    send(res, 200, info);
    return;
  }
  // `GET /state`, `/state/on`, `/panelLayout/layout`, …: the same object, walked by path segment.
  let node: unknown = info;
  for (const key of rest.split('/')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) {
      send(res, 404);
      return;
    }
    node = (node as Record<string, unknown>)[key];
  }
  send(res, 200, node);
}

async function write(
  controller: NanoleafController,
  rest: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (rest === 'identify') return send(res, 204);
  const text = await readBodyText(req);
  let body: unknown;
  try {
    body = JSON.parse(text ?? '');
  } catch {
    return send(res, 400);
  }
  if (rest === 'state') return send(res, controller.putState(body) ? 204 : 400);
  if (rest === 'effects') return send(res, controller.selectEffect(body) ? 204 : 400);
  send(res, 404);
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status, { 'content-length': '0' }).end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) }).end(text);
}

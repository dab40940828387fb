import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { readBodyText } from '../../../lab/core/read-body.ts';
import { isRecord, type JsonRecord, queryValue } from '../../shelly/simulator/json-tools.ts';
import type { SimulatedShellyGen2 } from './device.ts';
import type { SimulatedDigestGuard } from './digest-guard.ts';
import { callRpc, type RpcOutcome, UNPROTECTED_METHODS } from './rpc.ts';

const MAX_BODY_BYTES = 16 * 1024;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** HTTP status for a GET /rpc/<Method> error: the device mirrors 401/404 and answers 400/500 for the rest. */
function statusFor(code: number): number {
  if (code === 401 || code === 404) return code;
  return code === -103 ? 400 : 500;
}

export interface Gen2HttpOptions {
  device: SimulatedShellyGen2;
  /** Present when auth is enabled. */
  guard: SimulatedDigestGuard | undefined;
}

interface RpcCall {
  method: string;
  params: unknown;
  /** The POST /rpc frame, when the call came as one. */
  frame?: JsonRecord;
}

/**
 * The Gen2+ HTTP API on port 80: `/shelly`, `GET /rpc/<Method>?params` and `POST /rpc` with a JSON-RPC frame
 * (fixtures README, gen2). With auth on, every method but Shelly.GetDeviceInfo needs digest credentials, sent as an
 * `Authorization: Digest` header or, in a frame, as an `auth` object.
 */
export function gen2HttpHandler(options: Gen2HttpOptions): RequestListener {
  const { device, guard } = options;

  const authorized = (req: IncomingMessage, call: RpcCall): boolean => {
    if (!guard || UNPROTECTED_METHODS.has(call.method)) return true;
    if (req.headers.authorization)
      return guard.verifyHeader(req.headers.authorization, req.method ?? 'GET', req.url ?? '');
    return call.frame?.auth !== undefined && guard.verifyBody(call.frame.auth);
  };

  const reply = (res: ServerResponse, call: RpcCall, outcome: RpcOutcome): void => {
    outcome.update?.startAfter(res);
    if (call.frame) {
      // Frame shape of the captures: {id, src, dst, result} or {id, src, dst, error}.
      const body: JsonRecord = { id: call.frame.id ?? null, src: device.id };
      if (typeof call.frame.src === 'string') body.dst = call.frame.src;
      if (outcome.error) body.error = outcome.error;
      else body.result = outcome.result ?? null;
      sendJson(res, 200, body);
      return;
    }
    if (outcome.error) sendJson(res, statusFor(outcome.error.code), outcome.error);
    else sendJson(res, 200, outcome.result ?? null);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, call: RpcCall): void => {
    if (!authorized(req, call) && guard) {
      const challenge = guard.challenge();
      const error = { code: 401, message: challenge.message };
      const headers = { 'www-authenticate': challenge.header };
      if (call.frame) {
        const body: JsonRecord = { id: call.frame.id ?? null, src: device.id };
        if (typeof call.frame.src === 'string') body.dst = call.frame.src;
        body.error = error;
        sendJson(res, 401, body, headers);
      } else {
        sendJson(res, 401, error, headers);
      }
      return;
    }
    reply(res, call, callRpc(device, call.method, call.params));
  };

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://device');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/shelly') {
      sendJson(res, 200, device.deviceInfo());
      return;
    }
    if (path.startsWith('/rpc/') && (req.method === 'GET' || req.method === 'POST')) {
      const method = decodeURIComponent(path.slice('/rpc/'.length));
      if (req.method === 'GET') {
        const params = Object.fromEntries([...url.searchParams].map(([k, v]) => [k, queryValue(v)]));
        handle(req, res, { method, params });
        return;
      }
      void readBodyText(req, MAX_BODY_BYTES).then((text) => {
        const params = text ? queryValue(text) : {};
        handle(req, res, { method, params });
      });
      return;
    }
    if (path === '/rpc' && req.method === 'POST') {
      void readBodyText(req, MAX_BODY_BYTES).then((text) => {
        const frame = text === undefined ? undefined : queryValue(text);
        if (!isRecord(frame) || typeof frame.method !== 'string') {
          sendJson(res, 400, { code: -32700, message: 'Parse error' });
          return;
        }
        handle(req, res, { method: frame.method, params: frame.params ?? {}, frame });
      });
      return;
    }
    sendJson(res, 404, { code: 404, message: 'Not Found' });
  };
}

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { readBodyText } from '../../../lab/core/read-body.ts';
import { type HeaderLines, writeReply } from '../../shelly/simulator/http-reply.ts';
import { isRecord, type JsonRecord, queryValue } from '../../shelly/simulator/json-tools.ts';
import { componentKeys } from './components.ts';
import type { SimulatedShellyGen2 } from './device.ts';
import { callRpc, isUnprotected, type RpcOutcome } from './rpc.ts';

const MAX_BODY_BYTES = 16 * 1024;

/**
 * How a Gen2+ device writes its HTTP headers. Firmware 1.0 and later: `Content-Type`, `Content-Length`,
 * (`Pragma: no-cache` on /shelly), `Server: ShellyHTTP/1.0.0`, `Connection: close`, title case, no `Date` (as
 * recorded from a Pro 3EM on 2.0.0 by the astrameter emulator project; the lab assumes the same for all 1.x).
 * Before 1.0 the Mongoose web server answered: `Server: Mongoose/6.18`, the two CORS headers, `Content-Length`,
 * `Connection: close` and an empty 401 body (curl transcripts of a Plus 1 and a Plus 1PM).
 */
function headerLines(device: SimulatedShellyGen2, length: number, extra: HeaderLines, pragma: boolean): HeaderLines {
  if (device.firmwareMajor < 1) {
    return [
      ['Server', 'Mongoose/6.18'],
      ['Content-Type', 'application/json'],
      ['Access-Control-Allow-Origin', '*'],
      ['Access-Control-Allow-Headers', '*'],
      ['Content-Length', length],
      ['Connection', 'close'],
      ...extra,
    ];
  }
  return [
    ['Content-Type', 'application/json'],
    ['Content-Length', length],
    ...(pragma ? ([['Pragma', 'no-cache']] as const) : []),
    ['Server', 'ShellyHTTP/1.0.0'],
    ['Connection', 'close'],
    ...extra,
  ];
}

function sendJson(
  res: ServerResponse,
  device: SimulatedShellyGen2,
  status: number,
  body: unknown,
  options: { extra?: HeaderLines; pragma?: boolean; empty?: boolean } = {},
): void {
  const text = options.empty ? '' : JSON.stringify(body);
  writeReply(
    res,
    status,
    headerLines(device, Buffer.byteLength(text), options.extra ?? [], options.pragma ?? false),
    text,
  );
}

/** HTTP status for a GET /rpc/<Method> error: the device mirrors 401/404 and answers 400/500 for the rest. */
function statusFor(code: number): number {
  if (code === 401 || code === 404) return code;
  return code === -103 ? 400 : 500;
}

export interface Gen2HttpOptions {
  device: SimulatedShellyGen2;
}

interface RpcCall {
  method: string;
  params: unknown;
  /** The POST /rpc frame, when the call came as one. */
  frame?: JsonRecord;
}

/**
 * `/relay/N?turn=on|off|toggle&timer=` on a switch: the Gen1 compatibility layer of Gen2 devices ("Functional
 * components also expose their own set of compatibility HTTP resources … for example /relay/N", Gen2 API docs,
 * Common Device Traits). Answers like Gen1's /relay/N.
 */
function relayCompat(
  device: SimulatedShellyGen2,
  index: number,
  params: URLSearchParams,
): { status: number; body: unknown } {
  const key = `switch:${index}`;
  if (device.controlLost || !componentKeys(device.dump).includes(key))
    return { status: 404, body: { code: 404, message: 'Not Found' } };
  const turn = params.get('turn');
  if (turn !== null && turn !== 'on' && turn !== 'off' && turn !== 'toggle') {
    return { status: 400, body: { code: -103, message: "Invalid argument 'turn'!" } };
  }
  const timer = params.get('timer') === null ? undefined : Number(params.get('timer'));
  if (timer !== undefined && !(Number.isFinite(timer) && timer >= 0)) {
    return { status: 400, body: { code: -103, message: "Invalid argument 'timer'!" } };
  }
  if (turn !== null) {
    const current = isRecord(device.dump.status[key]) && (device.dump.status[key] as JsonRecord).output === true;
    const on = turn === 'toggle' ? !current : turn === 'on';
    device.controls.setSwitch(key, on, timer, 'HTTP_in');
  }
  const status = device.status()[key];
  const view = isRecord(status) ? status : {};
  return {
    status: 200,
    body: {
      ison: view.output === true,
      has_timer: view.timer_started_at !== undefined,
      timer_started_at: view.timer_started_at ?? 0,
      timer_duration: view.timer_duration ?? 0,
      source: view.source ?? 'init',
    },
  };
}

/**
 * The Gen2+ HTTP API on port 80: `/shelly`, `GET /rpc/<Method>?params`, `POST /rpc` with a JSON-RPC frame, and
 * `/relay/N` (Gen2 API docs, RPC Channels, HTTP). With auth on, every method but Shelly.GetDeviceInfo needs digest
 * credentials, sent as an `Authorization: Digest` header or, in a frame, as an `auth` object. The WebSocket channel
 * on `/rpc` is ws-rpc.ts.
 */
export function gen2HttpHandler(options: Gen2HttpOptions): RequestListener {
  const { device } = options;

  const authorized = (req: IncomingMessage, call: RpcCall): boolean => {
    const guard = device.guard;
    if (!guard || isUnprotected(call.method)) return true;
    if (req.headers.authorization) {
      return guard.verifyHeader(req.headers.authorization, req.method ?? 'GET', req.url ?? '');
    }
    return call.frame?.auth !== undefined && guard.verifyBody(call.frame.auth);
  };

  const frameOf = (call: RpcCall, body: JsonRecord): JsonRecord => {
    // Frame shape of the captures: {id, src, dst, result} or {id, src, dst, error}.
    const frame: JsonRecord = { id: call.frame?.id ?? null, src: device.id };
    if (typeof call.frame?.src === 'string') frame.dst = call.frame.src;
    return { ...frame, ...body };
  };

  const reply = (res: ServerResponse, call: RpcCall, outcome: RpcOutcome): void => {
    outcome.update?.startAfter(res);
    if (call.frame) {
      const body = outcome.error ? { error: outcome.error } : { result: outcome.result ?? null };
      sendJson(res, device, 200, frameOf(call, body));
      return;
    }
    if (outcome.error) sendJson(res, device, statusFor(outcome.error.code), outcome.error);
    else sendJson(res, device, 200, outcome.result ?? null);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, call: RpcCall): void => {
    const guard = device.guard;
    if (guard && !authorized(req, call)) {
      const challenge = guard.challenge();
      const error = { code: 401, message: challenge.message };
      const extra: HeaderLines = [['WWW-Authenticate', challenge.header]];
      const body = call.frame ? frameOf(call, { error }) : error;
      sendJson(res, device, 401, body, { extra, empty: device.firmwareMajor < 1 && !call.frame });
      return;
    }
    reply(res, call, callRpc(device, call.method, call.params, { source: 'HTTP_in' }));
  };

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://device');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/shelly') {
      sendJson(res, device, 200, device.deviceInfo(), { pragma: true });
      return;
    }
    const relay = /^\/relay\/(\d{1,2})$/.exec(path);
    if (relay?.[1]) {
      if (device.guard && !authorized(req, { method: 'Switch.Set', params: {} })) {
        handle(req, res, { method: 'Switch.Set', params: {} });
        return;
      }
      const answer = relayCompat(device, Number(relay[1]), url.searchParams);
      sendJson(res, device, answer.status, answer.body);
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
        handle(req, res, { method, params: text ? queryValue(text) : {} });
      });
      return;
    }
    if (path === '/rpc' && req.method === 'POST') {
      void readBodyText(req, MAX_BODY_BYTES).then((text) => {
        const frame = text === undefined ? undefined : queryValue(text);
        if (!isRecord(frame) || typeof frame.method !== 'string') {
          sendJson(res, device, 400, { code: -32700, message: 'Parse error' });
          return;
        }
        handle(req, res, { method: frame.method, params: frame.params ?? {}, frame });
      });
      return;
    }
    sendJson(res, device, 404, { code: 404, message: 'Not Found' });
  };
}

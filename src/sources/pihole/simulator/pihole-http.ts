import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { readBodyText } from '../../../lab/core/read-body.ts';
import type { LiveQueryLog } from '../../../lab/dns-traffic/live-query-log.ts';
import type { Clock } from '../../../util/clock.ts';
import { answerQueries } from './queries-endpoint.ts';
import { PiholeSessions, SESSION_VALIDITY_S } from './sessions.ts';

const MAX_BODY_BYTES = 64 * 1024;

export interface PiholeHttpOptions {
  /** Undefined: no password set, every client is authenticated (FTL's "no auth"). */
  password: string | undefined;
  log: LiveQueryLog;
  clock: Clock;
  maxSessions: number;
  version: string;
  /** The lab's clients, for the network table (`/api/network/devices`). */
  clients?: ReadonlyArray<{ name: string; address: string; mac?: string | undefined; vendor?: string | undefined }>;
}

/** `/api/network/devices` as FTL src/api/network.c answers it: one entry per MAC with its addresses. */
function networkDevices(options: PiholeHttpOptions): Record<string, unknown> {
  const nowS = Math.floor(options.clock.now() / 1000);
  const devices = (options.clients ?? [])
    .filter((c) => c.mac)
    .map((c, index) => ({
      id: index + 1,
      hwaddr: c.mac!.toLowerCase(),
      interface: 'eth0',
      firstSeen: nowS - 86_400,
      lastQuery: nowS,
      numQueries: 0,
      macVendor: c.vendor ?? '',
      ips: [{ ip: c.address, name: `${c.name}.lan`, lastSeen: nowS, nameUpdated: nowS }],
    }));
  return { devices, took: 0 };
}

function send(res: ServerResponse, status: number, body: unknown, startedMs: number): void {
  if (status === 204) {
    res.writeHead(204).end();
    return;
  }
  const payload = JSON.stringify({ ...(body as object), took: (performance.now() - startedMs) / 1000 });
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(payload);
}

/** FTL answers (auth.yaml examples): the session object, valid or not. */
function session(valid: boolean, sid: string | null, csrf: string | null, message: string, validity = -1) {
  return { session: { valid, totp: false, sid, csrf, validity, message } };
}

const UNAUTHORIZED = { error: { key: 'unauthorized', message: 'Unauthorized', hint: null } };

/**
 * The slice of Pi-hole v6's REST API that DNS sources use: `/api/auth` (POST login, GET status, DELETE logout) and
 * `/api/queries`. Sessions go by `X-FTL-SID` (or `sid` header / query parameter), as in FTL src/api/auth.c.
 */
export function piholeHttpHandler(options: PiholeHttpOptions): { handler: RequestListener; sessions: PiholeSessions } {
  const sessions = new PiholeSessions(options.clock, options.maxSessions);
  const authenticated = (req: IncomingMessage, url: URL): boolean => {
    if (options.password === undefined) return true;
    const header = req.headers['x-ftl-sid'] ?? req.headers.sid;
    const sid = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('sid') ?? undefined;
    return sessions.touch(sid) !== undefined;
  };
  const handler: RequestListener = (req, res) => {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://pi.hole');
    void (async () => {
      if (url.pathname === '/api/auth' && req.method === 'POST') {
        const body = (await readBodyText(req, MAX_BODY_BYTES)) ?? '';
        let password: unknown;
        try {
          password = (JSON.parse(body) as { password?: unknown }).password;
        } catch {
          send(
            res,
            400,
            { error: { key: 'bad_request', message: 'No valid JSON payload found', hint: null } },
            started,
          );
          return;
        }
        if (options.password === undefined)
          return send(res, 200, session(true, null, null, 'no password set'), started);
        if (password !== options.password)
          return send(res, 401, session(false, null, null, 'password incorrect'), started);
        const opened = sessions.open();
        if (!opened) {
          const error = {
            key: 'api_seats_exceeded',
            message: 'API seats exceeded',
            hint: 'increase webserver.api.max_sessions',
          };
          return send(res, 429, { error }, started);
        }
        return send(res, 200, session(true, opened.sid, opened.csrf, 'password correct', SESSION_VALIDITY_S), started);
      }
      if (url.pathname === '/api/auth' && req.method === 'GET') {
        if (authenticated(req, url)) return send(res, 200, session(true, null, null, 'correct password'), started);
        return send(res, 401, session(false, null, null, 'no SID provided'), started);
      }
      if (url.pathname === '/api/auth' && req.method === 'DELETE') {
        const header = req.headers['x-ftl-sid'] ?? req.headers.sid;
        const sid = (Array.isArray(header) ? header[0] : header) ?? url.searchParams.get('sid') ?? '';
        if (sessions.touch(sid) && sessions.close(sid)) return send(res, 204, undefined, started);
        return send(res, 401, session(false, null, null, 'no valid session'), started);
      }
      if (url.pathname === '/api/queries' && req.method === 'GET') {
        if (!authenticated(req, url)) return send(res, 401, UNAUTHORIZED, started);
        const answer = answerQueries(options.log.entries(), url.searchParams, options.clock.now());
        return send(res, answer.status, answer.body, started);
      }
      if (url.pathname === '/api/network/devices' && req.method === 'GET') {
        if (!authenticated(req, url)) return send(res, 401, UNAUTHORIZED, started);
        return send(res, 200, networkDevices(options), started);
      }
      if (url.pathname === '/api/info/version' && req.method === 'GET') {
        if (!authenticated(req, url)) return send(res, 401, UNAUTHORIZED, started);
        return send(res, 200, { version: { ftl: { local: { version: options.version } } } }, started);
      }
      send(res, 404, { error: { key: 'not_found', message: 'Not found', hint: url.pathname } }, started);
    })().catch(() => res.destroy());
  };
  return { handler, sessions };
}

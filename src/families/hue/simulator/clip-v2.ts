import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyText } from '../../../lab/core/read-body.ts';
import type { Clock } from '../../../util/clock.ts';
import { sendJson } from './bridge-http.ts';
import type { HueBridgeModel } from './bridge-model.ts';
import type { HueBridgeState } from './bridge-state.ts';
import { type ClipReply, clipError, putResource } from './clip-v2-put.ts';
import type { HueEventStream } from './event-stream.ts';
import { liveResources } from './resources.ts';
import type { HueWhitelist } from './whitelist.ts';

/** Largest PUT body the lab bridge reads. */
const MAX_BODY_BYTES = 64 * 1024;

export interface HueClipV2Context {
  state: HueBridgeState;
  model: HueBridgeModel;
  whitelist: HueWhitelist;
  events: HueEventStream;
  clock: Clock;
  /** Everything that is not CLIP v2: the v1 API, which the bridge serves over HTTPS too. */
  fallback: (req: IncomingMessage, res: ServerResponse) => void;
}

/**
 * CLIP v2 over HTTPS: GET /clip/v2/resource, /clip/v2/resource/<type> and /clip/v2/resource/<type>/<id>, PUT on a
 * resource, and the event stream at /eventstream/clip/v2; every answer `{errors, data}`. The
 * `hue-application-key` header must name a whitelisted key; without it the bridge answers 403, which aiohue's
 * HueBridgeV2.request maps to Unauthorized. Other paths, and every path on a BSB001, fall through to the v1 API.
 */
export function hueClipV2Handler(context: HueClipV2Context): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const path = new URL(req.url ?? '/', 'https://hue.invalid').pathname;
    const isStream = path === '/eventstream/clip/v2';
    // The round v1 bridge (BSB001) never got CLIP v2 (Hue developer docs: the new API is for the square bridge):
    // its web server knows none of these paths, so the v1 handler's 404 answers them.
    if ((!isStream && !path.startsWith('/clip/v2/')) || context.state.model === 'BSB001') {
      context.fallback(req, res);
      return;
    }
    const key = req.headers['hue-application-key'];
    if (!context.whitelist.accepts(typeof key === 'string' ? key : undefined)) {
      reply(res, clipError(403, 'unauthorized user'));
      return;
    }
    if (isStream) {
      if (req.method === 'GET') context.events.attach(req, res);
      else reply(res, clipError(405, 'method not allowed'));
      return;
    }
    const parts = path.split('/').filter(Boolean);
    if (parts[2] !== 'resource' || parts.length > 5) {
      reply(res, clipError(404, 'Not Found'));
      return;
    }
    const [, , , type, id] = parts;
    if (req.method === 'GET') {
      reply(res, get(context, type, id));
      return;
    }
    if (req.method !== 'PUT' || type === undefined || id === undefined) {
      reply(res, clipError(405, 'method not allowed'));
      return;
    }
    void readBodyText(req, MAX_BODY_BYTES).then((text) => {
      if (text === undefined) {
        res.destroy();
        return;
      }
      reply(res, putResource(context.model, type, id, text, context.clock.now()));
    });
  };
}

function get(context: HueClipV2Context, type: string | undefined, id: string | undefined): ClipReply {
  const all = liveResources([...context.model.list()], context.state);
  const data = all.filter((r) => (type === undefined || r.type === type) && (id === undefined || r.id === id));
  if (id !== undefined && data.length === 0) return clipError(404, 'Not Found');
  return { status: 200, body: { errors: [], data } };
}

function reply(res: ServerResponse, answer: ClipReply): void {
  sendJson(res, answer.status, answer.body);
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBodyText } from '../../../lab/core/read-body.ts';

/**
 * A Tapo device on the newer firmware that speaks only TPAP (python-kasa `kasa/transports/tpaptransport.py`): KLAP's
 * `/app/handshake1` is refused with 403, and `POST /` with `{"method":"login","params":{"sub_method":"discover"}}`
 * answers the device's TPAP capabilities (`result.mac`, `result.tpap: {noc, dac, tls, pake}`, read by the
 * transport's `_discover`). The SPAKE2+ login behind it is not simulated: nothing in iotwarden speaks it yet.
 */
export function tpapResponder(mac: string): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://device').pathname;
    if (req.method !== 'POST') return false;
    if (path.startsWith('/app/')) {
      res.writeHead(403);
      res.end();
      return true;
    }
    if (path !== '/') return false;
    const body = await readBodyText(req);
    let request: { method?: unknown; params?: { sub_method?: unknown } } | undefined;
    try {
      request = body ? (JSON.parse(body) as typeof request) : undefined;
    } catch {
      request = undefined;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    if (request?.method === 'login' && request.params?.sub_method === 'discover') {
      res.end(
        JSON.stringify({
          error_code: 0,
          result: {
            mac: mac.replace(/:/g, '-'),
            tpap: { noc: true, dac: false, tls: 0, pake: [2], user_hash_type: 0 },
          },
        }),
      );
    } else {
      // SMART error -1010 "invalid public key / session": anything else needs a TPAP session first.
      res.end(JSON.stringify({ error_code: -1010 }));
    }
    return true;
  };
}

import type { IncomingMessage } from 'node:http';

/** At most this many request lines are kept per device: a flood of requests must not grow the lab without bound. */
const MAX_KEPT = 1000;

/** What a hostile device received over HTTP: the proof that no credential reached an impostor. */
export interface HostileReceived {
  /** Every HTTP request, counted even when its line is no longer kept. */
  requests: number;
  /** `METHOD path` of the first 1,000 requests: a Hue key travels in the path (`/api/<key>/…`). */
  requestLines: string[];
  /** Every `Authorization` header value (Basic, Digest, Bearer), as received. */
  authorizations: string[];
  /** Every `hue-application-key` header (Hue CLIP v2 sends the key there). */
  applicationKeys: string[];
}

/**
 * Records each request a hostile device receives. The values stay in memory for tests to read (they are what the
 * trap caught); only counts and schemes are logged, never a credential.
 */
export class HostileRecorder {
  readonly #received: HostileReceived = { requests: 0, requestLines: [], authorizations: [], applicationKeys: [] };

  record(req: IncomingMessage): { authorization: string | undefined } {
    const received = this.#received;
    received.requests++;
    if (received.requestLines.length < MAX_KEPT) received.requestLines.push(`${req.method ?? '?'} ${req.url ?? ''}`);
    const authorization = req.headers.authorization;
    if (authorization !== undefined && received.authorizations.length < MAX_KEPT) {
      received.authorizations.push(authorization);
    }
    const key = req.headers['hue-application-key'];
    if (typeof key === 'string' && received.applicationKeys.length < MAX_KEPT) received.applicationKeys.push(key);
    return { authorization };
  }

  /** A copy of what was received so far. */
  received(): HostileReceived {
    const r = this.#received;
    return {
      requests: r.requests,
      requestLines: [...r.requestLines],
      authorizations: [...r.authorizations],
      applicationKeys: [...r.applicationKeys],
    };
  }
}

import { z } from 'zod';
import { type ApiBase, apiRequest, jsonBody } from '../api-http.ts';
import { DNS_SOURCE_ERROR_CODES, DnsSourceError } from '../source-errors.ts';
import type { DnsNetworkHost } from '../types.ts';
import { networkDevicesSchema, networkHostsOf } from './network-devices.ts';

/**
 * Pi-hole v6 REST API (FTL src/api/docs/content/specs/auth.yaml and queries.yaml): `POST /api/auth` with
 * `{"password"}` gives a session id that goes into the `X-FTL-SID` header; `DELETE /api/auth` ends the session
 * (Pi-hole has a small number of API seats, so every session is closed again).
 */

const sessionSchema = z.object({
  session: z.object({
    valid: z.boolean(),
    sid: z.string().nullable().optional(),
    message: z.string().nullable().optional(),
  }),
});

const queryItemSchema = z.object({
  id: z.number(),
  time: z.number(),
  type: z.string(),
  domain: z.string(),
  status: z.string().nullable(),
  client: z.object({ ip: z.string(), name: z.string().nullable().optional() }),
});
export type PiholeApiQuery = z.infer<typeof queryItemSchema>;

const queriesSchema = z.object({
  queries: z.array(queryItemSchema),
  /** Database id of the most recent query (null when nothing can be shown, e.g. privacy level 3). */
  cursor: z.number().nullable(),
  earliest_timestamp: z.number().optional(),
  earliest_timestamp_disk: z.number().optional(),
});
export type PiholeQueriesPage = z.infer<typeof queriesSchema>;

export interface PiholeQueryParams {
  /** Unix seconds, inclusive. */
  from?: number;
  /** Unix seconds, exclusive. */
  until?: number;
  length: number;
  start?: number;
  /** Only ids ≤ cursor: keeps pages stable while Pi-hole keeps logging. */
  cursor?: number;
  /** Read the long-term database instead of FTL's in-memory window (24 h by default). */
  disk?: boolean;
}

export interface PiholeClientOptions {
  timeoutMs: number;
  maxBytes: number;
  signal: AbortSignal;
}

export class PiholeApiClient {
  readonly #base: ApiBase;
  readonly #options: PiholeClientOptions;
  #sid: string | undefined;

  constructor(base: ApiBase, options: PiholeClientOptions) {
    this.#base = base;
    this.#options = options;
  }

  /** Logs in; without a password, succeeds only when Pi-hole has none set (then no session is needed). */
  async login(password: string | undefined): Promise<void> {
    const response =
      password === undefined
        ? await this.#request('GET', '/api/auth')
        : await this.#request('POST', '/api/auth', JSON.stringify({ password }));
    const parsed =
      response.status === 401 ? undefined : sessionSchema.safeParse(jsonBody(this.#base, response, '/api/auth'));
    if (!parsed || (parsed.success && !parsed.data.session.valid)) {
      const why = password === undefined ? 'no password is configured for it' : 'the password was refused';
      throw new DnsSourceError(
        DNS_SOURCE_ERROR_CODES.auth,
        this.#base.location,
        `Pi-hole's API needs a login and ${why} (HTTP ${response.status}). Set the Pi-hole web password (or an app password) in iotwarden.yaml or the environment.`,
      );
    }
    this.#check(response.status, '/api/auth');
    if (!parsed.success) this.#protocol('/api/auth', parsed.error.message);
    this.#sid = parsed.data.session.sid ?? undefined;
  }

  async queries(params: PiholeQueryParams): Promise<PiholeQueriesPage> {
    const search = new URLSearchParams({ length: String(params.length) });
    if (params.from !== undefined) search.set('from', String(params.from));
    if (params.until !== undefined) search.set('until', String(params.until));
    if (params.start) search.set('start', String(params.start));
    if (params.cursor !== undefined) search.set('cursor', String(params.cursor));
    if (params.disk) search.set('disk', 'true');
    const path = `/api/queries?${search}`;
    const response = await this.#request('GET', path);
    if (response.status === 401) {
      throw new DnsSourceError(
        DNS_SOURCE_ERROR_CODES.auth,
        this.#base.location,
        'the API session was refused (HTTP 401).',
      );
    }
    this.#check(response.status, '/api/queries');
    const parsed = queriesSchema.safeParse(jsonBody(this.#base, response, '/api/queries'));
    if (!parsed.success) this.#protocol('/api/queries', parsed.error.message);
    return parsed.data;
  }

  /**
   * The network table (`/api/network/devices`). It only enriches the inventory, so an FTL without it (404), one
   * that refuses it or answers another shape gives no rows rather than failing an import whose queries are in.
   */
  async networkDevices(): Promise<DnsNetworkHost[]> {
    const response = await this.#request('GET', '/api/network/devices');
    if (response.status !== 200) return [];
    let body: unknown;
    try {
      body = response.json();
    } catch {
      return [];
    }
    const parsed = networkDevicesSchema.safeParse(body);
    return parsed.success ? networkHostsOf(parsed.data) : [];
  }

  /** Ends the session; a failure here is not worth failing the import for. */
  async logout(): Promise<void> {
    if (this.#sid === undefined) return;
    try {
      await this.#request('DELETE', '/api/auth');
    } catch {
      // The session expires on its own (30 min by default).
    }
    this.#sid = undefined;
  }

  #request(method: string, path: string, body?: string) {
    const headers: Record<string, string> = {};
    if (this.#sid !== undefined) headers['x-ftl-sid'] = this.#sid;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const request = { method, path, headers, ...this.#options };
    return apiRequest(this.#base, body === undefined ? request : { ...request, body });
  }

  #check(status: number, path: string): void {
    if (status >= 200 && status < 300) return;
    const why = status === 429 ? 'no free API session (too many open sessions); try again later' : `HTTP ${status}`;
    throw new DnsSourceError(DNS_SOURCE_ERROR_CODES.refused, this.#base.location, `${path} answered ${why}.`);
  }

  #protocol(path: string, detail: string): never {
    throw new DnsSourceError(
      DNS_SOURCE_ERROR_CODES.unreachable,
      this.#base.location,
      `${path} answered in an unexpected shape: ${detail.slice(0, 300)}`,
    );
  }
}

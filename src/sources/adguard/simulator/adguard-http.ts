import type { IncomingMessage, RequestListener } from 'node:http';
import { apiItem, entryTime } from '../../../lab/dns-traffic/adguard-format.ts';
import type { LiveQueryLog, LoggedQuery } from '../../../lab/dns-traffic/live-query-log.ts';

export interface AdguardHttpOptions {
  /** Undefined: authentication off (AdGuard Home without users). */
  credentials: { username: string; password: string } | undefined;
  log: LiveQueryLog;
  version: string;
  /** The lab's clients: those with a MAC are persistent clients (named by the owner), the rest runtime clients. */
  clients?: ReadonlyArray<{ name: string; address: string; mac?: string | undefined }>;
}

/**
 * `/control/clients` as internal/home/clientshttp.go answers it: persistent `clients` (name, `ids`, settings) and
 * runtime `auto_clients` (ip, name, source). Every other lab client is persistent, so both kinds appear.
 */
function adguardClientsAnswer(clients: NonNullable<AdguardHttpOptions['clients']>): Record<string, unknown> {
  const persistent = clients.filter((c, index) => c.mac && index % 2 === 0);
  const runtime = clients.filter((c) => !persistent.includes(c));
  return {
    clients: persistent.map((c) => ({
      name: c.name,
      ids: [c.address, c.mac!.toLowerCase()],
      tags: [],
      use_global_settings: true,
      filtering_enabled: true,
      parental_enabled: false,
      safebrowsing_enabled: false,
      safesearch_enabled: false,
      use_global_blocked_services: true,
      blocked_services: [],
      upstreams: [],
      ignore_querylog: false,
      ignore_statistics: false,
    })),
    auto_clients: runtime.map((c) => ({ name: `${c.name}.lan`, ip: c.address, source: 'rDNS', whois_info: {} })),
    supported_tags: ['device_phone', 'device_laptop', 'device_other'],
  };
}

/** Go's RFC3339Nano back to [ms, ns below the ms]. */
function parseTime(time: string): readonly [number, number] | undefined {
  const match = /^(.*T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(time);
  if (!match) return undefined;
  const base = Date.parse(`${match[1]}${match[3]}`);
  const fraction = (match[2] ?? '').padEnd(9, '0');
  return Number.isNaN(base) ? undefined : [base + Number(fraction.slice(0, 3)), Number(fraction.slice(3))];
}

function before(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

/** Index of the first entry not before `time` (entries ascending in time). */
function firstAtOrAfter(entries: readonly LoggedQuery[], time: readonly [number, number]): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(entryTime(entries[mid]!), time)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function authorized(req: IncomingMessage, credentials: AdguardHttpOptions['credentials']): boolean {
  if (!credentials) return true;
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  return decoded === `${credentials.username}:${credentials.password}`;
}

/**
 * AdGuard Home's `/control/querylog` (internal/querylog/http.go, search.go): items newest first, `older_than`
 * (RFC3339Nano, exclusive), `offset` and `limit` (500 by default); `oldest` is the time of the last item given, or
 * empty when there was none. Unauthenticated requests get a bare 401, as authhttp.go answers them.
 */
export function adguardHttpHandler(options: AdguardHttpOptions): RequestListener {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://adguard');
    if (!url.pathname.startsWith('/control/')) {
      res.writeHead(404).end();
      return;
    }
    if (!authorized(req, options.credentials)) {
      res.writeHead(401).end();
      return;
    }
    const json = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (url.pathname === '/control/status' && req.method === 'GET') {
      json(200, { version: options.version, running: true, protection_enabled: true, dns_port: 53, http_port: 80 });
      return;
    }
    if (url.pathname === '/control/clients' && req.method === 'GET') {
      json(200, adguardClientsAnswer(options.clients ?? []));
      return;
    }
    if (url.pathname !== '/control/querylog' || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    const olderThanRaw = url.searchParams.get('older_than');
    const olderThan = olderThanRaw ? parseTime(olderThanRaw) : undefined;
    if (olderThanRaw && olderThan === undefined) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end(`parsing time "${olderThanRaw}": invalid`);
      return;
    }
    const limit = Number(url.searchParams.get('limit') ?? 500) || 500;
    const offset = Number(url.searchParams.get('offset') ?? 0) || 0;
    const entries: readonly LoggedQuery[] = options.log.entries();
    const end = olderThan === undefined ? entries.length : firstAtOrAfter(entries, olderThan);
    const data: Record<string, unknown>[] = [];
    for (let i = end - 1 - offset; i >= 0 && data.length < limit; i--) data.push(apiItem(entries[i]!));
    const last = data.at(-1);
    json(200, { data, oldest: last ? (last.time as string) : '' });
  };
}

/**
 * Reads a UniFi Network controller: its clients (`stat/sta`: MAC, IP, hostname, SSID, network and VLAN, wired or
 * wireless), its SSIDs (`rest/wlanconf`, with the security mode) and its networks (`rest/networkconf`, with VLAN
 * ids). Both hostings are read (facts from ../shared/fixtures/unifi/README.md): the classic Network application
 * (`POST /api/login` → `unifises` cookie) and UniFi OS consoles (`POST /api/auth/login` → `TOKEN` cookie, paths under
 * `/proxy/network`). Replies are `{"meta":{"rc":"ok"|"error","msg"},"data":[…]}`. The Wi-Fi passphrase
 * (`x_passphrase`) that wlanconf returns to admins is never kept. Every request is bounded in time and size.
 */
import { z } from 'zod';
import { IotwardenError } from '../../errors/index.ts';
import { type HttpResponse, requestHttp } from '../../net/http-client.ts';
import { SOURCE_ERROR_CODES, SourceError } from '../source-error.ts';

export interface UnifiOptions {
  /** `https://unifi:8443` (classic) or `https://udm` (UniFi OS). */
  url: string;
  username: string;
  password: string;
  site?: string;
  timeoutMs?: number;
  maxBytes?: number;
}

const text = z.string().max(1_000);
const envelope = <T extends z.ZodType>(item: T) =>
  z.object({ meta: z.object({ rc: text, msg: text.optional() }).passthrough(), data: z.array(item).max(20_000) });

export const unifiClientSchema = z
  .object({
    mac: text,
    ip: text.optional(),
    hostname: text.optional(),
    name: text.optional(),
    oui: text.optional(),
    essid: text.optional(),
    network: text.optional(),
    vlan: z.number().int().optional(),
    is_wired: z.boolean().optional(),
    first_seen: z.number().optional(),
    last_seen: z.number().optional(),
  })
  .passthrough();
export const unifiWlanSchema = z
  .object({ name: text, security: text.optional(), wpa_mode: text.optional(), enabled: z.boolean().optional() })
  .passthrough();
export const unifiNetworkSchema = z
  .object({
    name: text,
    purpose: text.optional(),
    vlan: z.union([z.number(), text]).optional(),
    vlan_enabled: z.boolean().optional(),
  })
  .passthrough();

export interface UnifiSnapshot {
  clients: Array<z.infer<typeof unifiClientSchema>>;
  /** SSIDs without their passphrases. */
  wlans: Array<{ name: string; security: string | undefined; wpaMode: string | undefined; enabled: boolean }>;
  networks: Array<{ name: string; purpose: string | undefined; vlan: number | undefined }>;
}

const SOURCE = 'UniFi';

type Fail = (
  code: (typeof SOURCE_ERROR_CODES)[keyof typeof SOURCE_ERROR_CODES],
  message: string,
  cause?: unknown,
) => SourceError;
type Request = (method: string, path: string, headers: Record<string, string>, body?: string) => Promise<HttpResponse>;

/** Logs in (classic first, then UniFi OS), reads clients, SSIDs and networks. */
export async function readUnifi(options: UnifiOptions): Promise<UnifiSnapshot> {
  const base = new URL(options.url);
  const location = `${base.protocol}//${base.host}`;
  const fail: Fail = (code, message, cause) => new SourceError(code, SOURCE, location, message, cause);
  const request = boundedRequest(base, options, fail);
  const { prefix, cookie } = await login(request, options, fail);
  const site = encodeURIComponent(options.site ?? 'default');
  const read = async <T extends z.ZodType>(path: string, item: T): Promise<Array<z.infer<T>>> => {
    const full = `${prefix}/api/s/${site}/${path}`;
    const answer = await request('GET', full, { cookie });
    if (answer.status === 401) throw fail(SOURCE_ERROR_CODES.auth, `${full}: the session was refused`);
    let body: unknown;
    try {
      body = answer.json();
    } catch (error) {
      throw fail(SOURCE_ERROR_CODES.format, `${full} answered non-JSON`, error);
    }
    const parsed = envelope(item).safeParse(body);
    if (!parsed.success) throw fail(SOURCE_ERROR_CODES.format, `${full} answered an unexpected shape`);
    if (parsed.data.meta.rc !== 'ok')
      throw fail(SOURCE_ERROR_CODES.format, `${full}: ${parsed.data.meta.msg ?? 'error'}`);
    return parsed.data.data as Array<z.infer<T>>;
  };
  const clients = await read('stat/sta', unifiClientSchema);
  const wlans = await read('rest/wlanconf', unifiWlanSchema);
  const networks = await read('rest/networkconf', unifiNetworkSchema);
  return {
    clients,
    wlans: wlans.map((w) => ({ name: w.name, security: w.security, wpaMode: w.wpa_mode, enabled: w.enabled ?? true })),
    networks: networks.map((n) => ({ name: n.name, purpose: n.purpose, vlan: vlanOf(n) })),
  };
}

/** One request with the configured deadline and size limit; transport failures become SourceErrors. */
function boundedRequest(base: URL, options: UnifiOptions, fail: Fail): Request {
  const tls = base.protocol === 'https:';
  const port = base.port ? Number(base.port) : tls ? 443 : 80;
  const signal = new AbortController().signal;
  return async (method, path, headers, body) => {
    try {
      return await requestHttp({
        host: base.hostname,
        port,
        tls,
        path,
        method,
        headers: { accept: 'application/json', ...headers },
        timeoutMs: options.timeoutMs ?? 10_000,
        maxBytes: options.maxBytes ?? 16 * 1024 * 1024,
        signal,
        ...(body === undefined ? {} : { body }),
      });
    } catch (error) {
      const detail = error instanceof IotwardenError ? error.message : String(error);
      const code = /did not|timed out|timeout/i.test(detail)
        ? SOURCE_ERROR_CODES.timeout
        : SOURCE_ERROR_CODES.unreachable;
      throw fail(code, `${method} ${path}: ${detail}`, error);
    }
  };
}

/** The classic login, else UniFi OS's (when `/api/login` is 404); the session cookie and the path prefix. */
async function login(request: Request, options: UnifiOptions, fail: Fail): Promise<{ prefix: string; cookie: string }> {
  const credentials = JSON.stringify({ username: options.username, password: options.password });
  const json = { 'content-type': 'application/json' };
  let prefix = '';
  let answer = await request('POST', '/api/login', json, credentials);
  if (answer.status === 404) {
    prefix = '/proxy/network';
    answer = await request('POST', '/api/auth/login', json, credentials);
  }
  if (answer.status === 400 || answer.status === 401 || answer.status === 403) {
    throw fail(
      SOURCE_ERROR_CODES.auth,
      `login refused (HTTP ${answer.status}); check the username and the password's environment variable`,
    );
  }
  if (answer.status !== 200) {
    throw fail(SOURCE_ERROR_CODES.version, `login answered HTTP ${answer.status}: not a UniFi Network controller?`);
  }
  const cookie = cookiesOf(answer);
  if (!cookie) throw fail(SOURCE_ERROR_CODES.version, 'login set no session cookie: not a UniFi Network controller?');
  return { prefix, cookie };
}

function vlanOf(network: z.infer<typeof unifiNetworkSchema>): number | undefined {
  if (network.vlan_enabled === false || network.vlan === undefined || network.vlan === '') return undefined;
  const vlan = Number(network.vlan);
  return Number.isInteger(vlan) ? vlan : undefined;
}

/** The session cookies a login set, as one Cookie header (`unifises=…` or `TOKEN=…`). */
function cookiesOf(response: HttpResponse): string | undefined {
  const set = response.headers['set-cookie'] ?? [];
  const pairs = set
    .map((line) => line.split(';')[0]?.trim() ?? '')
    .filter((pair) => /^(unifises|TOKEN|csrf_token)=/.test(pair));
  return pairs.length > 0 ? pairs.join('; ') : undefined;
}

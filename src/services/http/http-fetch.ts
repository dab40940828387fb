import type { IncomingHttpHeaders } from 'node:http';
import type { ProbeContext, ProbeTarget } from '../../families/device-adapter.ts';
import { type HttpResponse, requestHttp } from '../../net/http-client.ts';
import { bounds, endpointOf } from '../common/evidence.ts';

/** How many redirects (Location or meta refresh) to follow to reach the real UI: `/` → `/cgi-bin/luci/` and the like. */
const MAX_HOPS = 2;

export interface FetchedPage {
  path: string;
  response: HttpResponse;
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' ? text : undefined;
}

/** A redirect target on the same host and port, as a path; anything pointing elsewhere is not followed. */
function sameOriginPath(location: string, base: URL): string | undefined {
  try {
    const next = new URL(location, base);
    return next.host === base.host && next.protocol === base.protocol ? `${next.pathname}${next.search}` : undefined;
  } catch {
    return undefined;
  }
}

function metaRefresh(html: string): string | undefined {
  const tag = /<meta\b[^>]*http-equiv\s*=\s*["']?refresh["']?[^>]*>/i.exec(html)?.[0];
  return tag ? /url\s*=\s*([^"'>\s]+)/i.exec(tag)?.[1] : undefined;
}

/**
 * GET a path and follow a couple of same-origin redirects, bounded like every request (timeout and size per hop).
 */
export async function fetchPage(
  target: ProbeTarget,
  port: number,
  context: ProbeContext,
  options: { tls: boolean; path?: string; headers?: Record<string, string> },
): Promise<FetchedPage> {
  const host = target.address.includes(':') ? `[${target.address}]` : target.address;
  const base = new URL(`${options.tls ? 'https' : 'http'}://${host}:${port}`);
  let path = options.path ?? '/';
  for (let hop = 0; ; hop++) {
    const response = await requestHttp({
      ...endpointOf(target, port),
      path,
      tls: options.tls,
      ...(options.headers ? { headers: options.headers } : {}),
      ...bounds(context),
    });
    if (hop >= MAX_HOPS) return { path, response };
    const location = header(response.headers, 'location');
    const isRedirect = response.status >= 301 && response.status <= 308 && location !== undefined;
    const refresh = response.status === 200 ? metaRefresh(response.text().slice(0, 4096)) : undefined;
    const next = isRedirect ? location : refresh;
    const nextPath = next === undefined ? undefined : sameOriginPath(next, new URL(path, base));
    if (nextPath === undefined || nextPath === path) return { path, response };
    path = nextPath;
  }
}

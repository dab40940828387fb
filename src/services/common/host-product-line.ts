import type { ProbeContext, ProbeTarget } from '../../families/device-adapter.ts';
import { requestHttp } from '../../net/http-client.ts';
import { header } from '../http/http-fetch.ts';
import { rtspRequest } from '../rtsp/rtsp-client.ts';
import { bounds, endpointOf } from './evidence.ts';
import { type ProductLine, productLineByHttp, productLineByRtsp } from './factory-credentials.ts';

const cache = new WeakMap<ProbeTarget, Promise<ProductLine | undefined>>();
const WEB_PORTS = [80, 8080, 81];
const RTSP_PORTS = [554, 8554];

/**
 * Which product line a host runs, for services that cannot say it themselves: BusyBox telnetd prints only a
 * hostname, so the firmware is known by the web server (`Server` header, Basic realm) or the RTSP server of the
 * same host. One lookup per target, shared by every identifier that asks; failures mean "not identified".
 */
export function productLineOfHost(target: ProbeTarget, context: ProbeContext): Promise<ProductLine | undefined> {
  let pending = cache.get(target);
  if (!pending) {
    pending = lookup(target, context).catch(() => undefined);
    cache.set(target, pending);
  }
  return pending;
}

async function lookup(target: ProbeTarget, context: ProbeContext): Promise<ProductLine | undefined> {
  for (const port of WEB_PORTS.filter((p) => target.openTcpPorts.has(p))) {
    const response = await requestHttp({ ...endpointOf(target, port), path: '/', ...bounds(context) }).catch(
      () => undefined,
    );
    if (!response) continue;
    const realm = /realm\s*=\s*"([^"]{0,200})"/i.exec(header(response.headers, 'www-authenticate') ?? '')?.[1];
    const line = productLineByHttp(header(response.headers, 'server'), realm);
    if (line) return line;
  }
  for (const port of RTSP_PORTS.filter((p) => target.openTcpPorts.has(p))) {
    const response = await rtspRequest(target, port, 'OPTIONS', '/', context).catch(() => undefined);
    const line = productLineByRtsp(response?.headers.server);
    if (line) return line;
  }
  return undefined;
}

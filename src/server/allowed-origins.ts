/**
 * The origins this server answers as, for the Host check and the Origin check of changes. A loopback listener is
 * reached as 127.0.0.1, localhost or ::1; a wildcard one by any of the machine's addresses and its name; --origin
 * adds names (a reverse proxy, a DNS name on the LAN).
 */
import { hostname, networkInterfaces } from 'node:os';
import { UsageError } from '../errors/index.ts';
import { isLoopback, type ListenAddress } from './listen-plan.ts';

const hostPart = (host: string) => (host.includes(':') ? `[${host}]` : host);

export function allowedOrigins(
  address: ListenAddress,
  scheme: 'http' | 'https',
  extra: readonly string[],
): Set<string> {
  const hosts = new Set<string>();
  if (isLoopback(address.host)) for (const h of ['127.0.0.1', 'localhost', '::1', address.host]) hosts.add(h);
  else if (address.host === '0.0.0.0' || address.host === '::') {
    for (const list of Object.values(networkInterfaces()))
      for (const a of list ?? []) hosts.add(a.address.split('%')[0] ?? a.address);
    hosts.add(hostname());
    hosts.add(`${hostname()}.local`);
    hosts.add('localhost');
  } else hosts.add(address.host);
  const origins = new Set(
    [...hosts].map((h) => new URL(`${scheme}://${hostPart(h.toLowerCase())}:${address.port}`).origin),
  );
  for (const origin of extra) origins.add(normaliseOrigin(origin));
  return origins;
}

function normaliseOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--origin ${JSON.stringify(text)}: expected a URL such as https://iotwarden.home:8642`, {
      code: 'ERR_LISTEN',
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--origin ${text}: only http and https`, { code: 'ERR_LISTEN' });
  return url.origin;
}

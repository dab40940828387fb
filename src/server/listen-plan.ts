/**
 * Where and how `iotwarden serve` listens. Loopback by default (127.0.0.1:8642). Any other address needs TLS: the
 * owner's certificate and key, or a self-signed pair generated beside the database; plain HTTP there only with an
 * explicit --insecure-http, which warns. These rules are decided here, before anything binds a socket.
 */
import { isIP } from 'node:net';
import { UsageError } from '../errors/index.ts';

export const DEFAULT_LISTEN = '127.0.0.1:8642';

export interface ListenAddress {
  host: string;
  port: number;
}

export type TransportPlan =
  | { kind: 'http'; warning: string | undefined }
  | { kind: 'https'; source: 'given'; certFile: string; keyFile: string }
  | { kind: 'https'; source: 'self-signed' };

export interface ListenFlags {
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  insecureHttp?: boolean | undefined;
}

/** `ADDR:PORT`, `[IPv6]:PORT`; the address must be an IP address (a name could resolve to anything). */
export function parseListen(text: string): ListenAddress {
  const match = /^\[([0-9a-fA-F:.]+)\]:(\d{1,5})$/.exec(text) ?? /^([0-9.]+):(\d{1,5})$/.exec(text);
  const port = Number(match?.[2]);
  if (!match?.[1] || !isIP(match[1]) || !Number.isInteger(port) || port > 65_535) {
    throw new UsageError(
      `--listen ${JSON.stringify(text)}: expected ADDR:PORT with an IP address, e.g. ${DEFAULT_LISTEN} or [::1]:8642`,
      {
        code: 'ERR_LISTEN',
      },
    );
  }
  return { host: match[1], port };
}

/** 127.0.0.0/8 and ::1 (and ::ffff:127.x) only: the unspecified addresses 0.0.0.0 and :: are everything. */
export function isLoopback(host: string): boolean {
  const v4 = host.startsWith('::ffff:') ? host.slice(7) : host;
  if (isIP(v4) === 4) return v4.split('.')[0] === '127';
  return host === '::1';
}

export function planTransport(address: ListenAddress, flags: ListenFlags): TransportPlan {
  if ((flags.tlsCert === undefined) !== (flags.tlsKey === undefined))
    throw new UsageError('--tls-cert and --tls-key go together: give both or neither', { code: 'ERR_LISTEN' });
  if (flags.tlsCert && flags.tlsKey) {
    if (flags.insecureHttp)
      throw new UsageError('--insecure-http contradicts --tls-cert/--tls-key', { code: 'ERR_LISTEN' });
    return { kind: 'https', source: 'given', certFile: flags.tlsCert, keyFile: flags.tlsKey };
  }
  if (isLoopback(address.host)) return { kind: 'http', warning: undefined };
  if (flags.insecureHttp) {
    return {
      kind: 'http',
      warning: `WARNING: serving plain HTTP on ${address.host}: passwords and session cookies cross the network unencrypted. Use TLS (drop --insecure-http) unless a TLS proxy sits in front.`,
    };
  }
  return { kind: 'https', source: 'self-signed' };
}

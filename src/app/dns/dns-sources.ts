/**
 * Which DNS sources to import: the ones named on the command line, else the ones in iotwarden.yaml. Passwords
 * come from the config (inline or `passwordEnv`) or from IOTWARDEN_PIHOLE_PASSWORD / IOTWARDEN_ADGUARD_USERNAME /
 * IOTWARDEN_ADGUARD_PASSWORD, never from a flag (a flag would end up in shell history and `ps`).
 */
import type { DnsSourceConfig } from '../../config/dns-config-schema.ts';
import { UsageError } from '../../errors/index.ts';
import { AdguardApiSource } from '../../sources/adguard/api-source.ts';
import { AdguardLogSource } from '../../sources/adguard/log-source.ts';
import { DnsmasqLogSource } from '../../sources/dnsmasq/log-source.ts';
import { PiholeApiSource } from '../../sources/pihole/api-source.ts';
import { FtlDbSource } from '../../sources/pihole/ftl-db-source.ts';
import type { DnsSourceReader } from '../../sources/source.ts';

/** The source flags of `iotwarden dns import`. */
export interface DnsSourceFlags {
  piholeDb?: string | undefined;
  piholeUrl?: string | undefined;
  adguardUrl?: string | undefined;
  adguardLog?: string | undefined;
  dnsmasqLog?: string | undefined;
}

export const DNS_PASSWORD_ENV = {
  pihole: 'IOTWARDEN_PIHOLE_PASSWORD',
  adguardUser: 'IOTWARDEN_ADGUARD_USERNAME',
  adguard: 'IOTWARDEN_ADGUARD_PASSWORD',
} as const;

/** The sources to read: the flags when any is given, else every source configured. */
export function selectSources(
  flags: DnsSourceFlags,
  configured: readonly DnsSourceConfig[],
  env: NodeJS.ProcessEnv = process.env,
): DnsSourceReader[] {
  const fromFlags: DnsSourceConfig[] = [];
  if (flags.piholeDb) fromFlags.push({ kind: 'pihole-db', file: flags.piholeDb });
  if (flags.piholeUrl) fromFlags.push(withSecret({ kind: 'pihole-api', url: flags.piholeUrl }, configured));
  if (flags.adguardUrl) {
    const known = configured.find((c) => c.kind === 'adguard-api' && sameUrl(c.url, flags.adguardUrl!));
    const username =
      (known?.kind === 'adguard-api' ? known.username : undefined) ?? env[DNS_PASSWORD_ENV.adguardUser] ?? 'admin';
    fromFlags.push(withSecret({ kind: 'adguard-api', url: flags.adguardUrl, username }, configured));
  }
  if (flags.adguardLog) fromFlags.push({ kind: 'adguard-log', file: flags.adguardLog });
  if (flags.dnsmasqLog) fromFlags.push({ kind: 'dnsmasq-log', file: flags.dnsmasqLog });
  const chosen = fromFlags.length > 0 ? fromFlags : configured;
  if (chosen.length === 0) {
    throw new UsageError(
      'no DNS source: give --pihole-db, --pihole-url, --adguard-url, --adguard-log or --dnsmasq-log, or list sources under dns: in iotwarden.yaml',
      { code: 'ERR_NO_DNS_SOURCE' },
    );
  }
  return chosen.map((source) => readerFor(source, env));
}

function readerFor(source: DnsSourceConfig, env: NodeJS.ProcessEnv): DnsSourceReader {
  switch (source.kind) {
    case 'pihole-db':
      return new FtlDbSource(source.file);
    case 'pihole-api':
      return new PiholeApiSource(source.url, { password: secretOf(source, env, DNS_PASSWORD_ENV.pihole) });
    case 'adguard-api':
      return new AdguardApiSource(source.url, {
        username: source.username,
        password: secretOf(source, env, DNS_PASSWORD_ENV.adguard),
      });
    case 'adguard-log':
      return new AdguardLogSource(source.file);
    case 'dnsmasq-log':
      return new DnsmasqLogSource(source.file);
  }
}

/** A URL given as a flag borrows the password settings of the configured source with the same URL. */
function withSecret<T extends Extract<DnsSourceConfig, { url: string }>>(
  flag: T,
  configured: readonly DnsSourceConfig[],
): T {
  const known = configured.find((c) => c.kind === flag.kind && 'url' in c && sameUrl(c.url, flag.url));
  if (!known || !('url' in known)) return flag;
  return {
    ...flag,
    ...(known.password === undefined ? {} : { password: known.password }),
    ...(known.passwordEnv === undefined ? {} : { passwordEnv: known.passwordEnv }),
  };
}

function secretOf(
  source: { password?: string | undefined; passwordEnv?: string | undefined },
  env: NodeJS.ProcessEnv,
  fallbackEnv: string,
): string | undefined {
  return source.password ?? (source.passwordEnv ? env[source.passwordEnv] : undefined) ?? env[fallbackEnv];
}

function sameUrl(a: string, b: string): boolean {
  const norm = (url: string) => url.trim().replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

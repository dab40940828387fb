import { z } from 'zod';
import { AdguardApiSource } from './adguard/api-source.ts';
import { AdguardLogSource } from './adguard/log-source.ts';
import { DnsmasqLogSource } from './dnsmasq/log-source.ts';
import { PiholeApiSource } from './pihole/api-source.ts';
import { FtlDbSource } from './pihole/ftl-db-source.ts';
import type { DnsSourceReader } from './source.ts';

/** Environment variables read when a source names none: secrets stay off the command line. */
export const DEFAULT_PASSWORD_ENV = {
  'pihole-api': 'IOTWARDEN_PIHOLE_PASSWORD',
  'adguard-api': 'IOTWARDEN_ADGUARD_PASSWORD',
} as const;

const secret = { password: z.string().min(1).optional(), passwordEnv: z.string().min(1).optional() };

/**
 * One DNS source as iotwarden.yaml lists it under `dns.sources` (the lead folds this into config-schema.ts):
 * `{ kind: pihole-db, path }`, `{ kind: pihole-api, url, password | passwordEnv, disk? }`,
 * `{ kind: adguard-api, url, username, password | passwordEnv }`, `{ kind: adguard-log, path }`,
 * `{ kind: dnsmasq-log, path }`.
 */
export const dnsSourceConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pihole-db'), path: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('pihole-api'), url: z.string().min(1), disk: z.boolean().optional(), ...secret }).strict(),
  z.object({ kind: z.literal('adguard-api'), url: z.string().min(1), username: z.string().min(1), ...secret }).strict(),
  z.object({ kind: z.literal('adguard-log'), path: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('dnsmasq-log'), path: z.string().min(1) }).strict(),
]);
export type DnsSourceConfig = z.infer<typeof dnsSourceConfigSchema>;

function password(
  config: { password?: string | undefined; passwordEnv?: string | undefined },
  fallbackEnv: string,
  env: NodeJS.ProcessEnv,
): string | undefined {
  if (config.password !== undefined) return config.password;
  const value = env[config.passwordEnv ?? fallbackEnv];
  return value === undefined || value === '' ? undefined : value;
}

/** The reader for a configured source. Passwords come from the config entry or the environment only. */
export function createDnsSource(config: DnsSourceConfig, env: NodeJS.ProcessEnv = process.env): DnsSourceReader {
  switch (config.kind) {
    case 'pihole-db':
      return new FtlDbSource(config.path);
    case 'pihole-api':
      return new PiholeApiSource(config.url, {
        password: password(config, DEFAULT_PASSWORD_ENV['pihole-api'], env),
        disk: config.disk ?? false,
      });
    case 'adguard-api':
      return new AdguardApiSource(config.url, {
        username: config.username,
        password: password(config, DEFAULT_PASSWORD_ENV['adguard-api'], env),
      });
    case 'adguard-log':
      return new AdguardLogSource(config.path);
    case 'dnsmasq-log':
      return new DnsmasqLogSource(config.path);
  }
}

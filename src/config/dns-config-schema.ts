/**
 * The `dns:` section of iotwarden.yaml: the owner's own domain classifications and the DNS sinkholes to import.
 * Passwords may live in the environment (`passwordEnv`) so the file can be shared; they are never taken from the
 * command line.
 *
 * ```yaml
 * dns:
 *   domains:
 *     - { domain: old-nas.example, category: local, note: "the NAS we retired in 2023" }
 *     - { domain: tuyaeu.com, category: vendor-cloud, vendor: Tuya }
 *   sources:
 *     - { kind: pihole-db, file: /etc/pihole/pihole-FTL.db }
 *     - { kind: pihole-api, url: "http://pi.hole", passwordEnv: PIHOLE_PASSWORD }
 *     - { kind: adguard-api, url: "http://192.168.1.2:3000", username: admin, passwordEnv: ADGUARD_PASSWORD }
 *     - { kind: adguard-log, file: /opt/AdGuardHome/data/querylog.json }
 *     - { kind: dnsmasq-log, file: /var/log/dnsmasq.log }
 * ```
 */
import { z } from 'zod';
import { DOMAIN_CATEGORIES, domainSuffixSchema } from '../checks/domain-data.ts';

export const dnsDomainEntrySchema = z
  .object({
    /** The name or suffix: `old-nas.example` also matches `ntp.old-nas.example`. */
    domain: domainSuffixSchema,
    category: z.enum(DOMAIN_CATEGORIES).exclude(['unknown']),
    vendor: z.string().min(1).optional(),
    note: z.string().min(1).optional(),
  })
  .strict();

const secret = { password: z.string().optional(), passwordEnv: z.string().min(1).optional() };

export const dnsSourceConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pihole-db'), file: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('pihole-api'), url: z.string().min(1), ...secret }).strict(),
  z.object({ kind: z.literal('adguard-api'), url: z.string().min(1), username: z.string().min(1), ...secret }).strict(),
  z.object({ kind: z.literal('adguard-log'), file: z.string().min(1) }).strict(),
  z.object({ kind: z.literal('dnsmasq-log'), file: z.string().min(1) }).strict(),
]);

export const dnsConfigSchema = z
  .object({
    domains: z.array(dnsDomainEntrySchema).default([]),
    sources: z.array(dnsSourceConfigSchema).default([]),
  })
  .strict();

export type DnsConfig = z.infer<typeof dnsConfigSchema>;
export type DnsSourceConfig = z.infer<typeof dnsSourceConfigSchema>;

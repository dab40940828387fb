import { z } from 'zod';
import { FAMILY_SELECTORS } from '../families/index.ts';
import { dnsConfigSchema } from './dns-config-schema.ts';
import { firmwarePolicyConfigSchema } from './firmware-policy-schema.ts';
import { homeAssistantConfigSchema, sourcesConfigSchema } from './sources-config-schema.ts';

/** A product line (`shelly`: every Shelly) or one family (`shelly-gen2`); see FAMILY_SELECTORS. */
const family = z.enum(FAMILY_SELECTORS);

/**
 * One credential entry. It applies to every device of a family, or to one device named by address, MAC or device id.
 * Secrets may live in the environment (`passwordEnv`, `apiKeyEnv`) so the file itself can be shared.
 */
export const credentialEntrySchema = z
  .object({
    family: family.optional(),
    address: z.string().optional(),
    mac: z.string().optional(),
    deviceId: z.string().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
    passwordEnv: z.string().optional(),
    apiKey: z.string().optional(),
    apiKeyEnv: z.string().optional(),
  })
  .strict()
  .refine((e) => e.family || e.address || e.mac || e.deviceId, 'needs one of family, address, mac or deviceId')
  .refine(
    (e) => e.password || e.passwordEnv || e.apiKey || e.apiKeyEnv,
    'needs a password, passwordEnv, apiKey or apiKeyEnv',
  );

export const configSchema = z
  .object({
    /** The only networks iotwarden may scan. Nothing else is ever probed. */
    networks: z.array(z.string().min(1)).default([]),
    scan: z
      .object({
        ports: z.string().optional(),
        connectTimeoutMs: z.number().int().min(50).max(30_000).optional(),
        requestTimeoutMs: z.number().int().min(100).max(60_000).optional(),
        concurrency: z.number().int().min(1).max(10_000).optional(),
        credentialChecks: z.boolean().optional(),
        dhcpLeases: z.string().optional(),
      })
      .strict()
      .default({}),
    credentials: z.array(credentialEntrySchema).default([]),
    /** Firmware update policy (docs/firmware.md). */
    firmware: firmwarePolicyConfigSchema.optional(),
    /** DNS sinkholes to import and the owner's domain classifications (dns-config-schema.ts). */
    dns: dnsConfigSchema.default({ domains: [], sources: [] }),
    /** Home Assistant: import its registries, publish MQTT discovery (sources-config-schema.ts). */
    homeAssistant: homeAssistantConfigSchema.optional(),
    /** Other sources of devices: DHCP leases (Pi-hole and AdGuard come from dns.sources). */
    sources: sourcesConfigSchema.default({ dhcp: [] }),
  })
  .strict();

export type IotwardenConfig = z.infer<typeof configSchema>;
export type CredentialEntry = z.infer<typeof credentialEntrySchema>;

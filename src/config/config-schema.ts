import { z } from 'zod';
import { FAMILY_SELECTORS } from '../families/index.ts';
import { dnsConfigSchema } from './dns-config-schema.ts';
import { firmwarePolicyConfigSchema } from './firmware-policy-schema.ts';
import { notifyConfigSchema } from './notify-config-schema.ts';
import { riskConfigSchema } from './risk-config-schema.ts';
import { serveConfigSchema } from './serve-config-schema.ts';
import { homeAssistantConfigSchema, sourcesConfigSchema } from './sources-config-schema.ts';

/** A product line (`shelly`: every Shelly) or one family (`shelly-gen2`); see FAMILY_SELECTORS. */
const family = z.enum(FAMILY_SELECTORS);

/**
 * One credential entry. It applies to every device of a family, or to one device named by address, MAC or device id.
 * Secrets may live in the environment (`passwordEnv`, `apiKeyEnv`) so the file itself can be shared.
 *
 * A family-wide entry is only ever sent to devices the owner trusted (`iotwarden trust`), unless it says
 * `trustOnFirstUse: true`: then every device of the family that has no binding yet receives it once and is bound to
 * it. An entry that names one device is the owner's acceptance of that device. Either way the first use binds the
 * credential to the device's identity (MAC, device id, certificate), and a host that presents another never gets it.
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
    trustOnFirstUse: z.boolean().optional(),
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
    /** What the owner knows about devices, for the risk register (risk-config-schema.ts). */
    risk: riskConfigSchema.default({ devices: [] }),
    /**
     * Zero trust (docs: README "Zero trust"): local peers by role, each a list of device names, ids, MACs or
     * addresses. `router` answers DNS and NTP; `home-assistant` and `owner-devices` may reach devices; any other
     * role name can be used in a policy's `role:` entries.
     */
    roles: z
      .record(
        z.string().regex(/^[a-z][a-z0-9-]{0,40}$/, 'a role is lower-case letters, digits and -'),
        z.array(z.string().min(1)),
      )
      .default({}),
    /**
     * Zero trust on the dashboard: `policy` is the owner's policy YAML (relative to this file's folder) that the
     * dashboard previews; without it the dashboard previews the policy generated from the learned profiles.
     */
    zeroTrust: z
      .object({ policy: z.string().min(1).optional() })
      .strict()
      .optional(),
    /** When `iotwarden serve` (and `run`) scans, imports DNS and checks firmware (serve-config-schema.ts). */
    serve: serveConfigSchema.default(serveConfigSchema.parse({})),
    /** Where to send notifications (notify-config-schema.ts). */
    notifications: notifyConfigSchema.default({ targets: [] }),
    /** Home Assistant: import its registries, publish MQTT discovery (sources-config-schema.ts). */
    homeAssistant: homeAssistantConfigSchema.optional(),
    /** Other sources of devices: DHCP leases (Pi-hole and AdGuard come from dns.sources). */
    sources: sourcesConfigSchema.default({ dhcp: [] }),
  })
  .strict();

export type IotwardenConfig = z.infer<typeof configSchema>;
export type CredentialEntry = z.infer<typeof credentialEntrySchema>;

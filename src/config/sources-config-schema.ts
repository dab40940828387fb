/**
 * The `homeAssistant:` and `sources:` sections of iotwarden.yaml (issue 12). Secrets are named by environment
 * variable (`tokenEnv`, `passwordEnv`) so the file can be shared; they are never taken from the command line, never
 * logged and never printed, not even by `--json`.
 *
 * ```yaml
 * homeAssistant:
 *   url: http://ha:8123
 *   tokenEnv: HA_TOKEN
 *   notifications: true        # raise high and critical findings as HA persistent notifications
 *   mqtt:
 *     url: mqtt://broker:1883  # with this set, `iotwarden serve` publishes MQTT discovery
 *     username: iotwarden
 *     passwordEnv: MQTT_PASSWORD
 *     discoveryPrefix: homeassistant
 * sources:
 *   dhcp: [/var/lib/misc/dnsmasq.leases]
 *   unifi: { url: "https://unifi:8443", username: iotwarden, passwordEnv: UNIFI_PASSWORD }
 * ```
 */
import { z } from 'zod';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');
const url = (protocols: readonly string[]) =>
  z
    .string()
    .min(1)
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `a URL starting with ${protocols.join(' or ')}//`,
    );

export const haMqttConfigSchema = z
  .object({
    url: url(['mqtt:', 'mqtts:', 'ws:', 'wss:']),
    username: z.string().min(1).optional(),
    passwordEnv: envName.optional(),
    /** HA's `discovery_prefix` (MQTT integration option), `homeassistant` by default. */
    discoveryPrefix: z
      .string()
      .regex(/^[^#+\s]+$/, 'a topic prefix without wildcards or spaces')
      .default('homeassistant'),
    /** The broker's CA certificate (PEM file), for mqtts:// with a private CA. */
    caFile: z.string().min(1).optional(),
    /** The id of this iotwarden in topics and unique ids (several can share a broker). */
    nodeId: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - (HA node_id rules)')
      .default('iotwarden'),
  })
  .strict();

export const homeAssistantConfigSchema = z
  .object({
    url: url(['http:', 'https:', 'ws:', 'wss:']).optional(),
    tokenEnv: envName.optional(),
    /** Raise high and critical findings as persistent notifications through HA's WebSocket API. */
    notifications: z.boolean().default(false),
    mqtt: haMqttConfigSchema.optional(),
  })
  .strict()
  .refine((ha) => ha.url === undefined || ha.tokenEnv !== undefined, {
    message: 'url needs tokenEnv (the environment variable holding a long-lived access token)',
    path: ['tokenEnv'],
  });

export const sourcesConfigSchema = z
  .object({
    /** DHCP lease files (dnsmasq, OpenWrt, ISC dhcpd). */
    dhcp: z.array(z.string().min(1)).default([]),
    /** A UniFi Network controller: clients with SSID and VLAN, SSIDs with their security, networks with VLAN ids. */
    unifi: z
      .object({
        url: url(['http:', 'https:']),
        username: z.string().min(1),
        passwordEnv: envName,
        site: z.string().min(1).default('default'),
      })
      .strict()
      .optional(),
  })
  .strict();

export type HomeAssistantConfig = z.infer<typeof homeAssistantConfigSchema>;
export type HaMqttConfig = z.infer<typeof haMqttConfigSchema>;
export type SourcesConfig = z.infer<typeof sourcesConfigSchema>;

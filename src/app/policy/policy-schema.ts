/**
 * The zero-trust policy file: one entry per device, readable and editable by the owner, validated with line numbers
 * like iotwarden.yaml (an unknown key is an error naming its line). Everything not allowed is denied.
 *
 * ```yaml
 * version: 1
 * devices:
 *   - device: coffee-maker          # name, device id, MAC or address
 *     mode: learned                 # learned | local-only | camera
 *     defaults: [dhcp, dns, ntp, firmware, mdns]
 *     allow:
 *       - name: api.vendor.example  # or suffix:, cidr:, role:, device:
 *         ports: [tcp/443]
 *       - role: home-assistant
 *         direction: inbound
 *         ports: [tcp/9999]
 * ```
 */
import { z } from 'zod';

/** `tcp/443`, `udp/123`, `tcp/any`, `icmp`, `icmpv6`. */
export const PORT_PATTERN = /^(?:(tcp|udp)\/(any|\d{1,5})|(icmp|icmpv6))$/;

const portSpec = z
  .string()
  .regex(PORT_PATTERN, 'a port is tcp/443, udp/123, tcp/any, icmp or icmpv6')
  .refine((text) => !/\/\d/.test(text) || Number(text.split('/')[1]) <= 65_535, 'a port is at most 65535');

const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const DEFAULT_NAMES = ['dhcp', 'dns', 'ntp', 'firmware', 'mdns', 'ssdp'] as const;
export type DefaultName = (typeof DEFAULT_NAMES)[number];

const allowEntry = z
  .object({
    name: z.string().regex(DNS_NAME, 'a DNS name in lower case').optional(),
    suffix: z.string().regex(DNS_NAME, 'a DNS name in lower case').optional(),
    cidr: z.string().min(2).optional(),
    role: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,40}$/, 'a role name')
      .optional(),
    device: z.string().min(1).optional(),
    direction: z.enum(['outbound', 'inbound']).default('outbound'),
    ports: z.array(portSpec).min(1),
    note: z.string().optional(),
  })
  .strict()
  .refine(
    (e) => [e.name, e.suffix, e.cidr, e.role, e.device].filter((v) => v !== undefined).length === 1,
    'an allow entry names exactly one of name, suffix, cidr, role or device',
  );

const devicePolicy = z
  .object({
    device: z.string().min(1),
    /** `learned`: what the profile showed; `local-only`: no internet but the defaults; `camera`: only its cloud. */
    mode: z.enum(['learned', 'local-only', 'camera']).default('learned'),
    defaults: z.array(z.enum(DEFAULT_NAMES)).default(['dhcp', 'dns', 'ntp', 'firmware']),
    allow: z.array(allowEntry).default([]),
  })
  .strict();

export const policySchema = z
  .object({
    version: z.literal(1),
    devices: z.array(devicePolicy).default([]),
  })
  .strict();

export type PolicyDocument = z.infer<typeof policySchema>;
export type DevicePolicy = z.infer<typeof devicePolicy>;
export type AllowEntry = z.infer<typeof allowEntry>;

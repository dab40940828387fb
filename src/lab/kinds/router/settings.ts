import { z } from 'zod';

const portMapping = z
  .object({
    externalPort: z.number().int().min(1).max(65535),
    internalClient: z.string().min(1),
    internalPort: z.number().int().min(1).max(65535),
    protocol: z.enum(['TCP', 'UDP']).default('TCP'),
    description: z.string().default(''),
    enabled: z.boolean().default(true),
  })
  .strict();

/**
 * An OpenWrt home router: LuCI on 80 behind a login, dnsmasq on 53, and miniupnpd's IGD on 5000 with the port
 * mappings that devices in the home asked for (or that the scenario lists).
 */
export const routerSettings = z
  .object({
    model: z.string().default('Linksys WRT3200ACM'),
    /** OpenWrt release. */
    firmware: z.string().default('23.05.3'),
    auth: z
      .object({
        enabled: z.boolean().default(true),
        username: z.string().default('root'),
        password: z.string().default('r0uter-admin'),
      })
      .strict()
      .default({ enabled: true, username: 'root', password: 'r0uter-admin' }),
    upnp: z
      .object({
        enabled: z.boolean().default(true),
        /** miniupnpd's HTTP port: 5000 on OpenWrt; many vendor firmwares use 49152. */
        port: z.number().int().min(1024).max(65535).default(5000),
      })
      .strict()
      .default({ enabled: true, port: 5000 }),
    /** The WAN address the IGD reports. A documentation address (RFC 5737): the lab never routes anywhere. */
    externalAddress: z.string().default('203.0.113.7'),
    /** Local DNS domain dnsmasq answers for. */
    domain: z.string().default('lan'),
    portMappings: z.array(portMapping).default([]),
  })
  .strict();

export type RouterSettings = z.infer<typeof routerSettings>;
export type PortMappingSetting = z.infer<typeof portMapping>;

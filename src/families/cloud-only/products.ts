import { z } from 'zod';
import rawProducts from './products.json' with { type: 'json' };

/**
 * The shipped knowledge about cloud-only products (products.json), validated when loaded. Not a device family: these
 * devices speak no local protocol iotwarden could read, so there is no adapter and no simulator contract; they are
 * recognised from what discovery and DNS already hold (docs/decisions/cloud-only-devices.md).
 */
export const CLOUD_ONLY_CATEGORIES = ['speaker', 'camera', 'sensor'] as const;

const productSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    vendor: z.string().min(1),
    product: z.string().min(1),
    category: z.enum(CLOUD_ONLY_CATEGORIES),
    microphone: z.boolean(),
    camera: z.boolean(),
    match: z
      .object({
        macVendors: z.array(z.string().min(1)).min(1),
        exclusive: z.boolean(),
        tcpPorts: z.array(z.number().int().min(1).max(65535)),
        domains: z.array(z.string().regex(/^[a-z0-9.-]+$/)),
      })
      .strict(),
    destinations: z.array(z.string().regex(/^[a-z0-9.-]+$/)).min(1),
    source: z.string().min(1),
  })
  .strict();

export type CloudOnlyProduct = z.infer<typeof productSchema>;

export const CLOUD_ONLY_PRODUCTS: readonly CloudOnlyProduct[] = z
  .object({ $comment: z.string(), products: z.array(productSchema) })
  .strict()
  .parse(rawProducts).products;

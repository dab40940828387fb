import { z } from 'zod';

/**
 * Scenario settings of a simulated Matter node. `{}` is the only consumer-free TXT capture there is: the Qorvo
 * QPG6105 development board of connectedhomeip issue #19049 (fixtures/matter/mdns), test vendor 65521, product
 * 32773, discriminator 3840, pairing hint 36, commissioning mode 0. A `fixture:` node dump replaces the identity
 * with the dump's Basic Information cluster.
 */
export const matterSettings = z
  .object({
    vendorId: z.number().int().min(1).max(0xfffe).default(65521),
    productId: z.number().int().min(1).max(0xfffe).default(32773),
    /** The `DT` key; left out, as the capture does, unless set or read from a node dump. */
    deviceType: z.number().int().min(0).optional(),
    /** Announced as `DN` (optional in the spec; the lab announces a node dump's ProductName). */
    productName: z.string().min(1).max(32).optional(),
    /** 0 closed, 1 basic window open (the printed setup code works), 2 enhanced window open. */
    commissioningMode: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
    discriminator: z.number().int().min(0).max(4095).default(3840),
    pairingHint: z.number().int().min(0).default(36),
    /** Whether the node is in a fabric (announces `_matter._tcp` too). */
    commissioned: z.boolean().default(false),
    /** Matter 1.3 TCP transport: opens TCP 5540 and announces `T=4` (TCP server). */
    tcp: z.boolean().default(false),
    /** Raw TXT pairs merged over the built ones: how tests serve a malformed record. */
    txtOverrides: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export type MatterSettings = z.infer<typeof matterSettings>;

import { z } from 'zod';
import { FUNCTION_CATEGORIES } from '../families/function-category.ts';

/**
 * `risk.devices` in iotwarden.yaml: what the owner knows about a device (issue 16), the same fields as
 * `iotwarden risk set`. `device` names it by name, id, address or MAC. What `risk set` stores wins over this.
 *
 * ```yaml
 * risk:
 *   devices:
 *     - device: nursery-camera
 *       room: nursery
 *       users: [child]
 *       upside: "we see the baby sleep"
 * ```
 */
export const riskDeviceSchema = z
  .object({
    device: z.string().min(1),
    category: z.enum(FUNCTION_CATEGORIES).optional(),
    controls: z.string().min(1).max(200).optional(),
    room: z.string().min(1).max(200).optional(),
    outside: z.boolean().optional(),
    users: z.array(z.string().min(1).max(200)).optional(),
    upside: z.string().min(1).max(200).optional(),
  })
  .strict();

export const riskConfigSchema = z.object({ devices: z.array(riskDeviceSchema).default([]) }).strict();

export type RiskDeviceConfig = z.infer<typeof riskDeviceSchema>;

import { z } from 'zod';
import { LAB_TRAFFIC_SEED } from '../../../lab/dns-traffic/lab-pihole-data.ts';
import { trafficSettings } from '../../pihole/simulator/settings.ts';

/** The lab AdGuard Home's admin login unless a scenario sets another. */
export const LAB_ADGUARD_USER = 'admin';
export const LAB_ADGUARD_PASSWORD = 'lab-adguard-password';

export const adguardSettings = z
  .object({
    model: z.string().default('AdGuard Home'),
    firmware: z.string().default('v0.107.57'),
    auth: z
      .object({
        enabled: z.boolean().default(true),
        username: z.string().min(1).default(LAB_ADGUARD_USER),
        password: z.string().min(1).optional(),
      })
      .strict()
      .default({ enabled: true, username: LAB_ADGUARD_USER }),
    traffic: trafficSettings.default({ clients: 'seed-home', historyHours: 24, seed: LAB_TRAFFIC_SEED }),
    /** The web interface's port (AdGuard Home's setup wizard proposes 80). */
    httpPort: z.number().int().min(1).max(65535).default(80),
  })
  .strict();

export type AdguardSettings = z.infer<typeof adguardSettings>;

import { z } from 'zod';
import { LAB_TRAFFIC_SEED } from '../../../lab/dns-traffic/lab-pihole-data.ts';

/** The lab Pi-hole's web password unless a scenario sets another (`auth.password`). */
export const LAB_PIHOLE_PASSWORD = 'lab-pihole-password';

/** Where a lab sinkhole's queries come from: the seed home's devices on the sinkhole's own /24, or nobody. */
export const trafficSettings = z
  .object({
    clients: z.enum(['seed-home', 'none']).default('seed-home'),
    /** Query history before the lab started; live traffic follows as time goes on. */
    historyHours: z
      .number()
      .min(0)
      .max(24 * 31)
      .default(24),
    seed: z.number().int().default(LAB_TRAFFIC_SEED),
  })
  .strict();

export const piholeSettings = z
  .object({
    model: z.string().default('Pi-hole'),
    /** FTL version the API reports. */
    firmware: z.string().default('v6.1.4'),
    auth: z
      .object({ enabled: z.boolean().default(true), password: z.string().min(1).optional() })
      .strict()
      .default({ enabled: true }),
    traffic: trafficSettings.default({ clients: 'seed-home', historyHours: 24, seed: LAB_TRAFFIC_SEED }),
    /** FTL's webserver.api.max_sessions: more concurrent logins get HTTP 429. */
    maxSessions: z.number().int().min(1).max(1000).default(16),
  })
  .strict();

export type PiholeSettings = z.infer<typeof piholeSettings>;

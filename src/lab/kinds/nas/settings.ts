import { z } from 'zod';

/**
 * Scenario settings of a home NAS that runs databases and a broker in containers, the way a hobbyist sets them
 * up: MongoDB and Redis bound to the LAN with no auth (what makes them "open"), an optional MQTT broker.
 */
export const nasSettings = z
  .object({
    model: z.string().default('DS920+'),
    /** DSM version string as the login page shows it. */
    firmware: z.string().default('7.2.1-69057 Update 5'),
    mongo: z
      .object({
        enabled: z.boolean().default(true),
        /** `security.authorization: enabled`: everything but the handshake needs a login. */
        auth: z.boolean().default(false),
        version: z.string().default('6.0.14'),
      })
      .strict()
      .default({ enabled: true, auth: false, version: '6.0.14' }),
    redis: z
      .object({
        enabled: z.boolean().default(true),
        /** `requirepass`; without it Redis answers everyone. */
        password: z.string().min(1).optional(),
        version: z.string().default('7.0.15'),
      })
      .strict()
      .default({ enabled: true, version: '7.0.15' }),
    mqtt: z
      .object({
        enabled: z.boolean().default(false),
        /** Mosquitto `allow_anonymous`. */
        anonymous: z.boolean().default(true),
        username: z.string().optional(),
        password: z.string().optional(),
        /** The Mosquitto release the broker reports in `$SYS/broker/version`. */
        version: z.string().default('2.0.11'),
        /** Mosquitto `sys_interval`: seconds between `$SYS` updates. */
        sysInterval: z.number().int().min(1).max(3600).default(10),
      })
      .strict()
      .default({ enabled: false, anonymous: true, version: '2.0.11', sysInterval: 10 }),
  })
  .strict();

export type NasSettings = z.infer<typeof nasSettings>;

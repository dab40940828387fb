import { z } from 'zod';

/**
 * A cheap no-name IP camera on the HiSilicon Hi3510/Hi3518 SDK firmware that OEMs sell under many brands and
 * scanners know by its `Server: Hipcam` header. Defaults are the factory state: web login admin/admin, telnet
 * on with the firmware's root password, RTSP without authentication.
 */
export const ipCameraSettings = z
  .object({
    model: z.string().default('C6F0SoZ3N0PnL2'),
    firmware: z.string().default('V9.1.4.1.16-20160722'),
    hwVersion: z.string().default('V1.0'),
    auth: z
      .object({
        enabled: z.boolean().default(true),
        username: z.string().default('admin'),
        password: z.string().default('admin'),
      })
      .strict()
      .default({ enabled: true, username: 'admin', password: 'admin' }),
    telnet: z
      .object({
        enabled: z.boolean().default(true),
        username: z.string().default('root'),
        /** The root password baked into the firmware image (listed in Mirai's table, USENIX Security 2017). */
        password: z.string().default('xmhdipc'),
      })
      .strict()
      .default({ enabled: true, username: 'root', password: 'xmhdipc' }),
    /** RTSP DESCRIBE requires the web credentials; off in the factory state, so anyone can watch. */
    rtspAuth: z.boolean().default(false),
  })
  .strict();

export type IpCameraSettings = z.infer<typeof ipCameraSettings>;

import { z } from 'zod';

/**
 * Devices that only talk to their vendor's cloud, so nothing local can be audited:
 * - `speaker`: a smart speaker with one HTTPS port that answers 403 to everyone;
 * - `echo`: an Amazon Echo. TCP 4070 is the Spotify Connect endpoint Echo speakers run (Spotify's ZeroConf API uses
 *   that port on speakers); 55442 and 55443 are the ports owners' scans of Echo devices report, named in issue 15. No
 *   citable capture of what answers there was found, so the lab serves TLS and 403 on all three, which is all a
 *   scanner without Amazon's keys sees;
 * - `baby-monitor`: a Nanit camera (a cloud baby monitor: the app reaches it through api.nanit.com). TCP 442 is its
 *   local TLS websocket (`wss://<camera>:442`, `Authorization: token …`, as the indiefan/nanit client shows);
 * - `tv`: older scenarios' Cast TV, now the `cast` family's simulator (kept as an alias).
 * Use `mac:` in a scenario to give a device its vendor's prefix (Amazon, Nanit); the kind's default is Google's.
 */
export const cloudDeviceSettings = z
  .object({
    profile: z.enum(['speaker', 'tv', 'echo', 'baby-monitor']).default('speaker'),
    model: z.string().optional(),
    firmware: z.string().optional(),
    /** These devices cannot be taken off their cloud; the setting exists so scenarios read alike. */
    cloud: z.boolean().default(true),
    /** Overrides the profile's TCP ports (an empty list: a device with no open port at all). */
    ports: z.array(z.number().int().min(1).max(65535)).optional(),
  })
  .strict();

export type CloudDeviceSettings = z.infer<typeof cloudDeviceSettings>;

export const PROFILE_DEFAULTS = {
  speaker: { model: 'Smart Speaker', firmware: '1.56.500000', ports: [8443] },
  tv: { model: 'Chromecast', firmware: '1.56.500000', ports: [8008, 8009, 8443] },
  echo: { model: 'Echo Dot', firmware: undefined, ports: [4070, 55442, 55443] },
  'baby-monitor': { model: 'Nanit Pro', firmware: undefined, ports: [442] },
} as const;

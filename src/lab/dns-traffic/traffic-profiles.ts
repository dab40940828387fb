import type { TrafficStream } from './traffic-model.ts';

/**
 * What each kind of lab device looks up. Host names are the real ones where a public source names them:
 * - Shelly: Gen1 `sntp.server` time.google.com and Gen2 `cloud.server` shelly-9-eu.shelly.cloud (fixtures shelly/gen1_*,
 *   shelly/rpc/shellyplugus/Shelly.GetConfig);
 * - Kasa/Tapo: `cnCloud.get_info.server` n-devs.tplinkcloud.com (fixtures kasa/iot/*) and the registration host
 *   n-deventry.tplinkcloud.com (python-kasa);
 * - Hue: ws.meethue.com (remote access) and discovery.meethue.com (developers.meethue.com, bridge discovery);
 * - Chromecast: Google's ad and analytics hosts, which a Pi-hole gravity list blocks;
 * - Echo: the Alexa Voice Service endpoint and Alexa API (Amazon AVS developer docs) and Amazon's device metrics host;
 * - Nanit baby monitor: api.nanit.com and the media relay media-secured.nanit.com (indiefan/nanit).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const timer = (domain: string, periodMs: number, extra: Partial<TrafficStream> = {}): TrafficStream => ({
  domain,
  periodMs,
  pattern: 'timer',
  ...extra,
});

const human = (domain: string, periodMs: number, extra: Partial<TrafficStream> = {}): TrafficStream => ({
  domain,
  periodMs,
  pattern: 'human',
  activeHours: [7, 23],
  types: ['A', 'AAAA'],
  ...extra,
});

/**
 * The host the garage-door Shelly looks up once a second although its cloud is off: an SNTP server that never
 * answers (a decommissioned NAS), so the firmware retries at once. The scenario's garage-door should carry the same
 * `sntp.server` so `iotwarden diff --peers` can name the setting. A reserved `.example` name (RFC 2606).
 */
export const GARAGE_DOOR_SNTP_HOST = 'ntp.old-nas.example';

export const PROFILES = {
  /** The one chatty device: the same name every second, nothing else. */
  garageDoor: [timer(GARAGE_DOOR_SNTP_HOST, 1000, { jitter: 0.02, fixedRate: true })],
  camera: [timer('time.windows.com', HOUR), timer('pool.ntp.org', 6 * HOUR)],
  nas: [
    timer('checkip.synology.com', 10 * MINUTE),
    timer('global.synologydownload.com', 6 * HOUR),
    timer('time.google.com', HOUR),
  ],
  speaker: [
    timer('clients3.google.com', 5 * MINUTE, { types: ['A', 'AAAA'] }),
    timer('www.googleapis.com', 10 * MINUTE, { types: ['A', 'AAAA'] }),
    timer('time.google.com', HOUR),
  ],
  /** The TV: trackers (blocked by gravity; the analytics host is retried every 10 s), its Google backend and CDN. */
  tv: [
    timer('app-measurement.com', 10_000, { status: 'GRAVITY' }),
    human('googleads.g.doubleclick.net', 4 * MINUTE, { status: 'GRAVITY', types: ['A'] }),
    human('www.google-analytics.com', 15 * MINUTE, { status: 'GRAVITY', types: ['A'] }),
    timer('clients3.google.com', 5 * MINUTE),
    human('redirector.gvt1.com', 10 * MINUTE, { types: ['A'] }),
    human('rr3---sn-4g5e6nsz.googlevideo.com', 2 * MINUTE, { activeHours: [18, 23] }),
  ],
  echo: [
    timer('avs-alexa-eu.amazon.com', 5 * MINUTE, { types: ['A', 'AAAA'] }),
    timer('api.amazonalexa.com', 15 * MINUTE),
    timer('device-metrics-us.amazon.com', 30 * MINUTE),
    timer('pool.ntp.org', HOUR),
  ],
  babyMonitor: [
    timer('api.nanit.com', 2 * MINUTE),
    timer('media-secured.nanit.com', 10 * MINUTE),
    timer('time.google.com', HOUR),
  ],
  phone: [
    human('www.google.com', 3 * MINUTE),
    human('graph.facebook.com', 6 * MINUTE),
    human('api.weather.com', 30 * MINUTE),
    human('googleads.g.doubleclick.net', 10 * MINUTE, { status: 'GRAVITY', types: ['A'] }),
    human('i.scdn.co', 8 * MINUTE),
    human('d1ffunuzi7v4ja.cloudfront.net', 20 * MINUTE),
    timer('time.apple.com', HOUR),
  ],
  laptop: [
    human('www.google.com', 2 * MINUTE),
    human('github.com', 10 * MINUTE),
    human('outlook.office365.com', 5 * MINUTE),
    human('e673.dsce9.akamaiedge.net', 15 * MINUTE),
    human('www.google-analytics.com', 20 * MINUTE, { status: 'GRAVITY', types: ['A'] }),
    timer('time.apple.com', HOUR),
  ],
} as const satisfies Record<string, readonly TrafficStream[]>;

export type ProfileName = keyof typeof PROFILES;

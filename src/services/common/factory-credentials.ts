/**
 * Documented factory credentials, by product line. iotwarden tries these only on a service it has identified as
 * that product line, at most {@link MAX_FACTORY_TRIES} pairs per service, and only when credential checks are on.
 * This is a table of facts with their sources, not a wordlist: a line is listed only with a fingerprint that
 * identifies it and pairs someone documented for it.
 */

export interface FactoryPair {
  username: string;
  password: string;
  /** Where the pair is documented. */
  source: string;
}

export interface ProductLine {
  id: string;
  /** Human name for reports. */
  name: string;
  vendor: string;
  /** `Server` header of the web UI. */
  httpServer?: RegExp;
  /** Realm of the web UI's Basic challenge. */
  httpRealm?: RegExp;
  /** `Server` header of the RTSP service. */
  rtspServer?: RegExp;
  /** Stream paths worth a DESCRIBE on this line. */
  rtspPaths?: string[];
  /** Web UI (HTTP Basic) factory pairs, in the order to try. */
  http?: FactoryPair[];
  /** Root login of the firmware's telnetd. */
  telnet?: FactoryPair[];
}

/** Never more than this many pairs against one service: enough for the documented defaults, never a guessing attack. */
export const MAX_FACTORY_TRIES = 3;

const MIRAI_PAPER =
  'Antonakakis et al., "Understanding the Mirai Botnet", USENIX Security 2017, Table 5 (Mirai default passwords by device type)';

export const PRODUCT_LINES: readonly ProductLine[] = [
  {
    id: 'hipcam',
    name: 'HiSilicon Hi3510/Hi3518 SDK IP camera ("Hipcam" firmware)',
    vendor: 'HiSilicon OEM',
    // Scanners fingerprint this firmware by `Server: Hipcam` on HTTP and `Hipcam RealServer/V1.0` on RTSP, with a
    // Basic challenge whose realm is "index.html".
    httpServer: /^Hipcam\b/i,
    httpRealm: /^index\.html$/i,
    rtspServer: /^Hipcam RealServer/i,
    rtspPaths: ['/11', '/12'],
    http: [
      {
        username: 'admin',
        password: 'admin',
        source:
          'The usual factory web login of no-name OEM IP cameras (e.g. SMC WIPCAM-G user manual, "Security": "default settings of ' +
          "Administrator's login name/password are admin/admin\"); also in Mirai's scanner table (" +
          MIRAI_PAPER +
          '). Weakest entry here: not confirmed by a manual of the Hipcam line itself.',
      },
      {
        username: 'admin',
        password: '',
        source:
          'HIP2P IP Camera Client User Manual §2.11 "User management": "The factory default administrator user name is admin and the password is blank."',
      },
    ],
    telnet: [
      {
        username: 'root',
        password: 'xmhdipc',
        source: `${MIRAI_PAPER}: "xmhdipc — Shenzhen Anran Camera" (HiSilicon/XM firmware)`,
      },
      { username: 'root', password: 'hi3518', source: `${MIRAI_PAPER}: "hi3518 — HiSilicon IP Camera"` },
      { username: 'root', password: 'klv123', source: `${MIRAI_PAPER}: "klv123 — HiSilicon IP Camera"` },
    ],
  },
];

/** The product line a web UI belongs to, from its `Server` header and Basic realm. */
export function productLineByHttp(server: string | undefined, realm: string | undefined): ProductLine | undefined {
  return PRODUCT_LINES.find(
    (line) =>
      (line.httpServer !== undefined && server !== undefined && line.httpServer.test(server)) ||
      (line.httpServer === undefined &&
        line.httpRealm !== undefined &&
        realm !== undefined &&
        line.httpRealm.test(realm)),
  );
}

export function productLineByRtsp(server: string | undefined): ProductLine | undefined {
  if (server === undefined) return undefined;
  return PRODUCT_LINES.find((line) => line.rtspServer?.test(server));
}

/** The pairs to try, capped; a line that documents none yields none. */
export function factoryPairs(line: ProductLine | undefined, service: 'http' | 'telnet'): FactoryPair[] {
  return (line?.[service] ?? []).slice(0, MAX_FACTORY_TRIES);
}

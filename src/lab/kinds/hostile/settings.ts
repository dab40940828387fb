import { z } from 'zod';

/**
 * The behaviours a hostile device can have (one line each in docs/lab-and-demo.md). Add new ones at the end:
 * scenarios and tests name them, so the list only grows (issue 8 asks for 20+).
 */
export const HOSTILE_BEHAVIORS = [
  'silent',
  'endless-body',
  'invalid-json',
  'reset',
  'evil-name',
  'deep-json',
  'kasa-missing-module',
  'slowloris',
  'gigabyte-body',
  'huge-header',
  'invalid-utf8',
  'control-chars',
  'redirect-host',
  'redirect-port',
  'mac-clone',
  'credential-trap',
  'digest-trap',
  'hue-key-trap',
  'identity-shift',
  'tls-cert-change',
  'garbage',
  'half-open',
  'trickle-chunked',
  'gzip-bomb',
  'wrong-content-length',
  'huge-discovery',
] as const;

export type HostileBehavior = (typeof HOSTILE_BEHAVIORS)[number];

/**
 * The device family a behaviour passes itself off as, served on that family's ports: its adapter is expected to
 * claim the device (and report it no cleaner than it is); every other family must not.
 */
export const HOSTILE_IMPERSONATES: Readonly<Record<HostileBehavior, string | undefined>> = {
  silent: undefined,
  'endless-body': undefined,
  'invalid-json': undefined,
  reset: undefined,
  'evil-name': 'shelly-gen1',
  'deep-json': 'shelly-gen1',
  'kasa-missing-module': 'kasa-legacy',
  slowloris: undefined,
  'gigabyte-body': undefined,
  'huge-header': undefined,
  'invalid-utf8': 'shelly-gen1',
  'control-chars': 'shelly-gen1',
  'redirect-host': undefined,
  'redirect-port': undefined,
  'mac-clone': 'shelly-gen1',
  'credential-trap': 'shelly-gen1',
  'digest-trap': 'shelly-gen2',
  'hue-key-trap': 'hue',
  'identity-shift': 'shelly-gen1',
  'tls-cert-change': 'hue',
  garbage: undefined,
  'half-open': undefined,
  'trickle-chunked': undefined,
  'gzip-bomb': undefined,
  'wrong-content-length': undefined,
  'huge-discovery': undefined,
};

/**
 * A device that misbehaves on purpose, to prove the scanner survives real-world firmware: hangs, floods,
 * garbage, resets, lies about who it is, and text built to break terminals and HTML reports.
 */
export const hostileSettings = z
  .object({
    behavior: z.enum(HOSTILE_BEHAVIORS).default('silent'),
    /**
     * The real TCP ports the behaviour is served on: port 80 speaks HTTP (or, for the behaviours that break HTTP
     * itself, raw bytes), 443 speaks HTTPS for 'tls-cert-change', every other port raw TCP. By default see
     * {@link hostilePorts}. An empty list is the hostile twin of a UDP-only family (LIFX): a host that opens no TCP
     * port at all.
     */
    ports: z.array(z.number().int().min(1).max(65535)).optional(),
    /**
     * Where 'redirect-host' and 'redirect-port' send the client: an absolute URL. By default another lab host
     * (127.77.255.254) for 'redirect-host' and port 8081 of the device itself for 'redirect-port'.
     */
    redirectTo: z.string().min(1).max(2048).optional(),
    /** The owner-set name a 'mac-clone' (or a trap) claims: the honest device's name it impersonates. */
    claimsName: z.string().min(1).max(256).optional(),
  })
  .strict();

export type HostileSettings = z.infer<typeof hostileSettings>;

/** Behaviours whose defaults open more than port 80. */
const DEFAULT_PORTS: Partial<Record<HostileBehavior, readonly number[]>> = {
  silent: [80, 9999, 23],
  'kasa-missing-module': [9999],
  'tls-cert-change': [80, 443],
  garbage: [80, 23, 554, 1883, 6053, 6668, 9999],
  'half-open': [80, 9999],
};

/** The ports a hostile device opens: the scenario's, or its behaviour's usual ones. */
export function hostilePorts(settings: HostileSettings): readonly number[] {
  if (settings.ports) return [...new Set(settings.ports)];
  return DEFAULT_PORTS[settings.behavior] ?? [80];
}

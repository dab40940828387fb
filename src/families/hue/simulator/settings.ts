import { z } from 'zod';

/** The application key a lab bridge accepts unless the scenario names one (40 characters, like real keys). */
export const DEFAULT_HUE_APP_KEY = 'iotwardenlabhueapplicationkey00000000000';

/**
 * Scenario settings of a simulated Hue bridge. `model` and `firmware` default to the fixture's bridge when a
 * CLIP v2 capture is given, else to a BSB002 on swversion 1967054020 (API 1.67.0).
 */
export const hueBridgeSettings = z
  .object({
    /** `modelid`: BSB001 (round v1 bridge), BSB002 (square v2 bridge), BSB003 (Bridge Pro). */
    model: z
      .string()
      .regex(/^BSB\d{3}$/, 'must be a Hue bridge model id such as BSB002')
      .optional(),
    /** `swversion`, e.g. 1967054020. */
    firmware: z
      .string()
      .regex(/^\d{6,12}$/, 'must be a Hue swversion such as 1967054020')
      .optional(),
    /** `apiversion`; derived from `firmware` when it has the 19xx form, else from the fixture or 1.67.0. */
    apiVersion: z
      .string()
      .regex(/^\d+\.\d+\.\d+$/)
      .optional(),
    /** The one application key (v1 "username", v2 `hue-application-key`) this bridge has on its whitelist. */
    apiKey: z.string().min(1).default(DEFAULT_HUE_APP_KEY),
    /** `swupdate2.autoinstall.on`. */
    autoUpdate: z.boolean().default(false),
    /**
     * Holds the link button down for the whole run, so POST /api creates application keys (a real press counts for
     * 30 s; `SimulatedHueBridge.pressLinkButton()` gives that).
     */
    linkButton: z.boolean().default(false),
    /**
     * A bridge firmware the bridge has downloaded and will install on request (or at its autoinstall time). Without
     * it, a bridge older than the lab's current release for its model has that release downloaded (see
     * {@link implicitUpdate}).
     */
    update: z
      .object({
        version: z.string().regex(/^\d{6,12}$/, 'must be a Hue swversion'),
        apiVersion: z
          .string()
          .regex(/^\d+\.\d+\.\d+$/)
          .optional(),
        durationMs: z.number().int().min(0).default(3000),
        outcome: z.enum(['ok', 'fail-midway', 'never-returns']).default('ok'),
      })
      .strict()
      .optional(),
  })
  .strict();

export type HueBridgeSettings = z.infer<typeof hueBridgeSettings>;
export type HueUpdate = NonNullable<HueBridgeSettings['update']>;

/**
 * The API version a swversion implies. Bridges of the 19xx line report `19<minor><build>` with API 1.<minor>.0
 * (1967054020 ↔ 1.67.0, as in the /api/config answers quoted in bridge issue reports); later lines do not
 * follow that pattern, so then the fallback is kept.
 */
export function apiVersionFor(swversion: string, fallback: string): string {
  const match = /^19(\d{2})\d{6}$/.exec(swversion);
  return match ? `1.${Number(match[1])}.0` : fallback;
}

/**
 * The newest bridge firmware the lab knows per model. Real bridges fetch and download updates by themselves
 * (swupdate2: the bridge checks the portal; `install` starts "all ready to install updates"), so a bridge that runs
 * older firmware has the current one waiting. BSB002 ends at the 19xx line the lab uses throughout (1967054020,
 * API 1.67.0); for the other models the lab knows no newer release than the one it runs.
 */
const CURRENT_RELEASES: Record<string, { version: string; apiVersion: string }> = {
  BSB002: { version: '1967054020', apiVersion: '1.67.0' },
};

/** The update a bridge on `swversion` has downloaded when its scenario names none: the current release, if newer. */
export function implicitUpdate(model: string, swversion: string): HueUpdate | undefined {
  const current = CURRENT_RELEASES[model];
  if (!current || !/^\d+$/.test(swversion) || Number(swversion) >= Number(current.version)) return undefined;
  return { version: current.version, apiVersion: current.apiVersion, durationMs: 3000, outcome: 'ok' };
}

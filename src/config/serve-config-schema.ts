/**
 * The `serve:` section of iotwarden.yaml: when the always-on process (`iotwarden serve`, and `iotwarden run`
 * without the web server) does its work. Patterns are croner patterns: minute hour day-of-month month weekday.
 *
 * ```yaml
 * serve:
 *   scan: "0 *\/6 * * *"          # rescan the configured networks (every 6 hours)
 *   dnsImport: "*\/5 * * * *"     # import new queries from dns.sources (every 5 minutes)
 *   firmwareCheck: "15 *\/6 * * *" # recompute firmware state and alert on held devices with a critical fix
 *   maintenance: "*\/5 * * * *"   # look for installs the policy allows inside the maintenance window
 * ```
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { SERVE_DEFAULTS } from './serve-defaults.ts';

/** A croner pattern, checked by croner itself so a typo is reported with its line, not at the first run. */
export const cronPatternSchema = z.string().superRefine((pattern, ctx) => {
  try {
    new Cron(pattern, { paused: true }).stop();
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `"${pattern}" is not a cron pattern (${error instanceof Error ? error.message : String(error)})`,
    });
  }
});

export { SERVE_DEFAULTS };

export const serveConfigSchema = z
  .object({
    scan: cronPatternSchema.default(SERVE_DEFAULTS.scan),
    dnsImport: cronPatternSchema.default(SERVE_DEFAULTS.dnsImport),
    firmwareCheck: cronPatternSchema.default(SERVE_DEFAULTS.firmwareCheck),
    maintenance: cronPatternSchema.default(SERVE_DEFAULTS.maintenance),
  })
  .strict();

export type ServeConfig = z.infer<typeof serveConfigSchema>;

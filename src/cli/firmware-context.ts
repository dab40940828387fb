/** The firmware session the firmware and catalogue commands run in; used by their implementations (`*-run.ts`) only. */
import type { FirmwareSession } from '../app/firmware/firmware-session.ts';
import { withFirmwareSession } from '../app/firmware/firmware-session.ts';
import { sanitizeText } from '../util/untrusted-text.ts';
import { readConfig, withStore } from './common-options.ts';
import type { CliDeps } from './deps.ts';

/** The flags every firmware and catalogue command takes. */
export interface StoreFlags {
  db?: string | undefined;
  config?: string | undefined;
}

/**
 * Opens the inventory (`--db`) with the firmware policy of `--config` and runs `work` in a firmware session; read
 * commands open it read-only. Warnings about stored catalogues that no longer verify go to stderr.
 */
export function withFirmware<T>(
  flags: StoreFlags,
  deps: CliDeps,
  access: 'read' | 'write',
  work: (session: FirmwareSession) => Promise<T>,
): Promise<T> {
  const config = readConfig(flags.config, deps);
  const readonly = access === 'read';
  return withStore(
    flags.db,
    deps,
    (store) =>
      withFirmwareSession(
        store,
        {
          config,
          readonly,
          nowMs: deps.clock.now(),
          actor: 'cli',
          onWarning: (message) => deps.err.write(`iotwarden: warning: ${sanitizeText(message)}\n`),
          ...(deps.trustedKeys ? { trustedKeys: deps.trustedKeys } : {}),
          ...(deps.bundled ? { bundled: deps.bundled } : {}),
        },
        work,
      ),
    { readonly },
  );
}

/** Piped output has no terminal width; firmware tables are wide, so give them room rather than truncate the answer. */
export const firmwareTableWidth = (deps: CliDeps): number => Math.min(deps.out.columns ?? 160, 200);

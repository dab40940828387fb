/**
 * What every firmware use case starts from: the inventory, its firmware tables, the catalogue in use and the policy
 * (iotwarden.yaml plus the stored holds). A writing session also records a changed `firmware:` policy in the audit
 * log first, so the log says under which policy each hold, release or catalogue update happened.
 */
import type { LoadedConfig } from '../../config/load-config.ts';
import type { FirmwareRepository } from '../../store/firmware-repository.ts';
import type { Store } from '../../store/index.ts';
import type { FirmwareCatalogue } from './catalogue.ts';
import { activeCatalogue } from './catalogue-load.ts';
import type { TrustedKey } from './catalogue-signature.ts';
import { auditPolicyChange } from './policy-audit.ts';
import { loadPolicy } from './policy-engine.ts';
import type { AuditActor, FirmwarePolicy } from './types.ts';

export interface FirmwareSession {
  store: Store;
  firmware: FirmwareRepository;
  catalogue: FirmwareCatalogue;
  policy: FirmwarePolicy;
  nowMs: number;
  actor: AuditActor;
}

export interface FirmwareSessionOptions {
  config: LoadedConfig;
  /** Read-only sessions neither write the audit log nor take a write lock. */
  readonly: boolean;
  nowMs: number;
  actor: AuditActor;
  /** Told about stored catalogues that no longer verify (and are skipped). */
  onWarning?: (message: string) => void;
  trustedKeys?: readonly TrustedKey[];
  bundled?: FirmwareCatalogue;
}

/** Loads the catalogue and the policy for `work`, on the store's one connection. */
export async function withFirmwareSession<T>(
  store: Store,
  options: FirmwareSessionOptions,
  work: (session: FirmwareSession) => Promise<T>,
): Promise<T> {
  const { firmware } = store;
  {
    const catalogue = await activeCatalogue(firmware, {
      ...(options.trustedKeys ? { trustedKeys: options.trustedKeys } : {}),
      ...(options.bundled ? { bundled: options.bundled } : {}),
      ...(options.onWarning ? { onWarning: options.onWarning } : {}),
    });
    const { config, file } = options.config;
    const policy = loadPolicy(config.firmware, await firmware.activeHolds());
    const { nowMs, actor } = options;
    if (!options.readonly) await auditPolicyChange(firmware, config.firmware, { actor, nowMs, file });
    return await work({ store, firmware, catalogue, policy, nowMs, actor });
  }
}

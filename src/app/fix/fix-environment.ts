/** What the fix engine needs from its caller (CLI, server, tests): no CLI types, no globals. */
import type { Credential, CredentialLookup, CredentialQuery } from '../../families/device-adapter.ts';
import type { PortResolver } from '../../net/port-overrides.ts';
import type { Store } from '../../store/index.ts';
import type { SecretsFile } from '../../store/secrets-file.ts';
import type { Clock } from '../../util/clock.ts';
import type { Logger } from '../../util/logger.ts';
import type { HostRescanner } from '../firmware/health-check.ts';

export interface FixEnvironment {
  store: Store;
  secrets: SecretsFile;
  /** The owner's configured credentials (iotwarden.yaml). */
  credentials: CredentialLookup;
  connectPort: () => PortResolver;
  /** Scans one host again for the identity and health checks; built from `credentials` when absent. */
  rescan?: (credentials: CredentialLookup) => HostRescanner;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
  /** Per request to a device. Default 5000. */
  requestTimeoutMs?: number;
  /** How long a change may take to show (a device that reboots to apply it). Default 30 s. */
  verifyWaitMs?: number;
  /** Between reads while waiting. Default 1000. */
  pollIntervalMs?: number;
  /** Who asked, for the audit log. */
  actor?: 'cli' | 'scheduler';
}

/** Secrets iotwarden set on devices, matched by the device's MAC, reported id or address. */
export function secretsLookup(secrets: SecretsFile): CredentialLookup {
  return (query: CredentialQuery): Credential | undefined => {
    const found = secrets
      .all()
      .find(
        (s) =>
          (s.family === undefined || s.family === query.family) &&
          ((s.mac !== undefined && s.mac === query.mac) ||
            (s.reportedId !== undefined && s.reportedId === query.deviceId) ||
            s.address === query.address),
      );
    return found ? { username: found.username, password: found.password } : undefined;
  };
}

/**
 * The credentials of a run: a password set during this run first, then the secrets file, then the owner's config.
 * `override` is how the engine hands a device its new password before the change is verified.
 */
export class RunCredentials {
  readonly #overrides = new Map<string, Credential>();
  readonly #secrets: CredentialLookup;
  readonly #config: CredentialLookup;

  constructor(config: CredentialLookup, secrets: SecretsFile) {
    this.#config = config;
    this.#secrets = secretsLookup(secrets);
  }

  readonly lookup: CredentialLookup = (query) =>
    this.#overrides.get(query.address) ?? this.#secrets(query) ?? this.#config(query);

  /** Lookups for one device with `credential` in front (the new password), everything else as the run has it. */
  withCredential(address: string, credential: Credential): CredentialLookup {
    return (query) => (query.address === address ? credential : this.lookup(query));
  }

  override(address: string, credential: Credential | undefined): void {
    if (credential) this.#overrides.set(address, credential);
    else this.#overrides.delete(address);
  }
}

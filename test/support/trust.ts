/**
 * Test support for issue 8 (credentials bound to identities): how tests let their own labs receive the credentials
 * they configure. A family-wide credential goes only to trusted devices, so a test either marks its credentials
 * trustOnFirstUse (one scan: each device is trusted and bound on first use; what the seed-home support does, as its
 * tests are about the home, not about trust) or trusts what a first scan found, as the owner does.
 */
import { type ScanResult, scanAndAudit } from '../../src/app/scan/scan-and-audit.ts';
import { trustAllNew } from '../../src/app/scan/trust-devices.ts';
import type { CredentialEntry } from '../../src/config/config-schema.ts';
import type { PortResolver } from '../../src/net/port-overrides.ts';
import { openStore } from '../../src/store/index.ts';
import { silentLogger } from '../../src/util/logger.ts';

/** The same credentials, each trusted on first use: every device of the lab that asks gets it and is bound to it. */
export function trustingOnFirstUse(entries: readonly CredentialEntry[]): CredentialEntry[] {
  return entries.map((entry) => ({ ...entry, trustOnFirstUse: true }));
}

/** Trusts every device first seen in the newest scan of `db`, as `iotwarden trust --all-new`; returns their ids. */
export async function trustAllNewIn(db: string): Promise<string[]> {
  const store = await openStore(db);
  try {
    return (await trustAllNew(store)).trusted.map((device) => device.deviceId);
  } finally {
    await store.close();
  }
}

/** A scan as the CLI runs it, into `db`, with the given credentials; impostors' ports through `resolvePort`. */
export function scanWith(options: {
  db: string;
  targets: string[];
  credentials: CredentialEntry[];
  resolvePort?: PortResolver;
  leaseFiles?: string[];
}): Promise<ScanResult> {
  return scanAndAudit({
    targets: options.targets,
    ports: 'default',
    allowLarge: false,
    credentialEntries: options.credentials,
    credentialChecks: true,
    leaseFiles: options.leaseFiles ?? [],
    connectTimeoutMs: undefined,
    requestTimeoutMs: 1500,
    connectConcurrency: undefined,
    db: options.db,
    ...(options.resolvePort ? { resolvePort: options.resolvePort } : {}),
    progress: undefined,
    log: silentLogger,
  });
}

import type { Credential, CredentialLookup, CredentialQuery } from '../families/device-adapter.ts';
import { selects } from '../families/index.ts';
import { normalizeMac } from '../net/mac.ts';
import type { CredentialEntry } from './config-schema.ts';

/**
 * Turns configured credential entries into the lookup adapters use. A device-specific entry (MAC, device id,
 * address) wins over a family-wide one. Secrets named by environment variable are read at lookup time only.
 */
export function credentialLookup(
  entries: ReadonlyArray<CredentialEntry>,
  env: NodeJS.ProcessEnv = process.env,
): CredentialLookup {
  return (query: CredentialQuery) => {
    const specific = entries.find((e) => matchesDevice(e, query));
    const entry =
      specific ??
      entries.find(
        (e) => e.family !== undefined && selects(e.family, query.family) && !e.address && !e.mac && !e.deviceId,
      );
    return entry ? toCredential(entry, env) : undefined;
  };
}

function matchesDevice(entry: CredentialEntry, query: CredentialQuery): boolean {
  if (entry.family && !selects(entry.family, query.family)) return false;
  if (entry.mac && query.mac && normalizeMac(entry.mac) === normalizeMac(query.mac)) return true;
  if (entry.deviceId && query.deviceId && entry.deviceId === query.deviceId) return true;
  return entry.address !== undefined && entry.address === query.address;
}

function toCredential(entry: CredentialEntry, env: NodeJS.ProcessEnv): Credential {
  const credential: Credential = {};
  if (entry.username !== undefined) credential.username = entry.username;
  const password = entry.password ?? (entry.passwordEnv ? env[entry.passwordEnv] : undefined);
  if (password !== undefined) credential.password = password;
  const apiKey = entry.apiKey ?? (entry.apiKeyEnv ? env[entry.apiKeyEnv] : undefined);
  if (apiKey !== undefined) credential.apiKey = apiKey;
  return credential;
}

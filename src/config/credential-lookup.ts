import type { Credential, CredentialLookup, CredentialQuery } from '../families/device-adapter.ts';
import { selects } from '../families/index.ts';
import { normalizeMac } from '../net/mac.ts';
import type { CredentialEntry } from './config-schema.ts';

/** The configured entry that answers a query, and whether it names one device or a whole family. */
export interface CredentialMatch {
  entry: CredentialEntry;
  /** `device`: the entry names this device (address, MAC or device id); `family`: it covers the whole family. */
  scope: 'device' | 'family';
  /** How the entry names what it covers, for messages: `shelly`, `mac 34:94:54:…`, `address 192.168.20.40`. */
  label: string;
  credential: Credential;
}

/**
 * The entry a device would get, before any trust decision: a device-specific entry (MAC, device id, address) wins
 * over a family-wide one. Secrets named by environment variable are read at lookup time only.
 */
export function matchCredential(
  entries: ReadonlyArray<CredentialEntry>,
  query: CredentialQuery,
  env: NodeJS.ProcessEnv = process.env,
): CredentialMatch | undefined {
  const specific = entries.find((e) => matchesDevice(e, query));
  if (specific)
    return { entry: specific, scope: 'device', label: deviceLabel(specific), credential: toCredential(specific, env) };
  const family = entries.find(
    (e) => e.family !== undefined && selects(e.family, query.family) && !e.address && !e.mac && !e.deviceId,
  );
  return family
    ? { entry: family, scope: 'family', label: family.family ?? query.family, credential: toCredential(family, env) }
    : undefined;
}

/**
 * Turns configured credential entries into a plain lookup, with no trust decision. Scans never use it: they wrap the
 * entries in the trust gate (app/scan/credential-gate.ts), which knows the bindings and what each host presented.
 */
export function credentialLookup(
  entries: ReadonlyArray<CredentialEntry>,
  env: NodeJS.ProcessEnv = process.env,
): CredentialLookup {
  return (query: CredentialQuery) => matchCredential(entries, query, env)?.credential;
}

function matchesDevice(entry: CredentialEntry, query: CredentialQuery): boolean {
  if (entry.family && !selects(entry.family, query.family)) return false;
  if (entry.mac && query.mac && normalizeMac(entry.mac) === normalizeMac(query.mac)) return true;
  if (entry.deviceId && query.deviceId && entry.deviceId === query.deviceId) return true;
  return entry.address !== undefined && entry.address === query.address;
}

function deviceLabel(entry: CredentialEntry): string {
  if (entry.mac) return `mac ${normalizeMac(entry.mac) ?? entry.mac}`;
  if (entry.deviceId) return `device id ${entry.deviceId}`;
  return `address ${entry.address ?? '?'}`;
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

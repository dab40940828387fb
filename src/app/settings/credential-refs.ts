/**
 * Where each credential iotwarden may use comes from, without the credential: for every secret the config refers to,
 * the environment variable's NAME and whether it is set now (never its value, length or prefix), or that the secret
 * sits in iotwarden.yaml itself; and the device ids the secrets file beside the database holds passwords for.
 */
import { existsSync } from 'node:fs';
import type { CredentialEntry, IotwardenConfig } from '../../config/config-schema.ts';
import { IotwardenError } from '../../errors/index.ts';
import { SecretsFile, secretsFileFor } from '../../store/secrets-file.ts';

/** One secret, by reference. */
export interface SecretRef {
  /** What it is: `password`, `apiKey`, `token`, `secret`. */
  field: string;
  /** `env`: named by an environment variable; `config-file`: written into iotwarden.yaml itself. */
  source: 'env' | 'config-file';
  /** The variable's name when `source` is `env`. */
  env: string | null;
  /** Whether the variable is set (non-empty) in serve's environment now; always true for `config-file`. */
  set: boolean;
}

/** One `credentials:` entry: what it applies to, how it is trusted, and its secrets by reference. */
export interface CredentialEntryRef {
  /** Its position under `credentials:` (0-based), so the owner finds it in the file. */
  index: number;
  appliesTo: { by: 'family' | 'address' | 'mac' | 'deviceId'; value: string };
  trustOnFirstUse: boolean;
  hasUsername: boolean;
  secrets: SecretRef[];
}

/** A secret another part of the config refers to (Home Assistant, MQTT, UniFi, DNS sources, notification targets). */
export interface ServiceSecretRef {
  /** Where it is in iotwarden.yaml: `homeAssistant.tokenEnv`, `notifications.targets[phone].secretEnv`. */
  key: string;
  what: string;
  secret: SecretRef;
}

/** The passwords `fix apply` generated, by device id: the file's keys only. */
export interface SecretsFileRef {
  file: string;
  exists: boolean;
  devices: Array<{ deviceId: string; address: string; family: string | null; set: boolean }>;
  /** Why the file could not be read, when it could not (it is left as it is). */
  problem: string | null;
}

export interface CredentialRefs {
  entries: CredentialEntryRef[];
  services: ServiceSecretRef[];
  secretsFile: SecretsFileRef | null;
}

const isSet = (env: NodeJS.ProcessEnv, name: string): boolean => (env[name] ?? '') !== '';

function envRef(field: string, name: string, env: NodeJS.ProcessEnv): SecretRef {
  return { field, source: 'env', env: name, set: isSet(env, name) };
}

const inFile = (field: string): SecretRef => ({ field, source: 'config-file', env: null, set: true });

function entryRef(entry: CredentialEntry, index: number, env: NodeJS.ProcessEnv): CredentialEntryRef {
  const appliesTo: CredentialEntryRef['appliesTo'] = entry.family
    ? { by: 'family', value: entry.family }
    : entry.deviceId
      ? { by: 'deviceId', value: entry.deviceId }
      : entry.mac
        ? { by: 'mac', value: entry.mac }
        : { by: 'address', value: entry.address ?? '' };
  const secrets: SecretRef[] = [];
  if (entry.passwordEnv) secrets.push(envRef('password', entry.passwordEnv, env));
  else if (entry.password !== undefined) secrets.push(inFile('password'));
  if (entry.apiKeyEnv) secrets.push(envRef('apiKey', entry.apiKeyEnv, env));
  else if (entry.apiKey !== undefined) secrets.push(inFile('apiKey'));
  return {
    index,
    appliesTo,
    trustOnFirstUse: entry.trustOnFirstUse === true,
    hasUsername: entry.username !== undefined,
    secrets,
  };
}

function serviceRefs(config: IotwardenConfig, env: NodeJS.ProcessEnv): ServiceSecretRef[] {
  const refs: ServiceSecretRef[] = [];
  const add = (key: string, what: string, secret: SecretRef) => refs.push({ key, what, secret });
  const ha = config.homeAssistant;
  if (ha?.tokenEnv) add('homeAssistant.tokenEnv', 'Home Assistant access token', envRef('token', ha.tokenEnv, env));
  if (ha?.mqtt?.passwordEnv)
    add('homeAssistant.mqtt.passwordEnv', 'MQTT broker password', envRef('password', ha.mqtt.passwordEnv, env));
  const unifi = config.sources.unifi;
  if (unifi) add('sources.unifi.passwordEnv', 'UniFi controller password', envRef('password', unifi.passwordEnv, env));
  config.dns.sources.forEach((source, i) => {
    if (source.kind !== 'pihole-api' && source.kind !== 'adguard-api') return;
    const what = `${source.kind === 'pihole-api' ? 'Pi-hole' : 'AdGuard Home'} password`;
    if (source.passwordEnv) add(`dns.sources[${i}].passwordEnv`, what, envRef('password', source.passwordEnv, env));
    else if (source.password !== undefined) add(`dns.sources[${i}].password`, what, inFile('password'));
  });
  for (const target of config.notifications.targets) {
    const at = `notifications.targets[${target.name}]`;
    if (target.kind === 'webhook')
      add(`${at}.secretEnv`, 'webhook signing secret', envRef('secret', target.secretEnv, env));
    else if (target.tokenEnv) add(`${at}.tokenEnv`, 'ntfy access token', envRef('token', target.tokenEnv, env));
  }
  return refs;
}

/** The secrets file's device ids (and the address each had), read without keeping a password. */
function secretsFileRef(dbFile: string): SecretsFileRef {
  const file = secretsFileFor(dbFile);
  if (!existsSync(file)) return { file, exists: false, devices: [], problem: null };
  try {
    const devices = new SecretsFile(file).all().map((secret) => ({
      deviceId: secret.deviceId,
      address: secret.address,
      family: secret.family ?? null,
      set: secret.password !== '',
    }));
    return { file, exists: true, devices, problem: null };
  } catch (error) {
    const problem = error instanceof IotwardenError ? error.message : 'it cannot be read';
    return { file, exists: true, devices: [], problem };
  }
}

/** Every secret the config and the secrets file refer to, by reference only. */
export function credentialRefs(config: IotwardenConfig, env: NodeJS.ProcessEnv, dbFile: string | undefined) {
  return {
    entries: config.credentials.map((entry, index) => entryRef(entry, index, env)),
    services: serviceRefs(config, env),
    secretsFile: dbFile === undefined ? null : secretsFileRef(dbFile),
  } satisfies CredentialRefs;
}

/**
 * Passwords `fix apply` generated, as credential entries for the scanner: after iotwarden puts a login on a device,
 * the next scan still reads it (issue 13). Device-specific entries, so they win over a family-wide one.
 */
import type { CredentialEntry } from '../../config/config-schema.ts';
import { SecretsFile, secretsFileFor } from '../../store/secrets-file.ts';

export function secretCredentialEntries(dbFile: string): CredentialEntry[] {
  return new SecretsFile(secretsFileFor(dbFile)).all().map((secret) => ({
    ...(secret.mac ? { mac: secret.mac } : {}),
    ...(secret.reportedId ? { deviceId: secret.reportedId } : {}),
    address: secret.address,
    username: secret.username,
    password: secret.password,
  }));
}

/**
 * Where a new device password comes from (issue 13): the owner's configured credential for the device (a password,
 * `passwordEnv`), a password iotwarden generated earlier for it and kept in the secrets file (a run killed between
 * storing and setting it), or a new one: 24 characters from 18 random bytes (144 bits), within every family's
 * limit (Shelly Gen1 takes 1 to 50).
 */
import { randomBytes } from 'node:crypto';
import type { Credential, CredentialLookup } from '../../families/device-adapter.ts';
import type { InstallDevice } from '../../families/installer.ts';
import type { SecretsFile } from '../../store/secrets-file.ts';

export type PasswordSource = 'configured' | 'stored' | 'generated';

export interface NewPassword {
  credential: Credential & { username: string; password: string };
  source: PasswordSource;
}

export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

export function choosePassword(
  device: InstallDevice,
  deviceId: string,
  username: string,
  config: CredentialLookup,
  secrets: SecretsFile,
): NewPassword {
  const { facts } = device;
  const configured = config({
    family: facts.family,
    address: device.address,
    ...(facts.mac ? { mac: facts.mac } : {}),
    ...(facts.deviceId ? { deviceId: facts.deviceId } : {}),
  });
  if (configured?.password) {
    return {
      credential: { username: configured.username ?? username, password: configured.password },
      source: 'configured',
    };
  }
  const stored = secrets.get(deviceId);
  if (stored) return { credential: { username: stored.username, password: stored.password }, source: 'stored' };
  return { credential: { username, password: generatePassword() }, source: 'generated' };
}

/** How a result names where the password is, without ever showing it. */
export function passwordNote(source: PasswordSource, deviceRef: string): string {
  return source === 'configured'
    ? 'the password is the one configured for it in iotwarden.yaml'
    : `the password is in the secrets file (iotwarden secrets show ${deviceRef})`;
}

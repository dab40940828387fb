import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import { credentialFor, type InstallContext, type InstallDevice } from '../installer.ts';
import { AesClient } from './aes-client.ts';
import { KASA_KNOWN_CREDENTIALS } from './default-credentials.ts';
import { KlapClient, klapHandshake1, matchKlapCredential } from './klap-client.ts';
import type { KlapVersion } from './klap-crypto.ts';
import type { JsonRequester } from './read.ts';
import { type Account, AES_FALLBACKS } from './transport.ts';

/** The management API's real port: discovery's `http_port` is 80 on every plug, bulb, strip and hub capture. */
export const KASA_SMART_PORT = 80;

/** A logged-in session for one read, and what it speaks. */
export interface OwnerSession {
  request: JsonRequester;
  /** `KLAP` or `AES`, for evidence. */
  via: string;
  /** Legacy IOT.* models that moved to KLAP keep the legacy JSON inside the session (KLAP v1 hashes). */
  legacyJson: boolean;
}

/**
 * The accounts a read may use: the owner's, as the trust gate hands it out (the same lookup the adapter and the
 * installers use); the well-known accounts only when the last scan proved the device takes one
 * (`auth.state` none: blank or factory credentials, public values and no owner's secret), after the owner's.
 */
function accountsFor(device: InstallDevice, context: InstallContext, wellKnown: readonly Account[]): Account[] {
  const credential = credentialFor(device, context);
  const owner =
    credential?.username !== undefined && credential.password !== undefined
      ? [{ username: credential.username, password: credential.password }]
      : [];
  return device.facts.auth.state === 'none' ? [...owner, ...wellKnown] : owner;
}

function noAccount(host: string, port: number): DeviceAuthError {
  return new DeviceAuthError(
    { host, port },
    "reading its control state needs the owner's TP-Link account (credentials, family kasa-smart, username and password)",
  );
}

/**
 * KLAP: handshake1 needs no credentials, and its server hash says which account the device is bound to, so the
 * account is checked here first and goes (as a seeded hash) only to a device that proved it holds the same one.
 * The hash also tells the generation: v2 (SHA-256) for SMART.* devices, v1 (MD5) for legacy models on KLAP
 * (python-kasa klaptransport.py, KlapTransportV2).
 */
async function openKlapSession(device: InstallDevice, port: number, context: InstallContext): Promise<OwnerSession> {
  const host = device.address;
  const accounts = accountsFor(device, context, KASA_KNOWN_CREDENTIALS);
  if (accounts.length === 0) throw noAccount(host, port);
  const handshake = await klapHandshake1(host, port, context);
  for (const version of [2, 1] as const satisfies readonly KlapVersion[]) {
    const account = matchKlapCredential(version, handshake, accounts);
    if (!account) continue;
    const client = await KlapClient.connect(host, port, version, account, context, handshake);
    return { request: (json) => client.request(json), via: 'KLAP', legacyJson: version === 1 };
  }
  throw new DeviceAuthError(
    { host, port },
    'the device is bound to another TP-Link account than the configured one (KLAP handshake1 hash); nothing was sent',
  );
}

/**
 * AES securePassthrough: login_device with the account. Discovery's `lv` is not kept in the facts, so the
 * SHA-1-only login of version 2 goes first and version 1 (base64 of the password) only when that is refused.
 */
async function openAesSession(device: InstallDevice, port: number, context: InstallContext): Promise<OwnerSession> {
  const host = device.address;
  const accounts = accountsFor(device, context, AES_FALLBACKS);
  if (accounts.length === 0) throw noAccount(host, port);
  for (const account of accounts) {
    for (const loginVersion of [2, 1]) {
      try {
        const client = await AesClient.connect(host, port, account, loginVersion, context);
        return { request: (json) => client.request(json), via: 'AES', legacyJson: false };
      } catch (error) {
        if (!(error instanceof DeviceAuthError)) throw error;
      }
    }
  }
  throw new DeviceAuthError({ host, port }, 'login_device refused the configured TP-Link account');
}

/** A session with the owner's account over the transport the last scan found (KLAP or AES). */
export async function openOwnerSession(device: InstallDevice, context: InstallContext): Promise<OwnerSession> {
  const port = device.connectPort(KASA_SMART_PORT);
  const { protocols } = device.facts;
  if (protocols.includes('klap')) return openKlapSession(device, port, context);
  if (protocols.includes('aes')) return openAesSession(device, port, context);
  throw new ProtocolError(
    { host: device.address, port },
    protocols.includes('tpap')
      ? 'this firmware speaks only TPAP, which iotwarden does not implement: its control state cannot be read'
      : 'the last scan found neither KLAP nor AES on this device: scan it again first',
  );
}

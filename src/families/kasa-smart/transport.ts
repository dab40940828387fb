import type { ProbeContext } from '../device-adapter.ts';
import type { DeviceFacts, Evidence } from '../facts.ts';
import { AesClient, aesHandshake } from './aes-client.ts';
import { KASA_KNOWN_CREDENTIALS, type KasaKnownCredential } from './default-credentials.ts';
import { KlapClient, klapHandshake1, matchKlapCredential } from './klap-client.ts';
import type { JsonRequester } from './read.ts';
import { type DiscoveryResult, loginVersionOf } from './schema.ts';

/**
 * Getting a session with a Kasa/Tapo device: KLAP or AES over HTTP, as discovery names it (python-kasa
 * klaptransport.py, aestransport.py). The protocol clients are klap-client.ts and aes-client.ts; this file decides
 * which account to use and what a successful login proves.
 */

/** AES devices get at most these well-known attempts: python-kasa itself falls back to them (aestransport.py). */
export const AES_FALLBACKS = KASA_KNOWN_CREDENTIALS.filter((c) => c.username === '' || c.username.startsWith('test@'));

/** A TP-Link account: the owner's, or a well-known one a device may still accept. */
export type Account = { username: string; password: string };

/**
 * Opens a KLAP session (handshake1, the credential that matches the server's hash, handshake2). Returns undefined
 * when no usable account matches; records the handshake as auth evidence, and a well-known account that matched as
 * "no effective login".
 */
export async function openKlap(
  host: string,
  port: number,
  result: DiscoveryResult,
  configured: Account | undefined,
  facts: DeviceFacts,
  context: ProbeContext,
): Promise<JsonRequester | undefined> {
  // IOT.* devices that moved to KLAP use the MD5-based v1 hashes, SMART.* the SHA-based v2 (python-kasa device_factory).
  const version = isIotDevice(result) ? 1 : 2;
  const handshake = await klapHandshake1(host, port, context);
  facts.auth = { state: 'required', evidence: handshake.evidence };
  let account: Account | undefined = configured && matchKlapCredential(version, handshake, [configured]);
  if (!account && context.credentialChecks) {
    // Checked locally against the server hash: no credential is sent to the device.
    const known = matchKlapCredential(version, handshake, KASA_KNOWN_CREDENTIALS);
    if (known) {
      markOpen(facts, {
        ...handshake.evidence,
        received: `${handshake.evidence.received}; server hash matches ${known.label}`,
      });
      account = known;
    }
  }
  if (!account) return undefined;
  const client = await KlapClient.connect(host, port, version, account, context, handshake);
  return (request) => client.request(request);
}

/**
 * Opens an AES (securePassthrough) session: the RSA handshake, then a login with the owner's account or, when
 * credential checks are on, the well-known fallbacks. Returns undefined when no login is accepted.
 */
export async function openAes(
  host: string,
  port: number,
  result: DiscoveryResult,
  configured: Account | undefined,
  facts: DeviceFacts,
  context: ProbeContext,
): Promise<JsonRequester | undefined> {
  const handshake = await aesHandshake(host, port, context);
  facts.auth = { state: 'required', evidence: handshake.evidence };
  const loginVersion = loginVersionOf(result);
  const attempts: Array<Account & { label?: string }> = [
    ...(configured ? [configured] : []),
    ...(context.credentialChecks ? AES_FALLBACKS : []),
  ];
  for (const account of attempts) {
    try {
      const client = await AesClient.connect(host, port, account, loginVersion, context);
      if (account !== configured) {
        const known = account as KasaKnownCredential;
        markOpen(facts, {
          sent: `POST http://${host}:${port}/app securePassthrough login_device (${known.label})`,
          received: '200 login accepted, token issued',
        });
      }
      return (request) => client.request(request);
    } catch (error) {
      context.log.debug({ err: error, host }, 'kasa AES login attempt refused');
    }
  }
  return undefined;
}

/**
 * A device that takes blank or factory credentials has no effective authentication: anyone on the network can
 * control it. The evidence names which well-known pair worked, never its values.
 */
function markOpen(facts: DeviceFacts, evidence: Evidence): void {
  facts.auth = { state: 'none', evidence };
}

/** IOT.* devices keep the legacy JSON inside KLAP; SMART.* devices speak the SMART methods. */
export function isIotDevice(result: DiscoveryResult): boolean {
  return typeof result.device_type === 'string' && result.device_type.startsWith('IOT.');
}

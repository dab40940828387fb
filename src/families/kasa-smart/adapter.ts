import { jsonPreview } from '../../util/bounded-json.ts';
import type { Credential, DeviceAdapter, Identity, ProbeContext, ProbeTarget } from '../device-adapter.ts';
import { type DeviceFacts, type Evidence, emptyDeviceFacts } from '../facts.ts';
import { tplinkSmartUdpProbe } from '../tplink/discovery.ts';
import { AesClient, aesHandshake } from './aes-client.ts';
import { KASA_KNOWN_CREDENTIALS, type KasaKnownCredential } from './default-credentials.ts';
import {
  applyDiscovery,
  type DiscoveryResult,
  discoveryResultOf,
  encryptionOf,
  isSmartCam,
  loginVersionOf,
  managementPort,
} from './discovery-facts.ts';
import { KlapClient, klapHandshake1, matchKlapCredential } from './klap-client.ts';
import { type JsonRequester, readIotOverKlap, readSmart } from './read.ts';

/**
 * Newer Kasa/Tapo devices (and legacy plugs after the KLAP firmware): identified from their UDP 20002 discovery answer
 * without any credentials. Their API needs the owner's TP-Link account; with it (or when the device accepts blank or
 * factory credentials, checked only when credential checks are on) the adapter reads firmware, auto-update and cloud.
 */
const NEEDS_CREDENTIALS = 'needs TP-Link cloud credentials to read firmware';
/** AES devices get at most these attempts: python-kasa itself falls back to them (aestransport.py). */
const AES_FALLBACKS = KASA_KNOWN_CREDENTIALS.filter((c) => c.username === '' || c.username.startsWith('test@'));

/** Identifies by UDP 20002 discovery; inspects over KLAP or AES when an account (or a well-known one) works. */
export const kasaSmartAdapter: DeviceAdapter = {
  family: 'kasa-smart',

  async identify(target: ProbeTarget): Promise<Identity | undefined> {
    const result = discoveryResultOf(target.udp.answers[tplinkSmartUdpProbe.name]);
    if (!result) return undefined;
    const evidence = { sent: 'UDP 20002 TDP discovery probe', received: jsonPreview(withoutSecrets(result), 300) };
    // Discovery alone names model, ids and transport; the API behind it always asks for the owner's account.
    const facts = emptyDeviceFacts('kasa-smart', 'TP-Link');
    applyDiscovery(facts, result);
    facts.auth = { state: 'required', evidence };
    return {
      family: 'kasa-smart',
      vendor: 'TP-Link',
      model: result.device_model as string,
      evidence,
      data: result,
      facts,
    };
  },

  async inspect(target: ProbeTarget, found: Identity, context: ProbeContext): Promise<DeviceFacts> {
    const result = found.data as DiscoveryResult;
    const { facts } = found;
    const encryption = encryptionOf(result);
    if (isSmartCam(result) || !encryption) {
      facts.limitations.push(
        isSmartCam(result)
          ? "the camera's HTTPS API needs the owner's password; only discovery was read"
          : 'discovery names no known transport (KLAP or AES)',
      );
      return facts;
    }
    const port = target.connectPort(managementPort(result));
    const configured = usable(context.credentials({ family: 'kasa-smart', address: target.address, ...ids(facts) }));
    try {
      const session =
        encryption === 'KLAP'
          ? await openKlap(target.address, port, result, configured, facts, context)
          : await openAes(target.address, port, result, configured, facts, context);
      if (!session) {
        facts.limitations.push(
          configured ? 'the configured TP-Link account was refused by the device' : NEEDS_CREDENTIALS,
        );
        return facts;
      }
      const via = `${encryption} POST http://${target.address}:${port}/app`;
      if (isIotDevice(result)) await readIotOverKlap(facts, session, via);
      else await readSmart(facts, session, via);
    } catch (error) {
      facts.limitations.push(`could not read the device over ${encryption}: ${(error as Error).message}`);
    }
    return facts;
  },
};

type Account = { username: string; password: string };

async function openKlap(
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

async function openAes(
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

function isIotDevice(result: DiscoveryResult): boolean {
  return typeof result.device_type === 'string' && result.device_type.startsWith('IOT.');
}

function usable(credential: Credential | undefined): Account | undefined {
  return credential?.username !== undefined && credential.password !== undefined
    ? { username: credential.username, password: credential.password }
    : undefined;
}

function ids(facts: DeviceFacts): { mac?: string; deviceId?: string } {
  return { ...(facts.mac ? { mac: facts.mac } : {}), ...(facts.deviceId ? { deviceId: facts.deviceId } : {}) };
}

/** Discovery evidence without the camera's decrypted private block (SSID, owner). */
function withoutSecrets(result: DiscoveryResult): DiscoveryResult {
  const { decrypted_data: _hidden, ...rest } = result;
  return rest;
}

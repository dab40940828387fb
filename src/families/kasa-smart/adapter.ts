import { jsonPreview } from '../../util/bounded-json.ts';
import type { Credential, DeviceAdapter, Identity, ProbeContext, ProbeTarget } from '../device-adapter.ts';
import { type DeviceFacts, emptyDeviceFacts } from '../facts.ts';
import { tplinkSmartUdpProbe } from '../tplink/discovery.ts';
import { readIotOverKlap, readSmart } from './read.ts';
import {
  applyDiscovery,
  type DiscoveryResult,
  discoveryResultOf,
  encryptionOf,
  isSmartCam,
  managementPort,
} from './schema.ts';
import { tpapDiscover } from './tpap.ts';
import { type Account, isIotDevice, openAes, openKlap } from './transport.ts';

/**
 * Newer Kasa/Tapo devices (and legacy plugs after the KLAP firmware): identified from their UDP 20002 discovery answer
 * without any credentials. Their API needs the owner's TP-Link account; with it (or when the device accepts blank or
 * factory credentials, checked only when credential checks are on) the adapter reads firmware, auto-update and cloud.
 */
const NEEDS_CREDENTIALS = 'needs TP-Link cloud credentials to read firmware';

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
      const tpap = encryption === 'KLAP' && (await tpapInstead(target.address, port, error, context));
      if (tpap) {
        // Discovery still says KLAP; the device refused it and answered TPAP's discover instead.
        facts.protocols = [...facts.protocols.filter((tag) => tag !== 'klap'), 'tpap'];
        facts.auth = { state: 'required', evidence: tpap.evidence };
        facts.limitations.push(TPAP_LIMITATION);
      } else {
        facts.limitations.push(`could not read the device over ${encryption}: ${(error as Error).message}`);
      }
    }
    return facts;
  },
};

/**
 * Newer Tapo firmware refuses KLAP and speaks TPAP; its discovery answer still says KLAP (python-kasa
 * `tpaptransport.py`; TPAP is not announced in discovery), so this is found only when handshake1 is refused.
 * Turning on Third-Party Compatibility in the Tapo app switches some of these devices back to KLAP (tapo crate's
 * `unsupported_tpap` error text).
 */
const TPAP_LIMITATION =
  "this firmware refuses KLAP and speaks TPAP (TP-Link's SPAKE2+ login on newer Tapo firmware), which iotwarden does not implement yet: firmware and settings not read. The Tapo app shows them; turning on Third-Party Compatibility in the Tapo app (Me > Third-Party Services) switches some devices back to KLAP";

/** After a KLAP handshake1 refused with 403: the device's TPAP capabilities, if it answers TPAP's discover. */
async function tpapInstead(host: string, port: number, error: unknown, context: ProbeContext) {
  if (!(error instanceof Error) || !/handshake1 answered 403\b/.test(error.message)) return undefined;
  return tpapDiscover({ host, port, timeoutMs: context.timeoutMs, maxBytes: context.maxBytes, signal: context.signal });
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

import { DeviceAuthError, DeviceTimeoutError, ProtocolError } from '../../errors/index.ts';
import type { DeviceAdapter, Identity, ProbeContext, ProbeTarget } from '../device-adapter.ts';
import { type DeviceFacts, type Evidence, emptyDeviceFacts, type ProtocolTag } from '../facts.ts';
import { TUYA_PROBE_NAMES, type TuyaDiscoveryAnswer } from './discovery.ts';
import type { TuyaVersion } from './schema.ts';
import { readTuyaStatus, TUYA_TCP_PORT } from './transport.ts';

/** The beacon discovery heard from this host (any of the three probes). */
export function tuyaAnswer(target: Pick<ProbeTarget, 'udp'>): TuyaDiscoveryAnswer | undefined {
  for (const name of TUYA_PROBE_NAMES) {
    const answer = target.udp.answers[name] as TuyaDiscoveryAnswer | undefined;
    if (answer?.beacon?.gwId) return answer;
  }
  return undefined;
}

/** 3.2 behaves as 3.3 (tinytuya PROTOCOL.md "Version 3.2"). */
function protocolTag(version: TuyaVersion): ProtocolTag {
  if (version === '3.1') return 'tuya-3.1';
  if (version === '3.4') return 'tuya-3.4';
  if (version === '3.5') return 'tuya-3.5';
  return 'tuya-3.3';
}

/**
 * Tuya devices on the local protocol. Identity comes from their discovery beacon: the device id (`gwId`), the
 * product key and the protocol version; the local protocol tells no model name or firmware version (both live in
 * the Tuya cloud). With the device's local key from config (credentials: family `tuya`, `deviceId` the gwId,
 * `apiKey` the local key) the status is read over TCP 6668; 3.1 devices answer status without any key.
 */
export const tuyaAdapter: DeviceAdapter = {
  family: 'tuya',

  async identify(target: ProbeTarget): Promise<Identity | undefined> {
    const answer = tuyaAnswer(target);
    if (!answer) return undefined;
    const { beacon } = answer;
    const facts = emptyDeviceFacts('tuya', 'Tuya');
    facts.deviceId = beacon.gwId;
    facts.protocols.push(protocolTag(beacon.version));
    if (beacon.productKey) {
      facts.model = beacon.productKey;
      facts.productName = `Tuya product ${beacon.productKey}`;
    }
    facts.config = { gwId: beacon.gwId, productKey: beacon.productKey ?? null, version: beacon.version };
    const evidence: Evidence = {
      sent: `UDP ${answer.port} discovery`,
      received: `${encodingText(answer.encoding)} beacon ${JSON.stringify({ gwId: beacon.gwId, productKey: beacon.productKey, version: beacon.version })}`,
    };
    return { family: 'tuya', vendor: 'Tuya', evidence, data: answer, facts };
  },

  async inspect(target: ProbeTarget, found: Identity, context: ProbeContext): Promise<DeviceFacts> {
    const { facts } = found;
    const { beacon } = found.data as TuyaDiscoveryAnswer;
    facts.limitations.push(
      'the Tuya local protocol does not tell the model name or firmware version; the Smart Life app shows them',
    );
    if (beacon.version === '3.5') {
      facts.limitations.push('protocol 3.5 (AES-GCM frames) is identified only; iotwarden does not read its status');
      return facts;
    }
    const credential = context.credentials({
      family: 'tuya',
      address: target.address,
      deviceId: beacon.gwId,
      ...(facts.mac ? { mac: facts.mac } : {}),
    });
    const localKey = credential?.apiKey;
    if (localKey === undefined && beacon.version !== '3.1') {
      facts.limitations.push(
        `needs the device's local key (credentials: family tuya, deviceId ${beacon.gwId}, apiKey) to read its status`,
      );
      return facts;
    }
    await readStatus(target, beacon.gwId, beacon.version === '3.2' ? '3.3' : beacon.version, localKey, facts, context);
    return facts;
  },
};

async function readStatus(
  target: ProbeTarget,
  gwId: string,
  version: '3.1' | '3.3' | '3.4',
  localKey: string | undefined,
  facts: DeviceFacts,
  context: ProbeContext,
): Promise<void> {
  try {
    const reading = await readTuyaStatus({
      host: target.address,
      port: target.connectPort(TUYA_TCP_PORT),
      version,
      gwId,
      ...(localKey === undefined ? {} : { localKey }),
      signal: context.signal,
      timeoutMs: context.timeoutMs,
      maxBytes: context.maxBytes,
    });
    facts.config = { ...(facts.config as object), dps: reading.status.dps };
    // 3.1 answered its status to a query carrying no key at all: that read needs no credential.
    if (version === '3.1' && localKey === undefined) facts.auth = { state: 'none', evidence: reading.evidence };
    else facts.auth = { state: 'required', evidence: reading.evidence };
  } catch (error) {
    if (error instanceof DeviceAuthError) {
      facts.limitations.push(`the configured Tuya local key was refused: ${error.message}`);
      return;
    }
    if (error instanceof DeviceTimeoutError || error instanceof ProtocolError) {
      facts.limitations.push(`could not read the status over TCP ${TUYA_TCP_PORT}: ${error.message}`);
      return;
    }
    throw error;
  }
}

function encodingText(encoding: TuyaDiscoveryAnswer['encoding']): string {
  if (encoding === 'plain') return 'plaintext';
  if (encoding === 'ecb') return 'AES-ECB (discovery key)';
  return 'AES-GCM (discovery key)';
}

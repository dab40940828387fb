import { randomBytes } from 'node:crypto';
import { DeviceAuthError, ProtocolError } from '../../errors/index.ts';
import { copyJson, jsonPreview } from '../../util/bounded-json.ts';
import type { ExchangeLimits } from '../device-adapter.ts';
import type { Evidence } from '../facts.ts';
import { ecbDecrypt, ecbEncrypt, hmacSha256, localKeyBytes, sessionKey34, withoutVersionHeader } from './cipher.ts';
import { type Integrity, TuyaCommand } from './frame.ts';
import { type TuyaStatus, tuyaStatusSchema } from './schema.ts';
import { TuyaTcpSession } from './session.ts';

/** The local control port of every Tuya device. */
export const TUYA_TCP_PORT = 6668;

export interface StatusRequest extends ExchangeLimits {
  host: string;
  port: number;
  version: '3.1' | '3.3' | '3.4';
  gwId: string;
  /** Needed for 3.3 and 3.4; 3.1 answers status in plaintext. Never shown in evidence. */
  localKey?: string;
}

export interface StatusReading {
  status: TuyaStatus;
  evidence: Evidence;
}

/**
 * Reads the device's data points over TCP 6668 (tinytuya PROTOCOL.md): a DP_QUERY (0x0a) in plaintext (3.1) or
 * AES-ECB with the local key (3.3); for 3.4 the three-message session key negotiation first (client nonce, device
 * nonce + HMAC of ours, HMAC of theirs), then DP_QUERY_NEW (0x10) with the session key and HMAC-SHA256 frames.
 * A wrong key shows as an HMAC mismatch (3.4) or an answer that does not decrypt (3.3): DeviceAuthError.
 */
export async function readTuyaStatus(request: StatusRequest): Promise<StatusReading> {
  const key = request.localKey === undefined ? undefined : localKeyBytes(request.localKey);
  if (request.version !== '3.1' && !key) {
    throw new DeviceAuthError(endpointOf(request), 'a 16-character local key is needed for this protocol version');
  }
  const session = await TuyaTcpSession.open(request.host, request.port, request);
  try {
    if (request.version === '3.4' && key) return await status34(session, request, key);
    return await statusPre34(session, request, key);
  } finally {
    session.close();
  }
}

async function statusPre34(session: TuyaTcpSession, request: StatusRequest, key: Buffer | undefined) {
  const query = Buffer.from(JSON.stringify(queryBody(request.gwId)));
  const crc: Integrity = { kind: 'crc' };
  // 3.1 sends DP_QUERY in plaintext; 3.3 encrypts it (and, for DP_QUERY, adds no version header).
  const encrypted = request.version === '3.3' && key;
  session.send({ seq: 1, cmd: TuyaCommand.DP_QUERY, payload: encrypted ? ecbEncrypt(key, query) : query }, crc);
  const answer = await session.receive(crc, [TuyaCommand.DP_QUERY, TuyaCommand.STATUS]);
  let plain: Buffer | undefined = withoutVersionHeader(answer.payload);
  if (request.version === '3.3' && key) {
    plain = ecbDecrypt(key, plain);
    if (!plain) throw new DeviceAuthError(endpointOf(request), 'the answer does not decrypt with the local key');
  }
  const sent = `TCP ${TUYA_TCP_PORT} DP_QUERY (0x0a)${encrypted ? ', AES-128-ECB with the local key' : ', plaintext'}`;
  return reading(request, plain, sent, answer.retcode);
}

async function status34(session: TuyaTcpSession, request: StatusRequest, key: Buffer): Promise<StatusReading> {
  const clientNonce = randomBytes(16);
  const withKey: Integrity = { kind: 'hmac', key };
  session.send({ seq: 1, cmd: TuyaCommand.SESS_KEY_NEG_START, payload: ecbEncrypt(key, clientNonce) }, withKey);
  const reply = await session.receive(withKey, [TuyaCommand.SESS_KEY_NEG_RES]).catch((error: unknown) => {
    // The device signs its reply with the local key: a mismatch means ours is not the device's.
    if (error instanceof ProtocolError && error.message.includes('HMAC')) {
      throw new DeviceAuthError(endpointOf(request), 'the session key negotiation failed: the local key is wrong');
    }
    throw error;
  });
  const plain = ecbDecrypt(key, reply.payload);
  const deviceNonce = plain?.subarray(0, 16);
  if (!plain || plain.length < 48 || !deviceNonce || !plain.subarray(16, 48).equals(hmacSha256(key, clientNonce))) {
    throw new DeviceAuthError(endpointOf(request), 'the device did not prove the local key');
  }
  session.send(
    { seq: 2, cmd: TuyaCommand.SESS_KEY_NEG_FINISH, payload: ecbEncrypt(key, hmacSha256(key, deviceNonce)) },
    withKey,
  );
  const sessionKey = sessionKey34(key, clientNonce, deviceNonce);
  const inSession: Integrity = { kind: 'hmac', key: sessionKey };
  const query = Buffer.from(JSON.stringify(queryBody(request.gwId)));
  session.send({ seq: 3, cmd: TuyaCommand.DP_QUERY_NEW, payload: ecbEncrypt(sessionKey, query) }, inSession);
  const answer = await session.receive(inSession, [TuyaCommand.DP_QUERY_NEW, TuyaCommand.STATUS]);
  const decrypted = ecbDecrypt(sessionKey, answer.payload);
  if (!decrypted)
    throw new ProtocolError(endpointOf(request), 'the status answer does not decrypt with the session key');
  const sent = `TCP ${TUYA_TCP_PORT} session key negotiated (HMAC-SHA256), DP_QUERY_NEW (0x10) with the session key`;
  return reading(request, withoutVersionHeader(decrypted), sent, answer.retcode);
}

/** tinytuya's DP_QUERY body for a default device: ids, a time stamp and an empty DP map. */
function queryBody(gwId: string): Record<string, unknown> {
  return { gwId, devId: gwId, uid: gwId, t: String(Math.floor(Date.now() / 1000)), dps: {} };
}

function reading(request: StatusRequest, plain: Buffer, sent: string, retcode: number | undefined): StatusReading {
  let value: unknown;
  try {
    value = JSON.parse(plain.toString('utf8'));
  } catch {
    throw new ProtocolError(endpointOf(request), `status answer is not JSON: ${plain.toString('utf8').slice(0, 60)}`);
  }
  const bounded = copyJson(value, { maxDepth: 8 }) as Record<string, unknown>;
  // 3.4 and later wrap the status: {"protocol":4,"t":…,"data":{"dps":{…}}}.
  const inner = typeof bounded.data === 'object' && bounded.data !== null ? bounded.data : bounded;
  const parsed = tuyaStatusSchema.safeParse(inner);
  if (!parsed.success) throw new ProtocolError(endpointOf(request), 'the status answer has no data points');
  return {
    status: parsed.data,
    evidence: { sent, received: `retcode ${retcode ?? '?'} ${jsonPreview({ dps: parsed.data.dps })}` },
  };
}

function endpointOf(request: StatusRequest): { host: string; port: number } {
  return { host: request.host, port: request.port };
}

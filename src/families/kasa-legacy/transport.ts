import { ProtocolError } from '../../errors/index.ts';
import { tcpExchange } from '../../net/tcp-exchange.ts';
import { parseBoundedJson } from '../../util/parse-bounded-json.ts';
import type { ExchangeLimits } from '../device-adapter.ts';
import { isObject } from '../tplink/discovery.ts';
import { completeFrameLength, frameTcp, xorDecrypt } from '../tplink/xor-cipher.ts';

/** The legacy TP-Link Smart Home Protocol port (fixtures README, kasa/iot). */
export const KASA_LEGACY_PORT = 9999;

/**
 * One request over TCP 9999: `{"<module>":{"<method>":<params>}}`, XOR'd with a 4-byte length prefix, answered with
 * the same nesting. Several modules may go in one request. The protocol has no authentication: anyone on the LAN
 * can send this, including writes (`system.set_relay_state`, `system.download_firmware`).
 */
export async function kasaLegacyCall(
  host: string,
  port: number,
  request: Record<string, unknown>,
  context: ExchangeLimits,
): Promise<Record<string, unknown>> {
  const raw = await tcpExchange({
    host,
    port,
    send: frameTcp(JSON.stringify(request)),
    complete: (received) => completeFrameLength(received) !== undefined,
    timeoutMs: context.timeoutMs,
    maxBytes: context.maxBytes,
    signal: context.signal,
  });
  const total = completeFrameLength(raw);
  if (total === undefined) {
    throw new ProtocolError(
      { host, port },
      `legacy answer ended after ${raw.length} bytes, before its frame was complete`,
    );
  }
  const text = xorDecrypt(raw.subarray(4, total)).toString('utf8');
  let parsed: unknown;
  try {
    parsed = parseBoundedJson(text);
  } catch (error) {
    throw new ProtocolError({ host, port }, 'legacy answer is not JSON after XOR decoding', error);
  }
  if (!isObject(parsed)) throw new ProtocolError({ host, port }, 'legacy answer is not a JSON object');
  return parsed;
}

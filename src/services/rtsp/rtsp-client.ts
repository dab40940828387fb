import { ProtocolError } from '../../errors/index.ts';
import type { ProbeContext, ProbeTarget } from '../../families/device-adapter.ts';
import { tcpExchange } from '../../net/tcp-exchange.ts';
import { bounds, endpointOf } from '../common/evidence.ts';

export interface RtspResponse {
  status: number;
  reason: string;
  headers: Record<string, string>;
  body: string;
}

/** True once `received` holds the whole response: headers, then `Content-Length` bytes of body (RFC 2326 §4.3). */
export function rtspComplete(received: Buffer): boolean {
  const end = received.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const head = received.toString('latin1', 0, end);
  const length = Number(/\r\ncontent-length:\s*(\d{1,9})/i.exec(head)?.[1] ?? 0);
  return received.length >= end + 4 + length;
}

export function parseRtspResponse(raw: Buffer): RtspResponse | undefined {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.toString('latin1', 0, end < 0 ? raw.length : end);
  const [first = '', ...lines] = head.split('\r\n');
  const status = /^RTSP\/1\.\d (\d{3}) ?(.*)$/.exec(first);
  if (!status) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return {
    status: Number(status[1]),
    reason: status[2] ?? '',
    headers,
    body: end < 0 ? '' : raw.toString('utf8', end + 4),
  };
}

/** One RTSP request on its own connection (RFC 2326 §6); a non-RTSP answer is a ProtocolError. */
export async function rtspRequest(
  target: ProbeTarget,
  port: number,
  method: 'OPTIONS' | 'DESCRIBE',
  path: string,
  context: ProbeContext,
): Promise<RtspResponse & { uri: string }> {
  const host = target.address.includes(':') ? `[${target.address}]` : target.address;
  const uri = `rtsp://${host}:${port}${path}`;
  const extra = method === 'DESCRIBE' ? 'Accept: application/sdp\r\n' : '';
  const raw = await tcpExchange({
    ...endpointOf(target, port),
    send: Buffer.from(`${method} ${uri} RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: iotwarden\r\n${extra}\r\n`),
    complete: rtspComplete,
    ...bounds(context),
  });
  const parsed = parseRtspResponse(raw);
  if (!parsed) throw new ProtocolError(endpointOf(target, port), `${method} did not get an RTSP answer`);
  return { ...parsed, uri };
}

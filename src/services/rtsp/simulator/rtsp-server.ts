import type { Socket } from 'node:net';
import type { CameraState } from '../../hipcam/simulator/camera-state.ts';

export const HIPCAM_RTSP_SERVER = 'Hipcam RealServer/V1.0';
const MAX_REQUEST_BYTES = 16 * 1024;
/** Hipcam firmware serves the main stream at /11 and the sub stream at /12. */
const STREAMS: Record<string, { width: number; height: number; profileLevelId: string }> = {
  '/11': { width: 1280, height: 720, profileLevelId: '4D001F' },
  '/12': { width: 640, height: 352, profileLevelId: '4D001E' },
};

interface RtspRequest {
  method: string;
  uri: string;
  headers: Record<string, string>;
}

/**
 * The camera's RTSP server (RFC 2326): OPTIONS (§10.1) and DESCRIBE (§10.2) with an SDP body (RFC 4566)
 * describing an H.264 stream (RFC 6184) and G.711 A-law audio. Without `rtspAuth` anyone may DESCRIBE; with it,
 * DESCRIBE answers 401 with a Basic challenge (§D.1) until the web credentials are sent. Streams are not sent:
 * SETUP answers 461 Unsupported Transport.
 */
export function serveCameraRtsp(socket: Socket, state: CameraState, address: string): void {
  let pending = '';
  socket.on('data', (chunk: Buffer) => {
    pending += chunk.toString('latin1');
    if (pending.length > MAX_REQUEST_BYTES) {
      socket.destroy();
      return;
    }
    for (;;) {
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = pending.slice(0, end);
      const request = parseRequest(head);
      const bodyLength = Number(request?.headers['content-length'] ?? 0);
      if (pending.length < end + 4 + bodyLength) return;
      pending = pending.slice(end + 4 + bodyLength);
      if (!request) {
        socket.end('RTSP/1.0 400 Bad Request\r\n\r\n');
        return;
      }
      socket.write(answer(request, state, address));
    }
  });
}

function parseRequest(head: string): RtspRequest | undefined {
  const [first = '', ...lines] = head.split('\r\n');
  const match = /^([A-Z_]+) (\S+) RTSP\/1\.0$/.exec(first);
  if (!match) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { method: match[1] as string, uri: match[2] as string, headers };
}

function response(status: string, cseq: string | undefined, headers: Record<string, string>, body = ''): string {
  const lines = [`RTSP/1.0 ${status}`, `CSeq: ${cseq ?? '0'}`, `Server: ${HIPCAM_RTSP_SERVER}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  if (body.length > 0) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

function answer(request: RtspRequest, state: CameraState, address: string): string {
  const cseq = request.headers.cseq;
  const path = pathOf(request.uri);
  switch (request.method) {
    case 'OPTIONS':
      return response('200 OK', cseq, {
        Public: 'OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, GET_PARAMETER, SET_PARAMETER',
      });
    case 'DESCRIBE': {
      if (state.settings.rtspAuth && !state.acceptsBasic(request.headers.authorization)) {
        return response('401 Unauthorized', cseq, { 'WWW-Authenticate': 'Basic realm="HipcamRealServer"' });
      }
      const stream = path === undefined ? undefined : STREAMS[path];
      if (!stream || path === undefined) return response('404 Stream Not Found', cseq, {});
      return response(
        '200 OK',
        cseq,
        { 'Content-Type': 'application/sdp', 'Content-Base': `${request.uri.replace(/\/$/, '')}/` },
        sdp(path, stream, address),
      );
    }
    case 'SETUP':
      return response('461 Unsupported Transport', cseq, {});
    case 'TEARDOWN':
      return response('200 OK', cseq, {});
    default:
      return response('405 Method Not Allowed', cseq, { Allow: 'OPTIONS, DESCRIBE, SETUP, TEARDOWN' });
  }
}

function pathOf(uri: string): string | undefined {
  try {
    return new URL(uri.replace(/^rtsp:/i, 'http:')).pathname.replace(/\/$/, '') || '/';
  } catch {
    return undefined;
  }
}

/** A session description as these cameras send it (RFC 4566 §5; H.264 fmtp per RFC 6184 §8.1). */
function sdp(path: string, stream: { width: number; height: number; profileLevelId: string }, address: string): string {
  return [
    'v=0',
    `o=StreamingServer 3331435948 1116907222000 IN IP4 ${address}`,
    `s=${path.replace('/', '\\')}`,
    'c=IN IP4 0.0.0.0',
    'b=AS:1096',
    't=0 0',
    'a=control:*',
    'm=video 0 RTP/AVP 96',
    'b=AS:1024',
    'a=control:trackID=0',
    'a=rtpmap:96 H264/90000',
    `a=fmtp:96 packetization-mode=1;profile-level-id=${stream.profileLevelId}`,
    `a=framesize:96 ${stream.width}-${stream.height}`,
    'm=audio 0 RTP/AVP 8',
    'b=AS:64',
    'a=control:trackID=1',
    'a=rtpmap:8 PCMA/8000/1',
    '',
  ].join('\r\n');
}

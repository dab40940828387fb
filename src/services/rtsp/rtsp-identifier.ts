import type { ProbeContext, ProbeTarget, ServiceIdentifier } from '../../families/device-adapter.ts';
import type { ServiceFacts } from '../../families/facts.ts';
import { evidence, printable } from '../common/evidence.ts';
import { productLineByRtsp } from '../common/factory-credentials.ts';
import { type RtspResponse, rtspRequest } from './rtsp-client.ts';

/** Stream paths tried when the server's own line is unknown: the bare URL and two very common ones. */
const GENERIC_PATHS = ['/', '/live', '/stream1'];
const MAX_DESCRIBES = 3;

function summary(response: RtspResponse): string {
  const parts = [`RTSP/1.0 ${response.status} ${response.reason}`];
  for (const name of ['server', 'www-authenticate', 'content-type']) {
    const value = response.headers[name];
    if (value) parts.push(`${name}: ${value}`);
  }
  if (response.body) parts.push(response.body.split('\r\n').slice(0, 4).join(' '));
  return parts.join(' | ');
}

/**
 * RTSP (RFC 2326): OPTIONS to see that it is RTSP and which server, then DESCRIBE (§10.2) on a few stream paths.
 * A 200 with an SDP body means anyone on the network can watch (`none`); a 401 means `required`.
 */
export const rtspIdentifier: ServiceIdentifier = {
  name: 'rtsp',
  appliesTo: (port) => port === 554 || port === 8554,
  async identify(target: ProbeTarget, port: number, context: ProbeContext): Promise<ServiceFacts | undefined> {
    const options = await rtspRequest(target, port, 'OPTIONS', '/', context);
    const server = options.headers.server;
    const facts: ServiceFacts = {
      port,
      transport: 'tcp',
      name: 'rtsp',
      auth: 'unknown',
      evidence: evidence(`OPTIONS ${options.uri}`, summary(options)),
    };
    const line = productLineByRtsp(server);
    if (line ?? server) facts.product = printable(line?.name ?? server ?? '', 120);
    const paths = [...new Set(['/', ...(line?.rtspPaths ?? []), ...GENERIC_PATHS])].slice(0, MAX_DESCRIBES);
    for (const path of paths) {
      const answer = await rtspRequest(target, port, 'DESCRIBE', path, context);
      const isSdp =
        answer.status === 200 &&
        /application\/sdp/i.test(answer.headers['content-type'] ?? '') &&
        answer.body.startsWith('v=0');
      if (isSdp) {
        facts.auth = 'none';
        facts.authEvidence = evidence(`DESCRIBE ${answer.uri} (no credentials)`, summary(answer));
        return facts;
      }
      if (answer.status === 401) {
        facts.auth = 'required';
        facts.authEvidence = evidence(`DESCRIBE ${answer.uri} (no credentials)`, summary(answer));
        return facts;
      }
    }
    return facts;
  },
};

import type { ProbeContext, ProbeTarget, ServiceIdentifier } from '../../families/device-adapter.ts';
import type { ServiceFacts } from '../../families/facts.ts';
import { tcpExchange } from '../../net/tcp-exchange.ts';
import { bounds, describeUrl, endpointOf, evidence, printable } from '../common/evidence.ts';

/** RFC 4253 §4.2: the identification line is at most 255 characters and the server may send other lines first. */
const MAX_BANNER_BYTES = 8 * 256;

function identification(received: Buffer): string | undefined {
  return received
    .toString('latin1')
    .split('\n')
    .slice(0, -1)
    .map((l) => l.replace(/\r$/, ''))
    .find((l) => l.startsWith('SSH-'));
}

/**
 * SSH: reads the server's identification string (`SSH-2.0-OpenSSH_9.8`) without sending anything. SSH always has
 * a user-authentication phase (RFC 4252), so auth is `required`.
 */
export const sshIdentifier: ServiceIdentifier = {
  name: 'ssh',
  appliesTo: (port) => port === 22 || port === 2222,
  async identify(target: ProbeTarget, port: number, context: ProbeContext): Promise<ServiceFacts | undefined> {
    const limits = bounds(context);
    const received = await tcpExchange({
      ...endpointOf(target, port),
      complete: (b) => identification(b) !== undefined || b.length >= MAX_BANNER_BYTES,
      ...limits,
      maxBytes: Math.min(limits.maxBytes, MAX_BANNER_BYTES),
    });
    const line = identification(received);
    if (!line) return undefined;
    const proof = evidence(`TCP ${describeUrl('ssh', target, port)} (read identification string)`, line);
    return {
      port,
      transport: 'tcp',
      name: 'ssh',
      product: printable(line.slice(0, 255), 120),
      auth: 'required',
      authEvidence: proof,
      evidence: proof,
    };
  },
};

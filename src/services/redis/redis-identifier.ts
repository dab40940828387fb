import { ProtocolError } from '../../errors/index.ts';
import type { ProbeContext, ProbeTarget, ServiceIdentifier } from '../../families/device-adapter.ts';
import type { ServiceFacts } from '../../families/facts.ts';
import { tcpExchange } from '../../net/tcp-exchange.ts';
import { bounds, describeUrl, endpointOf, evidence, printable } from '../common/evidence.ts';
import { completeOrGarbage, located } from '../common/framing.ts';
import { encodeCommand, parseResp, type RespValue } from './resp.ts';

async function ask(target: ProbeTarget, port: number, args: string[], context: ProbeContext): Promise<RespValue> {
  const raw = await tcpExchange({
    ...endpointOf(target, port),
    send: encodeCommand(...args),
    complete: completeOrGarbage((b) => parseResp(b) !== undefined),
    ...bounds(context),
  });
  let parsed: ReturnType<typeof parseResp>;
  try {
    parsed = parseResp(raw);
  } catch (error) {
    throw located(error, endpointOf(target, port));
  }
  if (!parsed) throw new ProtocolError(endpointOf(target, port), `${args[0]} got no complete RESP answer`);
  return parsed.value;
}

function show(value: RespValue): string {
  if (value.type === 'array') return `array of ${value.value?.length ?? 'nil'}`;
  const prefix = { simple: '+', error: '-', integer: ':', bulk: '$' }[value.type];
  return `${prefix}${value.value ?? 'nil'}`;
}

/**
 * Redis: PING answered `+PONG` means no password; `-NOAUTH Authentication required.` means `requirepass` is set
 * (redis.conf "SECURITY"). Without a password, `INFO server` gives the version.
 */
export const redisIdentifier: ServiceIdentifier = {
  name: 'redis',
  appliesTo: (port) => port === 6379,
  async identify(target: ProbeTarget, port: number, context: ProbeContext): Promise<ServiceFacts | undefined> {
    const pong = await ask(target, port, ['PING'], context);
    const sent = `PING ${describeUrl('redis', target, port)} (no credentials)`;
    const facts: ServiceFacts = {
      port,
      transport: 'tcp',
      name: 'redis',
      auth: 'unknown',
      evidence: evidence(sent, show(pong)),
    };
    if (pong.type === 'simple' && pong.value === 'PONG') {
      facts.auth = 'none';
      facts.authEvidence = facts.evidence ?? evidence(sent, show(pong));
      const info = await ask(target, port, ['INFO', 'server'], context).catch(() => undefined);
      const version = info?.type === 'bulk' ? /redis_version:([^\r\n]{1,40})/.exec(info.value ?? '')?.[1] : undefined;
      if (version) facts.product = printable(`Redis ${version}`, 60);
    } else if (pong.type === 'error' && /^NOAUTH\b/.test(pong.value)) {
      facts.auth = 'required';
      facts.authEvidence = facts.evidence ?? evidence(sent, show(pong));
    } else if (pong.type !== 'error') {
      return undefined;
    }
    return facts;
  },
};

import dnsPacket from 'dns-packet';

/**
 * dnsmasq as the lab runs it: authoritative for the local domain (the router's own name resolves to its address,
 * other local names are NXDOMAIN) and with no upstream, so every other name is REFUSED. The lab never forwards
 * a query anywhere.
 */
export function answerDns(
  query: Buffer,
  options: { domain: string; hostname: string; address: string },
): Buffer | undefined {
  let decoded: dnsPacket.Packet;
  try {
    decoded = dnsPacket.decode(query);
  } catch {
    return undefined; // dnsmasq drops what it cannot parse
  }
  if (decoded.type !== 'query') return undefined;
  const question = decoded.questions?.[0];
  const base = { type: 'response' as const, id: decoded.id ?? 0, questions: decoded.questions ?? [] };
  if (!question) return dnsPacket.encode({ ...base, flags: dnsPacket.RECURSION_DESIRED | 1 /* FORMERR */ });
  const name = question.name.toLowerCase().replace(/\.$/, '');
  const domain = options.domain.toLowerCase();
  const flags = dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE;
  if (name === domain || name.endsWith(`.${domain}`)) {
    const own = name === `${options.hostname.toLowerCase()}.${domain}`;
    if (own && question.type === 'A') {
      return dnsPacket.encode({
        ...base,
        flags: flags | dnsPacket.AUTHORITATIVE_ANSWER,
        answers: [{ type: 'A', name: question.name, ttl: 0, data: options.address }],
      });
    }
    return dnsPacket.encode({ ...base, flags: flags | dnsPacket.AUTHORITATIVE_ANSWER | (own ? 0 : 3) /* NXDOMAIN */ });
  }
  return dnsPacket.encode({ ...base, flags: flags | 5 /* REFUSED */ });
}

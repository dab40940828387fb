import type { Answer, Question } from 'dns-packet';
import * as dnsPacket from 'dns-packet';
import { canonicalName, encodeTxt, MDNS_PORT, SERVICE_ENUMERATION_NAME } from '../../net/mdns-wire.ts';
import type { DeviceHost, Listener } from './device-host.ts';
import type { MdnsService } from './simulator.ts';

export type MdnsServiceSource = readonly MdnsService[] | (() => readonly MdnsService[]);

/**
 * TTLs: a legacy unicast answer (the querier's source port is not 5353) must not be cached longer than 10 s
 * (RFC 6762 §6.7); otherwise the RFC's recommended 120 s for host records and 4500 s for the rest (§10).
 */
const LEGACY_TTL_S = 10;
const HOST_TTL_S = 120;
const SERVICE_TTL_S = 4500;

interface Reply {
  answers: Answer[];
  additionals: Answer[];
}

/**
 * Answers unicast mDNS queries on the device's own address (RFC 6762 §5.5), as a device's mDNS stack would:
 * service enumeration (RFC 6763 §9), PTR per type with SRV, TXT and A as additional records (§12.1), SRV/TXT per
 * instance and A for the host name. Services are read at every query, so a simulator that changes (a rename, a
 * firmware update changing TXT `fw`) is answered as it is now. Queries it has no answer for get silence, as
 * RFC 6762 §6 asks of responders.
 */
export function startMdnsResponder(host: DeviceHost, services: MdnsServiceSource): Promise<Listener> {
  const current = typeof services === 'function' ? services : () => services;
  return host.listenUdp(MDNS_PORT, (message, from, reply) => {
    let query: dnsPacket.DecodedPacket;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return; // garbage gets no answer
    }
    if (query.type === 'response' || !query.questions?.length) return;
    const legacy = from.port !== MDNS_PORT;
    const out: Reply = { answers: [], additionals: [] };
    for (const question of query.questions) answerQuestion(question, current(), host.address, legacy, out);
    if (out.answers.length === 0) return;
    const additionals = out.additionals.filter((extra) => !out.answers.some((a) => sameRecord(a, extra)));
    reply(
      dnsPacket.encode({
        type: 'response',
        // A legacy querier matches the answer by id and expects its question back (RFC 6762 §6.7).
        id: legacy ? (query.id ?? 0) : 0,
        flags: dnsPacket.AUTHORITATIVE_ANSWER,
        questions: legacy ? query.questions.map((q) => ({ name: q.name, type: q.type, class: 'IN' as const })) : [],
        answers: dedupe(out.answers),
        additionals: dedupe(additionals),
      }),
    );
  });
}

function answerQuestion(
  question: Question,
  services: readonly MdnsService[],
  address: string,
  legacy: boolean,
  out: Reply,
): void {
  const name = canonicalName(question.name);
  // dns-packet names QTYPE 255 "ANY" although its RecordType union leaves it out.
  const wants = (type: string): boolean => question.type === type || (question.type as string) === 'ANY';
  const ttl = (normal: number): number => (legacy ? LEGACY_TTL_S : normal);
  const hostA = (hostName: string): Answer => ({
    type: 'A',
    name: `${hostName}.local`,
    ttl: ttl(HOST_TTL_S),
    data: address,
  });
  // AAAA records of the host's announced IPv6 addresses go wherever its A record goes.
  const hostAddresses = (s: MdnsService): Answer[] => [
    hostA(s.host),
    ...(s.ipv6 ?? []).map((ip): Answer => ({ type: 'AAAA', name: `${s.host}.local`, ttl: ttl(HOST_TTL_S), data: ip })),
  ];
  const srv = (s: MdnsService): Answer => ({
    type: 'SRV',
    name: `${s.instance}.${s.type}.local`,
    ttl: ttl(HOST_TTL_S),
    data: { priority: 0, weight: 0, port: s.port, target: `${s.host}.local` },
  });
  const txt = (s: MdnsService): Answer => ({
    type: 'TXT',
    name: `${s.instance}.${s.type}.local`,
    ttl: ttl(SERVICE_TTL_S),
    data: encodeTxt(s.txt),
  });

  if (name === SERVICE_ENUMERATION_NAME && wants('PTR')) {
    for (const type of new Set(services.map((s) => s.type))) {
      out.answers.push({ type: 'PTR', name: SERVICE_ENUMERATION_NAME, ttl: ttl(SERVICE_TTL_S), data: `${type}.local` });
    }
    return;
  }
  for (const service of services) {
    const typeName = canonicalName(`${service.type}.local`);
    const instanceName = canonicalName(`${service.instance}.${service.type}.local`);
    if (name === typeName && wants('PTR')) {
      const data = `${service.instance}.${service.type}.local`;
      out.answers.push({ type: 'PTR', name: `${service.type}.local`, ttl: ttl(SERVICE_TTL_S), data });
      out.additionals.push(srv(service), txt(service), ...hostAddresses(service));
    } else if (name === instanceName) {
      if (wants('SRV')) out.answers.push(srv(service));
      if (wants('TXT')) out.answers.push(txt(service));
      if (wants('SRV') || wants('TXT')) out.additionals.push(...hostAddresses(service));
    } else if (name === canonicalName(`${service.host}.local`) && (wants('A') || wants('AAAA'))) {
      out.answers.push(...hostAddresses(service).filter((record) => wants(record.type)));
    }
  }
}

function recordKey(record: Answer): string {
  return `${record.type}|${canonicalName(record.name)}|${JSON.stringify('data' in record ? record.data : '')}`;
}

function sameRecord(a: Answer, b: Answer): boolean {
  return recordKey(a) === recordKey(b);
}

function dedupe(records: Answer[]): Answer[] {
  const seen = new Set<string>();
  return records.filter((record) => {
    const key = recordKey(record);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

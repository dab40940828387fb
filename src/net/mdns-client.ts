import type { Answer, StringAnswer } from 'dns-packet';
import * as dnsPacket from 'dns-packet';
import {
  canonicalName,
  decodeTxt,
  instanceOf,
  SERVICE_ENUMERATION_NAME,
  serviceTypeOf,
  withUnicastResponseBit,
} from './mdns-wire.ts';
import { udpExchange } from './udp-exchange.ts';

/** One service a host announced: the shape ProbeTarget.mdns carries, plus the SRV target host. */
export interface MdnsServiceFinding {
  /** `_http._tcp` */
  type: string;
  instance: string;
  port: number;
  txt: Record<string, string>;
  /** SRV target without `.local`. */
  host?: string;
  /** The host's IPv6 addresses from its AAAA records (an EUI-64 link-local one carries the MAC, RFC 4291 App. A). */
  ipv6?: string[];
}

export interface MdnsFindings {
  services: MdnsServiceFinding[];
  /** The host name its A/SRV records gave, without `.local`. */
  hostname?: string;
}

/** Types and instances asked for per host: a device offers a handful; a hostile one must not make us loop. */
const MAX_TYPES = 16;

/** A unicast mDNS query (RFC 6762 §5.5) with the QU bit set on each question. */
export function mdnsQuery(questions: Array<{ name: string; type: 'PTR' | 'SRV' | 'TXT' | 'A' }>, id = 0): Buffer {
  return withUnicastResponseBit(dnsPacket.encode({ type: 'query', id, questions }));
}

/** The enumeration query that asks a host which service types it offers (RFC 6763 §9). */
export function serviceEnumerationQuery(): Buffer {
  return mdnsQuery([{ name: SERVICE_ENUMERATION_NAME, type: 'PTR' }]);
}

/** Answer and additional records of an mDNS response, or undefined for anything else. */
export function mdnsRecords(datagram: Buffer): Answer[] | undefined {
  try {
    const packet = dnsPacket.decode(datagram);
    if (packet.type !== 'response') return undefined;
    return [...(packet.answers ?? []), ...(packet.additionals ?? [])];
  } catch {
    return undefined;
  }
}

function pointers(records: Answer[]): StringAnswer[] {
  return records.filter((r): r is StringAnswer => r.type === 'PTR');
}

/** Service types named by enumeration PTRs (`_http._tcp`), in the order given. */
export function serviceTypes(records: Answer[]): string[] {
  const types = pointers(records)
    .filter((r) => canonicalName(r.name) === SERVICE_ENUMERATION_NAME)
    .map((r) => serviceTypeOf(r.data));
  return [...new Set(types)];
}

/** Services assembled from PTR → SRV/TXT records, and the host name. Instances without an SRV are left out. */
export function servicesFromRecords(records: Answer[], types: readonly string[]): MdnsFindings {
  const services: MdnsServiceFinding[] = [];
  let hostname: string | undefined;
  for (const type of types) {
    const instances = pointers(records)
      .filter((r) => serviceTypeOf(r.name) === type.toLowerCase())
      .map((r) => r.data);
    for (const fullName of new Set(instances)) {
      const instance = instanceOf(fullName, type);
      const srv = records.find((r) => r.type === 'SRV' && canonicalName(r.name) === canonicalName(fullName));
      if (instance === undefined || srv?.type !== 'SRV') continue;
      const txt = records.find((r) => r.type === 'TXT' && canonicalName(r.name) === canonicalName(fullName));
      const host = srv.data.target.replace(/\.$/, '').replace(/\.local$/i, '');
      hostname ??= host;
      const ipv6 = records
        .filter((r) => r.type === 'AAAA' && canonicalName(r.name) === canonicalName(`${host}.local`))
        .map((r) => ('data' in r ? String(r.data) : ''))
        .filter((ip) => ip !== '');
      services.push({
        type,
        instance,
        port: srv.data.port,
        txt: txt?.type === 'TXT' ? decodeTxt(txt.data) : {},
        host,
        ...(ipv6.length > 0 ? { ipv6 } : {}),
      });
    }
  }
  return { services, ...(hostname ? { hostname } : {}) };
}

export interface ResolveMdnsOptions {
  address: string;
  port: number;
  /** Service types the host listed in its enumeration answer. */
  types: readonly string[];
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

/**
 * Asks one host for the instances of its service types, in one query with a PTR question per type; a device
 * answers with SRV, TXT and A records alongside (RFC 6763 §12.1). Instances whose SRV did not come along are asked
 * for once more by name.
 */
export async function resolveMdnsServices(options: ResolveMdnsOptions): Promise<MdnsFindings> {
  const types = options.types.slice(0, MAX_TYPES);
  if (types.length === 0) return { services: [] };
  const ask = async (questions: Parameters<typeof mdnsQuery>[0]): Promise<Answer[]> => {
    const answers = await udpExchange({
      host: options.address,
      port: options.port,
      payload: mdnsQuery(questions, 1 + Math.floor(Math.random() * 0xfffe)),
      timeoutMs: options.timeoutMs,
      maxBytes: options.maxBytes,
      maxAnswers: 1,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return answers.flatMap((answer) => mdnsRecords(answer.data) ?? []);
  };
  const records = await ask(types.map((type) => ({ name: `${type}.local`, type: 'PTR' as const })));
  const hasSrv = (name: string): boolean =>
    records.some((r) => r.type === 'SRV' && canonicalName(r.name) === canonicalName(name));
  const missing = pointers(records)
    .map((r) => r.data)
    .filter((name) => !hasSrv(name))
    .slice(0, MAX_TYPES);
  if (missing.length > 0) {
    records.push(
      ...(await ask(
        missing.flatMap((name) => [
          { name, type: 'SRV' as const },
          { name, type: 'TXT' as const },
        ]),
      )),
    );
  }
  return servicesFromRecords(records, types);
}

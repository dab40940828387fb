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
/** Instances kept per service type. */
const MAX_INSTANCES = 32;

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

/** Records of `type` by canonical name, the first of each name winning. */
function firstByName<T extends Answer['type']>(records: Answer[], type: T): Map<string, Extract<Answer, { type: T }>> {
  const byName = new Map<string, Extract<Answer, { type: T }>>();
  for (const record of records) {
    if (record.type !== type) continue;
    const name = canonicalName(record.name);
    if (!byName.has(name)) byName.set(name, record as Extract<Answer, { type: T }>);
  }
  return byName;
}

/**
 * Services assembled from PTR → SRV/TXT records, and the host name. Instances without an SRV are left out, and at
 * most MAX_INSTANCES per type are kept: a datagram can name thousands, and a device offers a handful.
 */
export function servicesFromRecords(records: Answer[], types: readonly string[]): MdnsFindings {
  const services: MdnsServiceFinding[] = [];
  const srvByName = firstByName(records, 'SRV');
  const txtByName = firstByName(records, 'TXT');
  const ptrs = pointers(records);
  let hostname: string | undefined;
  for (const type of types) {
    const instances = new Set(ptrs.filter((r) => serviceTypeOf(r.name) === type.toLowerCase()).map((r) => r.data));
    let kept = 0;
    for (const fullName of instances) {
      const instance = instanceOf(fullName, type);
      const srv = srvByName.get(canonicalName(fullName));
      if (instance === undefined || !srv) continue;
      const txt = txtByName.get(canonicalName(fullName));
      const host = srv.data.target.replace(/\.$/, '').replace(/\.local$/i, '');
      if (!isLinkLayerHostName(host)) hostname ??= host;
      const ipv6 = records
        .filter((r) => r.type === 'AAAA' && canonicalName(r.name) === canonicalName(`${host}.local`))
        .map((r) => ('data' in r ? String(r.data) : ''))
        .filter((ip) => ip !== '');
      services.push({
        type,
        instance,
        port: srv.data.port,
        txt: txt ? decodeTxt(txt.data) : {},
        host,
        ...(ipv6.length > 0 ? { ipv6 } : {}),
      });
      if (++kept === MAX_INSTANCES) break;
    }
  }
  return { services, ...(hostname ? { hostname } : {}) };
}

/**
 * A host name that is only a link-layer address in hex: Matter nodes name their host so (12 hex digits of the MAC,
 * or 16 of a Thread extended address; Matter Core Specification 1.3 §4.3.4). It names no device for the owner, so a
 * DHCP lease's name is kept instead; the service records still carry it for the families that read it.
 */
function isLinkLayerHostName(host: string): boolean {
  return /^(?:[0-9A-F]{12}|[0-9A-F]{16})$/i.test(host);
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
  const srvNames = new Set(records.flatMap((r) => (r.type === 'SRV' ? [canonicalName(r.name)] : [])));
  const hasSrv = (name: string): boolean => srvNames.has(canonicalName(name));
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

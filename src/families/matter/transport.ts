import type { Evidence } from '../facts.ts';
import {
  type CommissionableTxt,
  commissionableTxtSchema,
  firstIssue,
  operationalInstanceSchema,
  operationalTxtSchema,
} from './schema.ts';

/**
 * What the wire gives a scanner about a Matter node: its DNS-SD records (Matter Core Specification 1.3 §4.3). Matter
 * messages themselves (UDP 5540) are encrypted in a PASE or CASE session that only a commissioner holds, so a passive
 * scanner reads nothing else (fixtures/matter README, "Facts for a simulator").
 */
export const COMMISSIONABLE_TYPE = '_matterc._udp';
export const OPERATIONAL_TYPE = '_matter._tcp';
export const MATTER_PORT = 5540;

/** One mDNS service as discovery hands it over (ProbeTarget.mdns, HostFacts.mdns). */
export interface AnnouncedService {
  type: string;
  instance: string;
  port: number;
  txt: Record<string, string>;
  /** SRV target without `.local`. */
  host?: string;
}

export interface CommissionableRecord {
  instance: string;
  /** The node's 48-bit MAC, when its host name is one (§4.3.4: Wi-Fi and Ethernet nodes; Thread uses 64 bits). */
  mac?: string;
  port: number;
  txt: CommissionableTxt;
  evidence: Evidence;
}

export interface OperationalRecord {
  compressedFabricId: string;
  nodeId: string;
  evidence: Evidence;
}

/** What a host announced about itself as a Matter node, and the records that were rejected (and why). */
export interface MatterAnnouncement {
  commissionable: CommissionableRecord[];
  operational: OperationalRecord[];
  rejected: string[];
}

/** At most this many records of each kind are read: a device offers one or two, a hostile one thousands. */
const MAX_RECORDS = 8;

function isType(service: AnnouncedService, type: string): boolean {
  return service.type.toLowerCase() === type;
}

function txtText(txt: Record<string, string>): string {
  return Object.entries(txt)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

function evidenceOf(service: AnnouncedService): Evidence {
  return {
    sent: `mDNS unicast query ${service.type}.local PTR (SRV, TXT)`,
    received: `${service.instance}.${service.type}.local port ${service.port} TXT ${txtText(service.txt)}`,
  };
}

/**
 * The host's Matter records, validated. A record with garbage in a key is rejected with the reason rather than read
 * in part; a host whose every record is rejected is no Matter node to iotwarden.
 */
export function matterAnnouncement(services: readonly AnnouncedService[] | undefined): MatterAnnouncement {
  const found: MatterAnnouncement = { commissionable: [], operational: [], rejected: [] };
  for (const service of (services ?? []).filter((s) => isType(s, COMMISSIONABLE_TYPE)).slice(0, MAX_RECORDS)) {
    const parsed = commissionableTxtSchema.safeParse(service.txt);
    if (parsed.success) {
      const mac = macOfHostName(service.host);
      found.commissionable.push({
        ...(mac ? { mac } : {}),
        instance: service.instance,
        port: service.port,
        txt: parsed.data,
        evidence: evidenceOf(service),
      });
    } else {
      found.rejected.push(`${COMMISSIONABLE_TYPE} record ${service.instance}: ${firstIssue(parsed.error)}`);
    }
  }
  for (const service of (services ?? []).filter((s) => isType(s, OPERATIONAL_TYPE)).slice(0, MAX_RECORDS)) {
    const instance = operationalInstanceSchema.safeParse(service.instance);
    const txt = operationalTxtSchema.safeParse(service.txt);
    if (instance.success && txt.success) {
      found.operational.push({ ...instance.data, evidence: evidenceOf(service) });
    } else {
      const error = instance.success ? (txt.error as NonNullable<typeof txt.error>) : instance.error;
      found.rejected.push(`${OPERATIONAL_TYPE} record ${service.instance}: ${firstIssue(error)}`);
    }
  }
  return found;
}

/** `B75AFB458ECD` → `B7:5A:FB:45:8E:CD`; undefined for a 64-bit Thread address or anything else. */
export function macOfHostName(host: string | undefined): string | undefined {
  if (!host || !/^[0-9A-Fa-f]{12}$/.test(host)) return undefined;
  return host.toUpperCase().match(/../g)!.join(':');
}

/** Whether a host announced any Matter service type at all (valid or not): the scan's cheap pre-check. */
export function announcesMatter(services: readonly AnnouncedService[] | undefined): boolean {
  return (services ?? []).some((s) => isType(s, COMMISSIONABLE_TYPE) || isType(s, OPERATIONAL_TYPE));
}

import type { Generated } from 'kysely';
import type {
  DnsBucketRow,
  DnsClientRow,
  DnsDomainRow,
  DnsNetworkHostRow,
  DnsPairRow,
  DnsSourceRow,
} from '../sources/types.ts';

/** Kysely table types of migration 003 (DNS), part of StoreSchema. Row semantics live in src/sources/types.ts. */
export interface DnsSchema {
  dns_sources: Omit<DnsSourceRow, 'id'> & { id: Generated<number> };
  dns_clients: Omit<DnsClientRow, 'id'> & { id: Generated<number> };
  dns_domains: Omit<DnsDomainRow, 'id'> & { id: Generated<number> };
  dns_pairs: Omit<DnsPairRow, 'id'> & { id: Generated<number> };
  dns_buckets: DnsBucketRow;
  dns_network_hosts: DnsNetworkHostRow;
}

export { AdguardApiSource, type AdguardApiSourceOptions } from './adguard/api-source.ts';
export { AdguardLogSource } from './adguard/log-source.ts';
export { DnsmasqLogSource } from './dnsmasq/log-source.ts';
export { type ImportDnsOptions, importDns } from './import-dns.ts';
export { PiholeApiSource, type PiholeApiSourceOptions } from './pihole/api-source.ts';
export { FtlDbSource, type FtlDbSourceOptions } from './pihole/ftl-db-source.ts';
export type { DnsImportSink, DnsReadOptions, DnsReadOutcome, DnsSourceReader } from './source.ts';
export { sourceKey } from './source.ts';
export { DNS_SOURCE_ERROR_CODES, DnsSourceError, type DnsSourceErrorCode } from './source-errors.ts';
export type * from './types.ts';
export {
  BURST_GAP_MS,
  DNS_BUCKET_MS,
  DNS_SOURCE_KINDS,
  DNS_STATUSES,
  GAP_HIST_RATIO,
  gapHistBin,
  QTYPE_BITS,
} from './types.ts';

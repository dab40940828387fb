/**
 * DHCP lease files (dnsmasq, OpenWrt, ISC dhcpd; parsed by src/net/dhcp-leases.ts) as inventory sightings: the
 * router's own list of who holds which address, with the host name the client asked for.
 */
import { parseDhcpLeases } from '../../net/dhcp-leases.ts';
import { readFileBounded } from '../../util/read-bounded.ts';
import type { SourceSighting } from '../sighting.ts';
import { SOURCE_ERROR_CODES, SourceError } from '../source-error.ts';

/** A home router's lease file is a few KiB; 8 MiB leaves room for an ISC file that was never compacted. */
const MAX_LEASE_BYTES = 8 * 1024 * 1024;

/** Reads one lease file; a missing, unreadable or oversized file is a SourceError naming it. */
export function leaseSightings(file: string, seenMs: number): SourceSighting[] {
  let text: string | undefined;
  try {
    text = readFileBounded(file, MAX_LEASE_BYTES);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new SourceError(SOURCE_ERROR_CODES.unreachable, 'DHCP leases', file, `cannot read the file (${code})`, error);
  }
  if (text === undefined) {
    throw new SourceError(SOURCE_ERROR_CODES.format, 'DHCP leases', file, `larger than ${MAX_LEASE_BYTES} bytes`);
  }
  return parseDhcpLeases(text, `dhcp:${file}`).flatMap((record) =>
    record.mac
      ? [
          {
            source: 'dhcp-leases' as const,
            location: file,
            key: record.mac,
            mac: record.mac,
            address: record.address,
            ...(record.hostname ? { name: record.hostname } : {}),
            seenMs,
            facts: record.hostname ? { hostname: record.hostname } : {},
          },
        ]
      : [],
  );
}

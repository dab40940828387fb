import { type FileHandle, open } from 'node:fs/promises';
import { ConfigError } from '../errors/index.ts';
import { usableMac } from './mac.ts';
import { inScope, type PassiveRecord } from './passive-record.ts';
import type { TargetSet } from './targets.ts';

/**
 * DHCP lease files, the router's own list of who is on the network. Two formats are read:
 * - dnsmasq (also OpenWrt's `/tmp/dhcp.leases`): one lease per line, `<expiry> <mac> <ip> <hostname> <client-id>`,
 *   where expiry is epoch seconds (0 = infinite) and `*` marks an unknown hostname (dnsmasq src/lease.c).
 *   DHCPv6 lines carry an IAID instead of a MAC and are skipped, as is the `duid` line.
 * - ISC dhcpd `dhcpd.leases`: `lease <ip> { … }` blocks (dhcpd.leases(5)); the file is append-only, so the last
 *   block for an address wins, and only `binding state active` leases count.
 * odhcpd's IPv6 lease file lists no MAC addresses and is not read.
 */
export function parseDhcpLeases(text: string, source: string): PassiveRecord[] {
  return /^\s*lease\s+[\d.]+\s*\{/m.test(text) ? parseIscLeases(text, source) : parseDnsmasqLeases(text, source);
}

export function parseDnsmasqLeases(text: string, source: string): PassiveRecord[] {
  const records: PassiveRecord[] = [];
  for (const line of text.split('\n')) {
    const [expiry, macText, address, hostname] = line.trim().split(/\s+/);
    if (!expiry || !macText || !address || !/^\d+$/.test(expiry)) continue;
    const mac = usableMac(macText);
    if (!mac) continue;
    const expirySeconds = Number(expiry);
    records.push({
      address,
      mac,
      source,
      ...(hostname && hostname !== '*' ? { hostname } : {}),
      ...(expirySeconds > 0 ? { expiresAt: expirySeconds * 1000 } : {}),
    });
  }
  return records;
}

export function parseIscLeases(text: string, source: string): PassiveRecord[] {
  const byAddress = new Map<string, PassiveRecord | undefined>();
  for (const block of text.matchAll(/lease\s+([\d.]+)\s*\{([^}]*)\}/g)) {
    const address = block[1] ?? '';
    const body = block[2] ?? '';
    const mac = usableMac(/hardware\s+ethernet\s+([0-9a-fA-F:]+)\s*;/.exec(body)?.[1] ?? '');
    // `binding state` alone: `next binding state` and `rewind binding state` describe the future, not now.
    const state = /(?:^|;)\s*binding\s+state\s+(\w+)\s*;/.exec(body)?.[1];
    if (!mac || (state !== undefined && state !== 'active')) {
      byAddress.set(address, undefined);
      continue;
    }
    const hostname = /client-hostname\s+"([^"]*)"\s*;/.exec(body)?.[1];
    // `ends <weekday> YYYY/MM/DD HH:MM:SS;` in UTC, or `ends never;`.
    const ends = /ends\s+\d\s+(\d{4})\/(\d{2})\/(\d{2})\s+(\d{2}):(\d{2}):(\d{2})\s*;/.exec(body);
    const expiresAt = ends ? Date.UTC(+ends[1]!, +ends[2]! - 1, +ends[3]!, +ends[4]!, +ends[5]!, +ends[6]!) : undefined;
    byAddress.set(address, {
      address,
      mac,
      source,
      ...(hostname ? { hostname } : {}),
      ...(state ? { state } : {}),
      ...(expiresAt !== undefined ? { expiresAt } : {}),
    });
  }
  return [...byAddress.values()].filter((record): record is PassiveRecord => record !== undefined);
}

/** A lease file of a home router is a few kB; anything far bigger is not a lease file. */
const MAX_LEASE_FILE_BYTES = 16 * 1024 * 1024;

/**
 * Reads each configured lease file and keeps the leases inside the targets. Each record's source is
 * `dhcp:<file>` so the user sees which file knew the host. A file the user named but that cannot be read is a
 * ConfigError: a typo in a path must not silently shrink what a scan knows.
 */
export async function readDhcpLeases(files: readonly string[], targets: TargetSet): Promise<PassiveRecord[]> {
  const records: PassiveRecord[] = [];
  for (const file of files) {
    // No spread into push: a large file has more leases than a call can take arguments.
    for (const record of parseDhcpLeases(await readLeaseFile(file), `dhcp:${file}`)) records.push(record);
  }
  return inScope(records, targets);
}

/**
 * The text of a lease file, read to at most MAX_LEASE_FILE_BYTES: the cap counts the bytes read, not what stat
 * says, which is nothing for a pipe and too little for a file still growing.
 */
async function readLeaseFile(file: string): Promise<string> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    const buffer = Buffer.alloc(64 * 1024);
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > MAX_LEASE_FILE_BYTES) {
        throw new ConfigError(`lease file is over ${MAX_LEASE_FILE_BYTES} bytes`, { file });
      }
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`cannot read DHCP lease file: ${code}`, { file, cause: error });
  } finally {
    await handle?.close();
  }
}

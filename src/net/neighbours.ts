import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { usableMac } from './mac.ts';
import { inScope, type PassiveRecord } from './passive-record.ts';
import type { TargetSet } from './targets.ts';

/** ATF_COM in include/uapi/linux/if_arp.h: the entry is resolved. Incomplete entries have no MAC. */
const ATF_COM = 0x02;

/**
 * Parses `/proc/net/arp`: a header line, then `IP address  HW type  Flags  HW address  Mask  Device` columns
 * (net/ipv4/arp.c, arp_seq_show). Incomplete entries are skipped.
 */
export function parseProcNetArp(text: string): PassiveRecord[] {
  const records: PassiveRecord[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [address, , flags, hw, , device] = line.trim().split(/\s+/);
    if (!address || !flags || !hw) continue;
    const mac = usableMac(hw);
    if (!mac || (Number.parseInt(flags, 16) & ATF_COM) === 0) continue;
    records.push({ address, mac, source: 'arp', ...(device ? { interface: device } : {}) });
  }
  return records;
}

const neighEntry = z.object({
  dst: z.string(),
  dev: z.string().optional(),
  lladdr: z.string().optional(),
  state: z.array(z.string()).optional(),
});

/** States of an entry whose MAC is not (or no longer) known: RFC 4861 §7.3.2 and the kernel's NUD_FAILED. */
const UNRESOLVED = new Set(['FAILED', 'INCOMPLETE']);

/** Parses `ip -j neigh` (iproute2 JSON): IPv4 and IPv6 neighbours with a link-layer address. */
export function parseIpNeighJson(text: string): PassiveRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const records: PassiveRecord[] = [];
  for (const raw of parsed) {
    const entry = neighEntry.safeParse(raw);
    if (!entry.success || !entry.data.lladdr) continue;
    const mac = usableMac(entry.data.lladdr);
    const state = entry.data.state ?? [];
    if (!mac || state.some((s) => UNRESOLVED.has(s))) continue;
    records.push({
      address: entry.data.dst,
      mac,
      source: 'neigh',
      ...(entry.data.dev ? { interface: entry.data.dev } : {}),
      ...(state[0] ? { state: state.join(',') } : {}),
    });
  }
  return records;
}

export interface ReadNeighboursOptions {
  targets: TargetSet;
  /** Defaults to `/proc/net/arp`. */
  arpFile?: string;
  /** Runs `ip -j neigh`; replaceable for tests. Pass `false` to skip it. */
  ipNeigh?: (() => Promise<string>) | false;
  timeoutMs?: number;
}

/** Output of `ip -j neigh` on a large home network is a few tens of kB. */
const MAX_IP_OUTPUT_BYTES = 4 * 1024 * 1024;

function runIpNeigh(timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('ip', ['-j', 'neigh', 'show'], { timeout: timeoutMs, maxBuffer: MAX_IP_OUTPUT_BYTES }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}

/**
 * Reads the kernel's neighbour tables (both views: /proc/net/arp is IPv4 only, `ip neigh` adds IPv6 and states),
 * keeping only records inside the targets. A missing file or `ip` binary is not an error: the table is a bonus.
 */
export async function readNeighbours(options: ReadNeighboursOptions): Promise<PassiveRecord[]> {
  const arp = await readFile(options.arpFile ?? '/proc/net/arp', 'utf8').then(parseProcNetArp, () => []);
  const ipNeigh = options.ipNeigh === undefined ? () => runIpNeigh(options.timeoutMs ?? 2000) : options.ipNeigh;
  const neigh = ipNeigh ? await ipNeigh().then(parseIpNeighJson, () => []) : [];
  return inScope([...arp, ...neigh], options.targets);
}

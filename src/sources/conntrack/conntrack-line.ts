/**
 * One connection of the Linux connection tracking table, in the text the kernel and the conntrack tool write:
 *   /proc/net/nf_conntrack (OpenWrt, any router):
 *     `ipv4     2 tcp      6 300 ESTABLISHED src=… dst=… sport=… dport=… [packets=… bytes=…] src=… dst=… sport=…
 *      dport=… [packets=… bytes=…] [ASSURED] mark=0 zone=0 use=2`
 *   `conntrack -L` (conntrack-tools): the same without the leading layer-3 pair (`-o extended` adds it back, `-o id`
 *     appends `id=…`).
 * The first src/dst/sport/dport group is the original direction (who opened it), the second the reply direction
 * (with NAT, the address that really answered). ICMP carries `type= code= id=` instead of ports.
 * Newer kernels add fields (zone=, labels=, secctx=, helper=, delta-time=, [OFFLOAD], [HW_OFFLOAD]): every
 * `key=value` and `[FLAG]` token this parser does not know is tolerated and reported by name, so an import from a
 * newer kernel works and says what it skipped. A token of any other shape, or a line without its original tuple,
 * is refused with ERR_CONNTRACK_LINE.
 */

export interface ConntrackTuple {
  src: string;
  dst: string;
  sport?: number;
  dport?: number;
  /** ICMP: type, code and identifier. */
  icmp?: { type: number; code: number; id: number };
  packets?: number;
  bytes?: number;
}

export interface ConntrackEntry {
  /** `ipv4` / `ipv6` when the line says (proc format, `-o extended`). */
  family?: string;
  /** Layer-4 protocol name as written (`tcp`, `udp`, `icmp`, `unknown`) and its number. */
  protocolName: string;
  protocol: number;
  /** Seconds until the entry expires. */
  timeoutS: number;
  /** TCP state (`ESTABLISHED`, `TIME_WAIT`, …), when the protocol has one. */
  state?: string;
  original: ConntrackTuple;
  reply?: ConntrackTuple;
  flags: string[];
  /** `id=` (conntrack -o id), `zone=`, `mark=`, when present. */
  id?: string;
  zone?: string;
  /** Keys and flags this parser does not know (a newer kernel's), to report once per import. */
  unknown: string[];
}

export type ConntrackParse = { ok: true; entry: ConntrackEntry } | { ok: false; reason: string };

const KNOWN_KEYS = new Set([
  'mark',
  'use',
  'secmark',
  'secctx',
  'portid',
  'labels',
  'helper',
  'delta-time',
  'timestamp',
]);
const KNOWN_FLAGS = new Set(['ASSURED', 'UNREPLIED', 'SEEN_REPLY', 'OFFLOAD', 'HW_OFFLOAD', 'FIXED_TIMEOUT', 'DYING']);
const TUPLE_KEYS = new Set(['src', 'dst', 'sport', 'dport', 'type', 'code', 'id', 'packets', 'bytes']);

function integer(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^\d{1,20}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}

interface Header {
  family?: string;
  protocolName: string;
  protocol: number;
  timeoutS: number;
  state?: string;
  rest: string[];
}

function header(tokens: string[]): Header | string {
  let index = 0;
  let family: string | undefined;
  // proc / -o extended: `ipv4 2` before the layer-4 pair.
  if (/^ipv[46]$/.test(tokens[0] ?? '') && integer(tokens[1], 255) !== undefined) {
    family = tokens[0];
    index = 2;
  }
  const protocolName = tokens[index];
  const protocol = integer(tokens[index + 1], 255);
  const timeoutS = integer(tokens[index + 2], 2 ** 32);
  if (!protocolName || !/^[a-z0-9-]+$/.test(protocolName) || protocol === undefined || timeoutS === undefined) {
    return 'does not start with a protocol name, its number and a timeout';
  }
  index += 3;
  let state: string | undefined;
  if (/^[A-Z_]+$/.test(tokens[index] ?? '')) {
    state = tokens[index];
    index += 1;
  }
  const result: Header = { protocolName, protocol, timeoutS, rest: tokens.slice(index) };
  if (family !== undefined) result.family = family;
  if (state !== undefined) result.state = state;
  return result;
}

/** Fills a tuple from one `key=value` token; false when the value is malformed. */
function setTupleField(
  tuple: Partial<ConntrackTuple> & { type?: number; code?: number; icmpId?: number },
  key: string,
  value: string,
): boolean {
  if (key === 'src' || key === 'dst') {
    if (!/^[0-9a-fA-F.:]{2,45}$/.test(value)) return false;
    tuple[key] = value.toLowerCase();
    return true;
  }
  const max =
    key === 'packets' || key === 'bytes' ? Number.MAX_SAFE_INTEGER : key === 'type' || key === 'code' ? 255 : 65535;
  const number = integer(value, max);
  if (number === undefined) return false;
  if (key === 'id') tuple.icmpId = number;
  else (tuple as Record<string, number>)[key] = number;
  return true;
}

/** Parses one line; blank lines and `conntrack v1.4.7 (conntrack-tools): N flow entries have been shown.` are not entries. */
export function parseConntrackLine(line: string): ConntrackParse | undefined {
  const text = line.trim();
  if (text === '' || text.startsWith('conntrack v')) return undefined;
  const tokens = text.split(/\s+/);
  const head = header(tokens);
  if (typeof head === 'string') return { ok: false, reason: head };
  const tuples: Array<Partial<ConntrackTuple> & { type?: number; code?: number; icmpId?: number }> = [];
  const entry: ConntrackEntry = {
    protocolName: head.protocolName,
    protocol: head.protocol,
    timeoutS: head.timeoutS,
    original: { src: '', dst: '' },
    flags: [],
    unknown: [],
  };
  if (head.family !== undefined) entry.family = head.family;
  if (head.state !== undefined) entry.state = head.state;
  for (const token of head.rest) {
    const flag = /^\[([A-Z_]+)\]$/.exec(token);
    if (flag) {
      entry.flags.push(flag[1]!);
      if (!KNOWN_FLAGS.has(flag[1]!)) entry.unknown.push(`[${flag[1]}]`);
      continue;
    }
    const pair = /^([a-z][a-z0-9_-]*)=(\S*)$/.exec(token);
    if (!pair) return { ok: false, reason: `unexpected token "${token.slice(0, 40)}"` };
    const [, key = '', value = ''] = pair;
    // A `src=` starts a tuple; the tuple keys after it belong to it. `id=` after both tuples is conntrack's own id.
    if (key === 'src') tuples.push({});
    const current = tuples.at(-1);
    // `id=` is the ICMP identifier inside an ICMP tuple, else conntrack's own id (`-o id`, after both tuples).
    const icmpId = key === 'id' && current?.type !== undefined && current.icmpId === undefined;
    if (TUPLE_KEYS.has(key) && current && (key !== 'id' || icmpId)) {
      if (!setTupleField(current, key, value)) return { ok: false, reason: `malformed ${key}=${value.slice(0, 40)}` };
      continue;
    }
    if (key === 'id') entry.id = value;
    else if (key === 'zone') entry.zone = value;
    else if (!KNOWN_KEYS.has(key)) entry.unknown.push(key);
  }
  const [original, reply] = tuples.map(finishTuple);
  if (!original || original.src === '' || original.dst === '')
    return { ok: false, reason: 'no original src=/dst= tuple' };
  const ported =
    entry.protocolName === 'tcp' ||
    entry.protocolName === 'udp' ||
    entry.protocolName === 'sctp' ||
    entry.protocolName === 'udplite';
  if (ported && (original.sport === undefined || original.dport === undefined)) {
    return { ok: false, reason: `a ${entry.protocolName} entry without sport=/dport=` };
  }
  entry.original = original;
  if (reply && reply.src !== '' && reply.dst !== '') entry.reply = reply;
  return { ok: true, entry };
}

function finishTuple(raw: Partial<ConntrackTuple> & { type?: number; code?: number; icmpId?: number }): ConntrackTuple {
  const tuple: ConntrackTuple = { src: raw.src ?? '', dst: raw.dst ?? '' };
  if (raw.sport !== undefined) tuple.sport = raw.sport;
  if (raw.dport !== undefined) tuple.dport = raw.dport;
  if (raw.type !== undefined) tuple.icmp = { type: raw.type, code: raw.code ?? 0, id: raw.icmpId ?? 0 };
  if (raw.packets !== undefined) tuple.packets = raw.packets;
  if (raw.bytes !== undefined) tuple.bytes = raw.bytes;
  return tuple;
}

/**
 * Identifies a connection across snapshots: conntrack's own `id=` when the line has one, else protocol, zone and the
 * original tuple (the client's ephemeral port makes it unique among live connections).
 */
export function connectionKey(entry: ConntrackEntry): string {
  if (entry.id !== undefined) return `id:${entry.id}`;
  const o = entry.original;
  const ports = o.icmp ? `${o.icmp.type}/${o.icmp.code}/${o.icmp.id}` : `${o.sport ?? ''}/${o.dport ?? ''}`;
  return `${entry.protocol}|${entry.zone ?? ''}|${o.src}|${o.dst}|${ports}`;
}

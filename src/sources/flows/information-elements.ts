/**
 * The information elements iotwarden reads from v9 and IPFIX data records. Ids are the IANA IPFIX registry's
 * (RFC 7012; v9's field types 1–127 in RFC 3954 §8 are the same numbers). Numeric elements may arrive in fewer bytes
 * than their type ("reduced-size encoding", RFC 7011 §6.2), so counters are read as big-endian unsigned integers of
 * any length from 1 to 8 bytes; addresses and MACs must have their exact size or are ignored.
 */
import { MAX_COUNTER } from './flow-record.ts';

/** A record being decoded: every field optional until finishRecord checks what it got. */
export interface RecordDraft {
  src4?: string | undefined;
  dst4?: string | undefined;
  src6?: string | undefined;
  dst6?: string | undefined;
  srcPort?: number | undefined;
  dstPort?: number | undefined;
  protocol?: number | undefined;
  packets?: number | undefined;
  bytes?: number | undefined;
  srcMac?: string | undefined;
  dstMac?: string | undefined;
  tcpFlags?: number | undefined;
  /** flowStart/EndSysUpTime: ms since the exporter booted. */
  startUptimeMs?: number | undefined;
  endUptimeMs?: number | undefined;
  /** Absolute times, Unix ms. */
  startMs?: number | undefined;
  endMs?: number | undefined;
  /** Options data: systemInitTimeMilliseconds. */
  systemInitMs?: number | undefined;
}

/**
 * An empty draft with every field present, so all drafts share one shape and the element readers that fill them
 * stay monomorphic (a draft that grew field by field took a different hidden class per template).
 */
export function emptyDraft(): RecordDraft {
  return {
    src4: undefined,
    dst4: undefined,
    src6: undefined,
    dst6: undefined,
    srcPort: undefined,
    dstPort: undefined,
    protocol: undefined,
    packets: undefined,
    bytes: undefined,
    srcMac: undefined,
    dstMac: undefined,
    tcpFlags: undefined,
    startUptimeMs: undefined,
    endUptimeMs: undefined,
    startMs: undefined,
    endMs: undefined,
    systemInitMs: undefined,
  };
}

/** Big-endian unsigned integer of 1 to 8 bytes, clamped to MAX_COUNTER. */
export function readUnsigned(buffer: Buffer, offset: number, length: number): number {
  // The sizes exporters use for ports, protocol, uptimes and 32-bit counters, read without the generic path.
  if (length === 4) return buffer.readUInt32BE(offset);
  if (length === 2) return buffer.readUInt16BE(offset);
  if (length === 1) return buffer.readUInt8(offset);
  if (length <= 6) return buffer.readUIntBE(offset, length);
  const high = buffer.readUIntBE(offset, length - 4);
  const value = high * 2 ** 32 + buffer.readUInt32BE(offset + length - 4);
  return Math.min(value, MAX_COUNTER);
}

/**
 * The text of recently seen IPv4 addresses, by their 32-bit value. A home's flows name a few hundred addresses over
 * and over; handing back the same string each time spares the collector an allocation per address, and lets the
 * aggregator's maps find it by a hash computed once (measured with bench:flows: formatting was a tenth of decoding).
 * Bounded: emptied when it reaches IPV4_TEXT_CACHE_SIZE, so a scan of a /8 cannot grow it.
 */
const ipv4Text = new Map<number, string>();
const IPV4_TEXT_CACHE_SIZE = 8192;

export function ipv4At(buffer: Buffer, offset: number): string {
  const value = buffer.readUInt32BE(offset);
  const cached = ipv4Text.get(value);
  if (cached !== undefined) return cached;
  if (ipv4Text.size >= IPV4_TEXT_CACHE_SIZE) ipv4Text.clear();
  const text = `${buffer[offset]}.${buffer[offset + 1]}.${buffer[offset + 2]}.${buffer[offset + 3]}`;
  ipv4Text.set(value, text);
  return text;
}

/** RFC 5952 text of an IPv6 address: lower case, leading zeros dropped, the longest run of zero groups as `::`. */
export function ipv6At(buffer: Buffer, offset: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(buffer.readUInt16BE(offset + i * 2));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const text = (part: number[]): string => part.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return text(groups);
  return `${text(groups.slice(0, bestStart))}::${text(groups.slice(bestStart + bestLength))}`;
}

export function macAt(buffer: Buffer, offset: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push(buffer[offset + i]!.toString(16).padStart(2, '0'));
  return parts.join(':').toUpperCase();
}

/** Seconds since 1900 (NTP era 0) to the Unix epoch: RFC 7011 §6.1.10 dateTimeMicroseconds/Nanoseconds. */
const NTP_TO_UNIX_SECONDS = 2_208_988_800;

function ntpTimeMs(buffer: Buffer, offset: number): number {
  const seconds = buffer.readUInt32BE(offset);
  const fraction = buffer.readUInt32BE(offset + 4);
  return (seconds - NTP_TO_UNIX_SECONDS) * 1000 + Math.floor((fraction / 2 ** 32) * 1000);
}

export type Apply = (draft: RecordDraft, buffer: Buffer, offset: number, length: number) => void;

/**
 * An unsigned element of at most `maxBytes` (its type's size: 2 for ports, 1 for the protocol, 8 for counters).
 * Fewer bytes is reduced-size encoding; more is not a valid encoding of the type, and the field is ignored.
 */
const unsigned =
  (
    key: 'srcPort' | 'dstPort' | 'protocol' | 'packets' | 'bytes' | 'tcpFlags' | 'startMs' | 'endMs',
    maxBytes: number,
  ): Apply =>
  (draft, buffer, offset, length) => {
    if (length >= 1 && length <= maxBytes) draft[key] = readUnsigned(buffer, offset, length);
  };
const uptime =
  (key: 'startUptimeMs' | 'endUptimeMs'): Apply =>
  (draft, buffer, offset, length) => {
    if (length >= 1 && length <= 4) draft[key] = readUnsigned(buffer, offset, length);
  };
const seconds =
  (key: 'startMs' | 'endMs'): Apply =>
  (draft, buffer, offset, length) => {
    if (length >= 1 && length <= 4) draft[key] = readUnsigned(buffer, offset, length) * 1000;
  };
const ntp =
  (key: 'startMs' | 'endMs'): Apply =>
  (draft, buffer, offset, length) => {
    if (length === 8) draft[key] = ntpTimeMs(buffer, offset);
  };
const v4 =
  (key: 'src4' | 'dst4'): Apply =>
  (draft, buffer, offset, length) => {
    if (length === 4) draft[key] = ipv4At(buffer, offset);
  };
const v6 =
  (key: 'src6' | 'dst6'): Apply =>
  (draft, buffer, offset, length) => {
    if (length === 16) draft[key] = ipv6At(buffer, offset);
  };
const mac =
  (key: 'srcMac' | 'dstMac'): Apply =>
  (draft, buffer, offset, length) => {
    if (length === 6) draft[key] ??= macAt(buffer, offset);
  };

/** IANA element id → what it fills in. Anything else is skipped by its length. */
export const ELEMENTS: ReadonlyMap<number, Apply> = new Map<number, Apply>([
  [1, unsigned('bytes', 8)], // octetDeltaCount
  [2, unsigned('packets', 8)], // packetDeltaCount
  [85, unsigned('bytes', 8)], // octetTotalCount
  [86, unsigned('packets', 8)], // packetTotalCount
  [4, unsigned('protocol', 1)], // protocolIdentifier
  [6, unsigned('tcpFlags', 2)], // tcpControlBits
  [7, unsigned('srcPort', 2)], // sourceTransportPort
  [11, unsigned('dstPort', 2)], // destinationTransportPort
  [8, v4('src4')], // sourceIPv4Address
  [12, v4('dst4')], // destinationIPv4Address
  [27, v6('src6')], // sourceIPv6Address
  [28, v6('dst6')], // destinationIPv6Address
  [22, uptime('startUptimeMs')], // flowStartSysUpTime (v9 FIRST_SWITCHED)
  [21, uptime('endUptimeMs')], // flowEndSysUpTime (v9 LAST_SWITCHED)
  [150, seconds('startMs')], // flowStartSeconds
  [151, seconds('endMs')], // flowEndSeconds
  [152, unsigned('startMs', 8)], // flowStartMilliseconds
  [153, unsigned('endMs', 8)], // flowEndMilliseconds
  [154, ntp('startMs')], // flowStartMicroseconds
  [155, ntp('endMs')], // flowEndMicroseconds
  [156, ntp('startMs')], // flowStartNanoseconds
  [157, ntp('endMs')], // flowEndNanoseconds
  // MACs: ingress elements first (`??=` keeps the first one seen), egress ones as the fallback softflowd uses (57).
  [56, mac('srcMac')], // sourceMacAddress (v9 IN_SRC_MAC)
  [80, mac('dstMac')], // destinationMacAddress (v9 IN_DST_MAC)
  [81, mac('srcMac')], // postSourceMacAddress (v9 OUT_SRC_MAC)
  [57, mac('dstMac')], // postDestinationMacAddress (v9 OUT_DST_MAC)
  [
    160, // systemInitTimeMilliseconds (options data)
    (draft, buffer, offset, length) => {
      if (length === 8) draft.systemInitMs = readUnsigned(buffer, offset, length);
    },
  ],
]);

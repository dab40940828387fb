/**
 * One unidirectional flow as a NetFlow v5/v9 or IPFIX exporter reports it (RFC 3954 §8, RFC 7011 §3 with the IANA
 * IPFIX information elements of RFC 7012), reduced to what iotwarden's traffic profiles need. Exporters describe the
 * same things with different fields (sysUptime offsets or absolute times, 32- or 64-bit counters, MACs from one of
 * several elements); the decoders fold them into this shape.
 */
export interface FlowRecord {
  /** First packet of the flow, Unix ms. */
  startMs: number;
  /** Last packet of the flow, Unix ms (≥ startMs). */
  endMs: number;
  /** Textual IPv4 (`192.0.2.1`) or compressed IPv6 address. */
  srcAddr: string;
  dstAddr: string;
  /** 0 when the protocol has no ports (ICMP, …). */
  srcPort: number;
  dstPort: number;
  /** IANA protocol number: 6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6. */
  protocol: number;
  packets: number;
  bytes: number;
  /** Upper-case colon form, when the exporter sends layer-2 fields (softflowd `-T ether`). */
  srcMac?: string;
  dstMac?: string;
  /** TCP flags ORed over the flow, when reported. */
  tcpFlags?: number;
}

/** Largest counter value kept exactly; 64-bit counters beyond it are clamped (a flow of 9 PB does not happen). */
export const MAX_COUNTER = Number.MAX_SAFE_INTEGER;

import { isLoopbackIpv4 } from './ipv4.ts';
import type { HostCounts } from './tcp-probe-loop.ts';
import type { HostTcpResult, TcpProbeOptions } from './tcp-probe-types.ts';

/** Every address in 127.0.0.0/8 and ::1 is this machine (RFC 1122 §3.2.1.3, RFC 4291 §2.5.3). */
export function isLoopbackAddress(address: string): boolean {
  return address === '::1' || isLoopbackIpv4(address);
}

/**
 * Does a host's TCP answer prove it exists? An open port always does. A refused port (RST) does on a real
 * network, but not on loopback, where the kernel answers RST for every address of 127.0.0.0/8 whether a lab
 * device lives there or not (docs/decisions/loopback-liveness.md).
 */
export function tcpProvesAlive(address: string, openPorts: number, refused: number): boolean {
  return openPorts > 0 || (refused > 0 && !isLoopbackAddress(address));
}

/** Per-connect deadline for a host: the option, else 300 ms on loopback and 1000 ms elsewhere. */
export function hostTimeoutMs(options: Pick<TcpProbeOptions, 'timeoutMs'>, address: string): number {
  return options.timeoutMs ?? (isLoopbackAddress(address) ? 300 : 1000);
}

/** Connection attempts per second for a host: the option, else unlimited on loopback and 300 elsewhere. */
export function hostRatePerSecond(options: Pick<TcpProbeOptions, 'ratePerHostPerSecond'>, address: string): number {
  return options.ratePerHostPerSecond ?? (isLoopbackAddress(address) ? Number.POSITIVE_INFINITY : 300);
}

/** Attempts a host may get at once before its rate applies. */
export function hostBurst(options: Pick<TcpProbeOptions, 'burstPerHost'>): number {
  return options.burstPerHost ?? 32;
}

/** The picture of a host from its counts; `complete` is false when the scan was cancelled before it was done. */
export function hostResult(
  address: string,
  counts: Omit<HostCounts, 'id'> | undefined,
  complete: boolean,
): HostTcpResult {
  const openPorts = [...(counts?.open ?? [])].sort((a, b) => a - b);
  const refused = counts?.refused ?? 0;
  const alive = tcpProvesAlive(address, openPorts.length, refused);
  return {
    address,
    openPorts,
    refused,
    timedOut: counts?.timedOut ?? 0,
    unreachable: counts?.unreachable ?? 0,
    alive,
    aliveByRefusal: alive && openPorts.length === 0,
    complete,
  };
}

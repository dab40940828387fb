import type { CredentialLookup, ProbeContext } from '../../families/device-adapter.ts';
import type { HostFacts } from '../../families/facts.ts';
import { discoverHosts, toProbeTarget } from '../../net/discover.ts';
import type { PortResolver } from '../../net/port-overrides.ts';
import { parseTargets } from '../../net/targets.ts';
import { SERVICE_IDENTIFIERS } from '../../services/index.ts';
import type { Logger } from '../../util/logger.ts';
import { inspectHost } from '../scan/inspect-host.ts';
import { nameUnclaimedServices } from '../scan/port-names.ts';
import { SCAN_ADAPTERS, SCAN_UDP_PROBES } from '../scan/scan-adapters.ts';
import type { HostRescanner } from './health-check.ts';

export interface RescanOptions {
  credentials: CredentialLookup;
  credentialChecks: boolean;
  /** Re-evaluated per scan: a device that opened a port after its update may be mapped anew (lab port maps). */
  connectPort: () => PortResolver;
  /** Per device request. Default 3000. */
  requestTimeoutMs?: number;
  /** How long the UDP discovery probes listen. Default: discovery's own (500 ms on loopback, 1500 ms elsewhere). */
  udpTimeoutMs?: number;
  /** Whole-host inspection budget. Default 15 s. */
  hostBudgetMs?: number;
  log: Logger;
}

/**
 * The health check's eyes: the scanner's own discovery (TCP ports, UDP discovery, mDNS), adapter table and service
 * identifiers, aimed at one address, so the device is re-identified exactly as a scan would. The neighbour table
 * is not read: it says nothing about whether the device still works.
 */
export function scanRescanner(options: RescanOptions): HostRescanner {
  return async (address, ports, signal) => {
    const resolve = options.connectPort();
    const connectPort = (host: string, port: number, transport: 'tcp' | 'udp') => resolve(host, port, transport);
    const [found] = await discoverHosts({
      targets: parseTargets([address]),
      ports,
      connectPort,
      neighbours: false,
      udpProbes: SCAN_UDP_PROBES,
      signal,
      ...(options.udpTimeoutMs === undefined ? {} : { udpTimeoutMs: options.udpTimeoutMs }),
    });
    if (!found || found.address !== address) return undefined;
    const context: ProbeContext = {
      signal: AbortSignal.any([signal, AbortSignal.timeout(options.hostBudgetMs ?? 15_000)]),
      timeoutMs: options.requestTimeoutMs ?? 3000,
      maxBytes: 1 << 20,
      credentials: options.credentials,
      credentialChecks: options.credentialChecks,
      log: options.log,
    };
    const base: Omit<HostFacts, 'device' | 'services'> = { address, sources: found.sources };
    if (found.mac) base.mac = found.mac;
    if (found.vendor) base.macVendor = found.vendor;
    if (found.hostname) base.hostname = found.hostname;
    if (found.mdns.length > 0) base.mdns = found.mdns;
    const inspection = await inspectHost(toProbeTarget(found, connectPort), base, {
      adapters: SCAN_ADAPTERS,
      identifiers: SERVICE_IDENTIFIERS,
      context,
    });
    for (const problem of inspection.errors) options.log.debug({ address, problem }, 'health check rescan problem');
    nameUnclaimedServices(inspection.facts);
    return inspection.facts;
  };
}

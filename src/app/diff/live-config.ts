/**
 * Reads devices' configuration as it is now, through the same adapters a scan uses: discovery is limited to the
 * devices' own addresses and the TCP ports they had open last time, so a diff never sweeps anything.
 */
import type { CredentialLookup } from '../../families/device-adapter.ts';
import type { HostFacts } from '../../families/facts.ts';
import { portResolverFrom, readLivePortMaps } from '../../net/port-overrides.ts';
import { parseTargets } from '../../net/targets.ts';
import type { Logger } from '../../util/logger.ts';
import { runScan } from '../scan/run-scan.ts';

export interface LiveReadOptions {
  credentials: CredentialLookup;
  requestTimeoutMs?: number;
  log?: Logger;
  signal?: AbortSignal;
}

/** What a live read produced per address: the fresh facts, or why there are none. */
export type LiveRead = { address: string; facts: HostFacts } | { address: string; error: string };

/** Re-inspects the given known hosts and returns their fresh facts (with `device.config` when readable). */
export async function readLiveHosts(known: readonly HostFacts[], options: LiveReadOptions): Promise<LiveRead[]> {
  const addresses = [...new Set(known.map((host) => host.address))];
  const ports = [
    ...new Set(known.flatMap((host) => host.services.filter((s) => s.transport === 'tcp').map((s) => s.port))),
  ].sort((a, b) => a - b);
  if (addresses.length === 0) return [];
  if (ports.length === 0)
    return addresses.map((address) => ({ address, error: 'no open TCP port known from earlier scans' }));
  const outcome = await runScan({
    targets: parseTargets(addresses),
    ports,
    credentials: options.credentials,
    credentialChecks: false,
    connectPort: portResolverFrom(readLivePortMaps()),
    leaseFiles: [],
    neighbours: false,
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    ...(options.log ? { log: options.log } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  return addresses.map((address) => {
    const facts = outcome.hosts.find((host) => host.address === address);
    if (!facts) return { address, error: 'did not answer' };
    if (facts.device?.config === undefined) {
      const why = facts.device?.limitations.find((text) => /config|credential|login/i.test(text));
      return { address, error: why ?? 'answered, but its configuration could not be read' };
    }
    return { address, facts };
  });
}

import type { Credential, CredentialLookup, ProbeContext, ProbeTarget } from '../../src/families/device-adapter.ts';
import type { StartedSimulator } from '../../src/lab/core/start-simulator.ts';
import { silentLogger } from '../../src/util/logger.ts';

/**
 * A probe target and context for one lab device, as a scan would build them: used by adapter tests and the
 * conformance suite to read a simulator exactly as the product reads a real device.
 */
export function labProbeTarget(started: StartedSimulator): ProbeTarget {
  const tcp = started.host.bindings().filter((b) => b.transport === 'tcp');
  return {
    address: started.host.address,
    openTcpPorts: new Set(tcp.map((b) => b.port)),
    connectPort: (port, transport = 'tcp') => started.portOf(port, transport),
    udp: { answers: {} },
    mdns: started.simulator.mdnsServices().map(({ type, instance, port, txt }) => ({ type, instance, port, txt })),
  };
}

export function labProbeContext(options: { credential?: Credential; timeoutMs?: number } = {}): ProbeContext {
  const credentials: CredentialLookup = (query) => (query.family.startsWith('shelly') ? options.credential : undefined);
  return {
    signal: new AbortController().signal,
    timeoutMs: options.timeoutMs ?? 2000,
    maxBytes: 256 * 1024,
    credentials,
    credentialChecks: false,
    log: silentLogger,
  };
}

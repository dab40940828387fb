import type { CredentialLookup, ProbeContext, ProbeTarget } from '../../src/families/device-adapter.ts';
import type { StartedSimulator } from '../../src/lab/core/start-simulator.ts';
import { silentLogger } from '../../src/util/logger.ts';

/**
 * What discovery would have learned about one started simulator: its open ports (by real number), the port map,
 * its mDNS services and SSDP answers. Lets adapter tests run identify/inspect against a simulator without a scan.
 */
export function probeTargetOf(started: StartedSimulator, address: string): ProbeTarget {
  const bindings = started.host.bindings();
  return {
    address,
    openTcpPorts: new Set(bindings.filter((b) => b.transport === 'tcp').map((b) => b.port)),
    connectPort: (port, transport = 'tcp') => started.portOf(port, transport),
    udp: {
      answers: {},
      ssdp: started.simulator.ssdpAnswers().map((a) => ({
        st: a.st,
        usn: a.usn,
        location: a.location,
        server: a.server,
        ...Object.fromEntries(Object.entries(a.extraHeaders ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
      })),
    },
    mdns: started.simulator
      .mdnsServices()
      .map((s) => ({ type: s.type, instance: s.instance, port: s.port, txt: s.txt })),
  };
}

/** A probe context with test-sized limits and the given credentials (none by default). */
export function probeContext(credentials: CredentialLookup = () => undefined): ProbeContext {
  return {
    signal: AbortSignal.timeout(10_000),
    timeoutMs: 3000,
    maxBytes: 1024 * 1024,
    credentials,
    credentialChecks: true,
    log: silentLogger,
  };
}

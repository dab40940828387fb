import type { ProbeContext, ProbeTarget } from '../../src/families/device-adapter.ts';
import type { StartedSimulator } from '../../src/lab/core/start-simulator.ts';
import { silentLogger } from '../../src/util/logger.ts';

/**
 * A ProbeTarget for a simulator started in a test, as discovery would hand it to identifiers: real port numbers,
 * mapped to the bound ones through `connectPort`.
 */
export function targetFor(
  sim: StartedSimulator,
  address: string,
  extra: { udp?: ProbeTarget['udp']; openTcpPorts?: number[] } = {},
): ProbeTarget {
  const tcp = sim.host.bindings().filter((b) => b.transport === 'tcp');
  return {
    address,
    openTcpPorts: new Set(extra.openTcpPorts ?? tcp.map((b) => b.port)),
    connectPort: (port, transport = 'tcp') =>
      sim.host.bindings().find((b) => b.port === port && b.transport === transport)?.actual ?? port,
    udp: extra.udp ?? { answers: {} },
    mdns: [],
  };
}

export function contextFor(options: Partial<Omit<ProbeContext, 'log'>> = {}): ProbeContext {
  return {
    signal: options.signal ?? new AbortController().signal,
    timeoutMs: options.timeoutMs ?? 2000,
    maxBytes: options.maxBytes ?? 256 * 1024,
    credentials: options.credentials ?? (() => undefined),
    credentialChecks: options.credentialChecks ?? true,
    log: silentLogger,
  };
}

import type { ProbeContext, ProbeTarget } from '../../src/families/device-adapter.ts';
import { kasaSmartDiscoveryProbe, parseKasaSmartDiscovery } from '../../src/families/tplink/discovery.ts';
import type { StartedSimulator } from '../../src/lab/core/start-simulator.ts';
import { udpExchange } from '../../src/net/udp-exchange.ts';
import { silentLogger } from '../../src/util/logger.ts';
import { listSharedFixtures, readSharedJson } from './shared-fixtures.ts';

/** Shared helpers of the Kasa tests: fixtures, probe targets and contexts. Fixtures are read, never copied. */

export function readKasaFixture(folder: 'iot' | 'smart' | 'smartcam', file: string): Record<string, unknown> {
  return readSharedJson(`kasa/${folder}/${file}`) as Record<string, unknown>;
}

/** Every capture in a folder; a missing folder fails with the one line naming it (shared-fixtures.ts). */
export function listKasaFixtures(folder: 'iot' | 'smart' | 'smartcam'): string[] {
  return listSharedFixtures(`kasa/${folder}`).filter((f) => f.endsWith('.json'));
}

export function probeContext(overrides: Partial<ProbeContext> = {}): ProbeContext {
  return {
    signal: new AbortController().signal,
    timeoutMs: 2000,
    maxBytes: 1 << 20,
    credentials: () => undefined,
    credentialChecks: true,
    log: silentLogger,
    ...overrides,
  };
}

/** A probe target for one started simulator, with its shifted ports mapped like the lab's port map does. */
export function targetFor(
  started: StartedSimulator,
  address: string,
  extra: { openTcpPorts?: number[]; udp?: ProbeTarget['udp'] } = {},
): ProbeTarget {
  return {
    address,
    openTcpPorts: new Set(extra.openTcpPorts ?? []),
    connectPort: (port, transport = 'tcp') => {
      try {
        return started.portOf(port, transport);
      } catch {
        return port;
      }
    },
    udp: extra.udp ?? { answers: {} },
    mdns: [],
  };
}

/** Polls until `condition` holds (real time, short): for waiting on a simulator to reach its FakeClock sleep. */
export async function waitUntil(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** One UDP 20002 exchange with a simulated device, parsed as the scanner does. */
export async function discoverSmart(
  address: string,
  port: number,
  keys?: { publicKeyPem: string; privateKeyPem: string },
): Promise<Record<string, unknown> | undefined> {
  const answers = await udpExchange({
    host: address,
    port,
    payload: kasaSmartDiscoveryProbe(keys?.publicKeyPem, 7),
    timeoutMs: 1000,
    maxBytes: 65535,
    maxAnswers: 1,
  });
  const first = answers[0];
  return first ? parseKasaSmartDiscovery(first.data, keys?.privateKeyPem) : undefined;
}

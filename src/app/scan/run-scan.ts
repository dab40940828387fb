import { setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import { markCloudOnly } from '../../families/cloud-only/classify.ts';
import { type CredentialLookup, NO_CREDENTIALS_CONFIGURED, type ProbeContext } from '../../families/device-adapter.ts';
import type { HostFacts } from '../../families/facts.ts';
import { type DiscoveredHost, type DiscoveryProgress, discoverHosts, toProbeTarget } from '../../net/discover.ts';
import type { TargetSet } from '../../net/targets.ts';
import { SERVICE_IDENTIFIERS } from '../../services/index.ts';
import { type Clock, systemClock } from '../../util/clock.ts';
import { type Logger, silentLogger } from '../../util/logger.ts';
import { type CredentialGate, type WithheldCredential, withheldText } from './credential-gate.ts';
import { inspectHost } from './inspect-host.ts';
import { nameUnclaimedServices } from './port-names.ts';
import { SCAN_ADAPTERS, SCAN_UDP_PROBES } from './scan-adapters.ts';
import { ScanPhases } from './scan-phases.ts';

export interface ScanRequest {
  targets: TargetSet;
  /** Real TCP ports to probe. */
  ports: readonly number[];
  /** The owner's credentials for every host, unless a trust gate decides per host. */
  credentials: CredentialLookup;
  /** The trust gate: when given, each host's adapters get its per-host lookup instead of `credentials`. */
  credentialGate?: CredentialGate;
  credentialChecks: boolean;
  /** Real port → port to connect to (lab port maps). */
  connectPort: (address: string, port: number, transport: 'tcp' | 'udp') => number;
  leaseFiles?: readonly string[];
  neighbours?: boolean;
  connectTimeoutMs?: number;
  connectConcurrency?: number;
  /** Per device request deadline. */
  requestTimeoutMs?: number;
  /** Whole-host inspection deadline: a device that drips bytes cannot hold the scan longer than this. */
  hostBudgetMs?: number;
  maxBytes?: number;
  signal?: AbortSignal;
  clock?: Clock;
  log?: Logger;
  onDiscoveryProgress?: (progress: DiscoveryProgress) => void;
  onHostInspected?: (done: number, total: number) => void;
  /** Each host's facts as soon as it is inspected (to keep them durably); awaited before the host counts as done. */
  onHostFacts?: (facts: HostFacts) => Promise<void>;
}

export interface ScanOutcome {
  status: 'complete' | 'cancelled';
  startedMs: number;
  finishedMs: number;
  hosts: HostFacts[];
  /** Problems met on the way, per host; none of them stopped the scan. */
  problems: Array<{ address: string; message: string }>;
}

const INSPECT_CONCURRENCY = 32;

/**
 * The core loop up to facts: discover the configured targets and identify and inspect every live host in parallel,
 * each within its own time budget, starting with each host as soon as discovery has finished with it. Cancelling
 * keeps the hosts already inspected.
 */
export async function runScan(request: ScanRequest): Promise<ScanOutcome> {
  const clock = request.clock ?? systemClock;
  const log = request.log ?? silentLogger;
  const signal = request.signal ?? new AbortController().signal;
  // Every host inspection in flight listens on the scan's signal; that is by design, not a leak.
  setMaxListeners(0, signal);
  const startedMs = clock.now();
  const phases = new ScanPhases();
  const problems: ScanOutcome['problems'] = [];
  const hosts: HostFacts[] = [];
  const limit = pLimit(INSPECT_CONCURRENCY);
  const inspections: Array<Promise<void>> = [];
  const started = new Set<string>();
  let found: number | undefined;
  let done = 0;
  // A host is inspected as soon as discovery has all its evidence, while the other hosts are still being probed.
  const inspect = (host: DiscoveredHost): void => {
    started.add(host.address);
    const inspection = limit(async () => {
      if (signal.aborted) return;
      const facts = await inspectOne(host, request, signal, problems);
      hosts.push(facts);
      await request.onHostFacts?.(facts);
      done += 1;
      request.onHostInspected?.(done, found ?? started.size);
    });
    // Awaited below, after discovery; until then a failure must not count as an unhandled rejection.
    inspection.catch(() => undefined);
    inspections.push(inspection);
  };
  const discovered = await discoverHosts({
    targets: request.targets,
    ports: request.ports,
    connectPort: request.connectPort,
    leaseFiles: request.leaseFiles ?? [],
    udpProbes: SCAN_UDP_PROBES,
    neighbours: request.neighbours ?? true,
    tcp: {
      ...(request.connectTimeoutMs === undefined ? {} : { timeoutMs: request.connectTimeoutMs }),
      ...(request.connectConcurrency === undefined ? {} : { concurrency: request.connectConcurrency }),
    },
    signal,
    clock,
    onProgress: (progress) => {
      phases.onDiscoveryProgress(progress);
      request.onDiscoveryProgress?.(progress);
    },
    onHost: (host) => {
      phases.mark('firstHostReadyMs');
      inspect(host);
    },
  });
  log.debug({ hosts: discovered.length }, 'discovery done');
  found = discovered.length;
  // Hosts that discovery only completed at the end (cut short by a cancel) are inspected now.
  for (const host of discovered) if (!started.has(host.address)) inspect(host);
  await Promise.all(inspections);
  phases.mark('inspectedMs');
  log.debug(phases.record(), 'scan phases');
  hosts.sort((a, b) => compareAddresses(a.address, b.address));
  return {
    status: signal.aborted ? 'cancelled' : 'complete',
    startedMs,
    finishedMs: clock.now(),
    hosts,
    problems,
  };
}

async function inspectOne(
  host: DiscoveredHost,
  request: ScanRequest,
  scanSignal: AbortSignal,
  problems: ScanOutcome['problems'],
): Promise<HostFacts> {
  const budget = AbortSignal.timeout(request.hostBudgetMs ?? 15_000);
  const gate = request.credentialGate;
  const context: ProbeContext = {
    signal: AbortSignal.any([scanSignal, budget]),
    timeoutMs: request.requestTimeoutMs ?? 3000,
    maxBytes: request.maxBytes ?? 1 << 20,
    credentials: gate ? gate.forHost(host) : request.credentials,
    credentialChecks: request.credentialChecks,
    log: request.log ?? silentLogger,
  };
  const base: Omit<HostFacts, 'device' | 'services'> = { address: host.address, sources: host.sources };
  if (host.mac) base.mac = host.mac;
  if (host.vendor) base.macVendor = host.vendor;
  if (host.hostname) base.hostname = host.hostname;
  if (host.mdns.length > 0) base.mdns = host.mdns;
  const inspection = await inspectHost(toProbeTarget(host, request.connectPort), base, {
    adapters: SCAN_ADAPTERS,
    identifiers: SERVICE_IDENTIFIERS,
    context,
  });
  if (budget.aborted) {
    const message = `inspection stopped after ${request.hostBudgetMs ?? 15_000} ms`;
    inspection.errors.push(message);
    inspection.facts.problems = [...(inspection.facts.problems ?? []), message];
  }
  for (const message of inspection.errors) problems.push({ address: host.address, message });
  nameUnclaimedServices(inspection.facts);
  if (gate) explainWithheld(inspection.facts, gate.withheldFrom(host.address));
  // A device no family claimed may still be a known cloud-only product (an Echo, a Ring camera): say which.
  return markCloudOnly(inspection.facts);
}

/**
 * Puts what the gate withheld from a host first among its limitations (the checks quote limitations when they
 * cannot decide), and corrects the adapters' "no credentials configured": one was configured, and kept back.
 */
function explainWithheld(facts: HostFacts, withheld: readonly WithheldCredential[]): void {
  if (withheld.length === 0 || !facts.device) return;
  const device = facts.device;
  device.limitations = [
    ...withheld.map(withheldText),
    ...device.limitations.map((line) =>
      line.replace(NO_CREDENTIALS_CONFIGURED, 'the configured credentials were withheld from this device'),
    ),
  ];
}

function compareAddresses(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return a.localeCompare(b);
}

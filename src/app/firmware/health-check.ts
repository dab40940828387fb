import type { HostFacts, ProtocolTag } from '../../families/facts.ts';
import { describeNetworkChange, type PostureDelta, postureDelta, protocolLabel } from './posture-delta.ts';

/**
 * After an update the device must still work the way this home uses it: reachable, recognised by the same family
 * adapter, and every local port and protocol its integrations talked to before still answering. The comparison
 * is against the scan before the update, re-identifying the device exactly as a scan does.
 */

/** Scans one host again (discovery of the given real TCP ports, identification, inspection); undefined if gone. */
export type HostRescanner = (
  address: string,
  ports: readonly number[],
  signal: AbortSignal,
) => Promise<HostFacts | undefined>;

export interface HealthReport {
  healthy: boolean;
  reachable: boolean;
  /** The same family adapter recognised the device again. */
  sameFamily: boolean;
  /** Ports open before the update that no longer answer. */
  closedPorts: number[];
  /** Local protocols the device spoke before and no longer does. */
  lostProtocols: ProtocolTag[];
  /** Plain sentences, one per problem. */
  problems: string[];
  /** The facts after the update (undefined when the device did not answer at all). */
  after: HostFacts | undefined;
  delta: PostureDelta | undefined;
  /** The real TCP ports the check probed. */
  ports: number[];
}

/** Real TCP ports the health check probes: everything open before plus the device's usual management ports. */
export function healthPorts(before: HostFacts, extra: readonly number[]): number[] {
  const ports = new Set<number>(extra);
  for (const service of before.services) if (service.transport === 'tcp') ports.add(service.port);
  return [...ports].sort((a, b) => a - b);
}

export async function checkHealth(
  before: HostFacts,
  rescan: HostRescanner,
  options: { ports: readonly number[]; signal: AbortSignal },
): Promise<HealthReport> {
  const after = await rescan(before.address, options.ports, options.signal);
  if (!after || after.services.length === 0) {
    return {
      healthy: false,
      reachable: false,
      sameFamily: false,
      closedPorts: before.services.filter((s) => s.transport === 'tcp').map((s) => s.port),
      lostProtocols: before.device?.protocols ?? [],
      problems: ['the device does not answer on any port'],
      after,
      delta: undefined,
      ports: [...options.ports],
    };
  }
  const delta = postureDelta(before, after);
  const problems: string[] = [];
  const family = before.device?.family;
  const sameFamily = family === undefined || after.device?.family === family;
  if (!sameFamily) {
    problems.push(
      after.device
        ? `it now identifies as ${after.device.vendor} ${after.device.family} instead of ${family}`
        : `iotwarden no longer recognises it as a ${family} device`,
    );
  }
  const change = describeNetworkChange(delta);
  if (delta.portsClosed.length > 0 || delta.protocolsLost.length > 0) {
    const lost = delta.protocolsLost.map(protocolLabel);
    problems.push(
      `${change}${lost.length > 0 ? `: ${lost.join(' and ')} that local integrations used no longer answers` : ''}`,
    );
  }
  return {
    healthy: problems.length === 0,
    reachable: true,
    sameFamily,
    closedPorts: delta.portsClosed,
    lostProtocols: delta.protocolsLost,
    problems,
    after,
    delta,
    ports: [...options.ports],
  };
}

import type { ControlChannel, ControlState } from '../../families/descriptor.ts';
import type { DeviceFacts, HostFacts, ProtocolTag } from '../../families/facts.ts';
import { familyById } from '../../families/index.ts';
import type { InstallContext, InstallDevice } from '../../families/installer.ts';
import { describeNetworkChange, type PostureDelta, postureDelta, protocolLabel } from './posture-delta.ts';

/**
 * After an update the device must still work the way this home uses it: reachable, recognised by the same family
 * adapter, every local port and protocol its integrations talked to before still answering, and, where the family
 * can read it, its control state (relays, covers, lights) still readable (issue 10). The comparison is against the
 * scan and the control reading before the update, re-identifying the device exactly as a scan does.
 */

/** Scans one host again (discovery of the given real TCP ports, identification, inspection); undefined if gone. */
export type HostRescanner = (
  address: string,
  ports: readonly number[],
  signal: AbortSignal,
) => Promise<HostFacts | undefined>;

/** One reading of a device's control state: the channels, or why they could not be read. */
export interface ControlReading {
  /** Undefined when the device reports no channels, or when the read failed (then `error` says why). */
  state: ControlState | undefined;
  error: string | undefined;
}

/** The control state before and after the update, compared channel by channel. */
export interface ControlHealth {
  before: ControlState;
  after: ControlState | undefined;
  /** Channels readable before and not after (`relay:0`): each one fails the health check. */
  lost: string[];
  /** Channels readable both times whose state differs (on before, off after the reboot): reported, not a failure. */
  changed: string[];
  /** Why the reading after the update failed. */
  error: string | undefined;
}

export interface HealthReport {
  healthy: boolean;
  reachable: boolean;
  /** The same family adapter recognised the device again. */
  sameFamily: boolean;
  /** Ports open before the update that no longer answer. */
  closedPorts: number[];
  /** Local protocols the device spoke before and no longer does. */
  lostProtocols: ProtocolTag[];
  /** The control state comparison, when the family reads control state and it was readable before. */
  control: ControlHealth | undefined;
  /** Why the control state was not compared, when the family reads it but could not before the update. */
  controlSkipped: string | undefined;
  /** Plain sentences, one per problem. */
  problems: string[];
  /** The facts after the update (undefined when the device did not answer at all). */
  after: HostFacts | undefined;
  delta: PostureDelta | undefined;
  /** The real TCP ports the check probed. */
  ports: number[];
}

/** What the health check needs to compare control state: the reading before, and how to read it again. */
export interface ControlCheck {
  before: ControlReading;
  read: () => Promise<ControlReading | undefined>;
}

/** Real TCP ports the health check probes: everything open before plus the device's usual management ports. */
export function healthPorts(before: HostFacts, extra: readonly number[]): number[] {
  const ports = new Set<number>(extra);
  for (const service of before.services) if (service.transport === 'tcp') ports.add(service.port);
  return [...ports].sort((a, b) => a - b);
}

/**
 * Reads a device's control state through its family's capability (`descriptor.control`). Undefined when the family
 * has no reader; a failed read is a reading with its reason, never a rejection (an abort still rejects).
 */
export async function readControlState(
  facts: DeviceFacts | undefined,
  device: InstallDevice,
  context: InstallContext,
): Promise<ControlReading | undefined> {
  const control = familyById(facts?.family)?.control;
  if (!control) return undefined;
  try {
    return { state: await control.read(device, context), error: undefined };
  } catch (error) {
    if (context.signal.aborted) throw error;
    return { state: undefined, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * `relay 0`, `cover 1`, `light 0`: a channel as a sentence names it; a channel named rather than numbered (ESPHome's
 * `switch:pump`) by its name, `relay "pump"`.
 */
function channelName(channel: ControlChannel): string {
  const index = /(\d+)$/.exec(channel.id)?.[1];
  if (index !== undefined) return `${channel.kind} ${index}`;
  const name = channel.id.slice(channel.id.indexOf(':') + 1);
  return `${channel.kind} "${name}"`;
}

function sameState(a: ControlChannel, b: ControlChannel): boolean {
  return a.on === b.on && a.state === b.state && a.position === b.position && a.brightness === b.brightness;
}

function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Compares the reading after the update with the one before; the problem sentence when control was lost. */
async function compareControl(check: ControlCheck): Promise<{ health: ControlHealth; problem: string | undefined }> {
  const before = check.before.state as ControlState;
  const after = await check.read();
  const afterChannels = new Map((after?.state?.channels ?? []).map((channel) => [channel.id, channel]));
  const lostChannels = before.channels.filter((channel) => !afterChannels.has(channel.id));
  const changed = before.channels.filter((channel) => {
    const now = afterChannels.get(channel.id);
    return now !== undefined && !sameState(channel, now);
  });
  const health: ControlHealth = {
    before,
    after: after?.state,
    lost: lostChannels.map((channel) => channel.id),
    changed: changed.map((channel) => channel.id),
    error: after?.error,
  };
  if (lostChannels.length === 0) return { health, problem: undefined };
  const names = joinNames(lostChannels.map(channelName));
  const problem = after?.error
    ? `the state of its ${names} can no longer be read over its local API (it could before the update): ${after.error}`
    : `it no longer reports the state of its ${names} over its local API (it did before the update)`;
  return { health, problem };
}

export async function checkHealth(
  before: HostFacts,
  rescan: HostRescanner,
  options: { ports: readonly number[]; signal: AbortSignal; control?: ControlCheck },
): Promise<HealthReport> {
  const after = await rescan(before.address, options.ports, options.signal);
  const controlSkipped =
    options.control && !options.control.before.state && options.control.before.error
      ? `its control state could not be read before the update (${options.control.before.error}), so it was not compared`
      : undefined;
  if (!after || after.services.length === 0) {
    return {
      healthy: false,
      reachable: false,
      sameFamily: false,
      closedPorts: before.services.filter((s) => s.transport === 'tcp').map((s) => s.port),
      lostProtocols: before.device?.protocols ?? [],
      control: undefined,
      controlSkipped,
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
  let control: ControlHealth | undefined;
  if (options.control?.before.state) {
    const compared = await compareControl(options.control);
    control = compared.health;
    if (compared.problem) problems.push(compared.problem);
  }
  return {
    healthy: problems.length === 0,
    reachable: true,
    sameFamily,
    closedPorts: delta.portsClosed,
    lostProtocols: delta.protocolsLost,
    control,
    controlSkipped,
    problems,
    after,
    delta,
    ports: [...options.ports],
  };
}

import type {
  AdapterEntry,
  Identity,
  ProbeContext,
  ProbeTarget,
  ServiceIdentifier,
} from '../../families/device-adapter.ts';
import type { DeviceFacts, HostFacts, ServiceFacts } from '../../families/facts.ts';
import { copyJson } from '../../util/bounded-json.ts';

export interface InspectHostOptions {
  adapters: ReadonlyArray<AdapterEntry>;
  identifiers: ReadonlyArray<ServiceIdentifier>;
  context: ProbeContext;
}

/** What inspecting one host produced, including what went wrong (a hostile device must not spoil the scan). */
export interface HostInspection {
  /** The host; `facts.problems` repeats `errors` when there are any. */
  facts: HostFacts;
  /** Errors met on the way, one line each (`shelly-gen1 adapter: 127.77.1.9:80 did not answer within 2000 ms`). */
  errors: string[];
}

/** What every output prefixes a host's problems with, and the limitation an interrupted inspection leaves. */
export const NOT_FULLY_INSPECTED = 'could not fully inspect';

/**
 * Identifies one host: the first family adapter that recognises it inspects it in depth, then every open port is
 * given to the service identifiers. Each step is bounded by the context's signal and timeouts, and a failing
 * step is recorded and skipped, never fatal.
 *
 * Fails closed: when an adapter identified the device and then throws or runs out of time, the device keeps its
 * identity and every fact established so far (`identity.facts`), with the failure recorded, so a weak device is
 * never reported cleaner than what was seen.
 */
export async function inspectHost(
  target: ProbeTarget,
  base: Omit<HostFacts, 'device' | 'services'>,
  options: InspectHostOptions,
): Promise<HostInspection> {
  try {
    return await inspect(target, base, options);
  } catch (error) {
    // Every adapter and identifier failure is caught where it happens; this is the net under a bug of our own.
    const message = `inspection failed: ${describe(error)}`;
    return { facts: { ...base, services: [], problems: [message] }, errors: [message] };
  }
}

async function inspect(
  target: ProbeTarget,
  base: Omit<HostFacts, 'device' | 'services'>,
  options: InspectHostOptions,
): Promise<HostInspection> {
  const errors: string[] = [];
  const { context } = options;
  const device = await identifyDevice(target, options.adapters, context, errors);
  const services: ServiceFacts[] = [];
  for (const port of [...target.openTcpPorts].sort((a, b) => a - b)) {
    if (context.signal.aborted) break;
    const service = await identifyService(target, port, options.identifiers, context, errors);
    services.push(service ?? { port, transport: 'tcp', name: 'unknown', auth: 'unknown' });
  }
  const facts: HostFacts = { ...base, services };
  if (device) facts.device = bounded(device);
  if (!facts.mac && device?.mac) facts.mac = device.mac;
  if (errors.length > 0) facts.problems = [...errors];
  return { facts, errors };
}

async function identifyDevice(
  target: ProbeTarget,
  adapters: ReadonlyArray<AdapterEntry>,
  context: ProbeContext,
  errors: string[],
): Promise<DeviceFacts | undefined> {
  for (const { adapter, applies } of adapters) {
    if (context.signal.aborted) break;
    let identity: Identity | undefined;
    try {
      if (!applies(target)) continue;
      identity = await untilAborted(adapter.identify(target, context), context.signal);
    } catch (error) {
      errors.push(`${adapter.family} adapter: ${describe(error)}`);
      continue;
    }
    if (!identity) continue;
    try {
      return await untilAborted(adapter.inspect(target, identity, context), context.signal);
    } catch (error) {
      const reason = `${adapter.family} adapter stopped: ${describe(error)}`;
      errors.push(reason);
      // A copy: an adapter that ignored its signal may still be writing to its own object.
      const kept = copyJson(identity.facts) as DeviceFacts;
      kept.limitations.push(`${NOT_FULLY_INSPECTED}: ${reason}`);
      return kept;
    }
  }
  return undefined;
}

async function identifyService(
  target: ProbeTarget,
  port: number,
  identifiers: ReadonlyArray<ServiceIdentifier>,
  context: ProbeContext,
  errors: string[],
): Promise<ServiceFacts | undefined> {
  for (const identifier of identifiers) {
    try {
      if (!identifier.appliesTo(port, target)) continue;
      const service = await untilAborted(identifier.identify(target, port, context), context.signal);
      if (service) return service;
    } catch (error) {
      errors.push(`${identifier.name} on port ${port}: ${describe(error)}`);
    }
  }
  return undefined;
}

/**
 * Settles with `work`, or rejects with the signal's reason as soon as it fires: an adapter that ignores its
 * signal cannot hold the host past its budget. The abandoned work's own failure is swallowed.
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** The device's configuration dump cut to a storable depth: the store and every renderer stringify it. */
function bounded(device: DeviceFacts): DeviceFacts {
  if (device.config === undefined) return device;
  let cut = false;
  device.config = copyJson(device.config, {
    onCut: () => {
      cut = true;
    },
  });
  if (cut) device.limitations.push('the configuration nests deeper than iotwarden keeps: the deepest parts are cut');
  return device;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'unknown error';
}

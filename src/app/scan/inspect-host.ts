import type { AdapterEntry, ProbeContext, ProbeTarget, ServiceIdentifier } from '../../families/device-adapter.ts';
import type { DeviceFacts, HostFacts, ServiceFacts } from '../../families/facts.ts';

export interface InspectHostOptions {
  adapters: ReadonlyArray<AdapterEntry>;
  identifiers: ReadonlyArray<ServiceIdentifier>;
  context: ProbeContext;
}

/** What inspecting one host produced, including what went wrong (a hostile device must not spoil the scan). */
export interface HostInspection {
  facts: HostFacts;
  /** Errors met on the way, one line each (`shelly-gen1 identify: 127.77.1.9:80 did not answer within 2000 ms`). */
  errors: string[];
}

/**
 * Identifies one host: the first family adapter that recognises it inspects it in depth, then every open port is
 * given to the service identifiers. Each step is bounded by the context's signal and timeouts, and a failing
 * step is recorded and skipped, never fatal.
 */
export async function inspectHost(
  target: ProbeTarget,
  base: Omit<HostFacts, 'device' | 'services'>,
  options: InspectHostOptions,
): Promise<HostInspection> {
  const errors: string[] = [];
  const { context } = options;
  let device: DeviceFacts | undefined;
  for (const entry of options.adapters) {
    if (context.signal.aborted) break;
    if (!entry.applies(target)) continue;
    try {
      const identity = await entry.adapter.identify(target, context);
      if (!identity) continue;
      device = await entry.adapter.inspect(target, identity, context);
      break;
    } catch (error) {
      errors.push(`${entry.adapter.family} adapter: ${describe(error)}`);
    }
  }
  const services: ServiceFacts[] = [];
  for (const port of [...target.openTcpPorts].sort((a, b) => a - b)) {
    if (context.signal.aborted) break;
    const service = await identifyService(target, port, options.identifiers, context, errors);
    services.push(service ?? { port, transport: 'tcp', name: 'unknown', auth: 'unknown' });
  }
  const facts: HostFacts = { ...base, services };
  if (device) facts.device = device;
  if (!facts.mac && device?.mac) facts.mac = device.mac;
  return { facts, errors };
}

async function identifyService(
  target: ProbeTarget,
  port: number,
  identifiers: ReadonlyArray<ServiceIdentifier>,
  context: ProbeContext,
  errors: string[],
): Promise<ServiceFacts | undefined> {
  for (const identifier of identifiers) {
    if (!identifier.appliesTo(port, target)) continue;
    try {
      const service = await identifier.identify(target, port, context);
      if (service) return service;
    } catch (error) {
      errors.push(`${identifier.name} on port ${port}: ${describe(error)}`);
    }
  }
  return undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Hand-built HostFacts for check, scoring and report tests. Only test files import this. */
import {
  type DeviceFacts,
  type DeviceFamily,
  type Evidence,
  emptyDeviceFacts,
  type HostFacts,
  type ServiceFacts,
} from '../../src/families/facts.ts';
import { familyById } from '../../src/families/index.ts';

let counter = 0;

/** Evidence that says where it came from, so tests can assert it was carried into the finding. */
export function evidence(label: string): Evidence {
  return { sent: `GET /${label}`, received: `200 OK {"${label}":true}` };
}

/** A host with a fresh address and the given parts. */
export function host(parts: Partial<HostFacts> = {}): HostFacts {
  counter += 1;
  return { address: `127.77.200.${counter % 250}`, sources: ['tcp'], services: [], ...parts };
}

/** Device facts of a family with sensible identity fields, overridden by `parts`. */
export function device(family: DeviceFamily, parts: Partial<DeviceFacts> = {}): DeviceFacts {
  return { ...emptyDeviceFacts(family, familyById(family)?.vendor ?? 'Unknown'), ...parts };
}

/** One service on a port. */
export function service(name: string, port: number, parts: Partial<ServiceFacts> = {}): ServiceFacts {
  return { port, transport: 'tcp', name, auth: 'unknown', evidence: evidence(`${name}-${port}`), ...parts };
}

/** A Gen1 Shelly as the fixtures describe it (gen1_Shelly Gas_SHGS-1_…), with login off. */
export function shellyGen1(parts: Partial<DeviceFacts> = {}): DeviceFacts {
  return device('shelly-gen1', {
    model: 'SHGS-1',
    name: 'garage-door',
    protocols: ['shelly-http'],
    firmware: { installed: '20230913-114427/v1.14.0-gcb84623', latest: '20230913-114427/v1.14.0-gcb84623' },
    auth: { state: 'none', evidence: evidence('settings') },
    cloud: { enabled: false, evidence: evidence('settings-cloud') },
    ...parts,
  });
}

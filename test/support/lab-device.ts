import { SCAN_UDP_PROBES } from '../../src/app/scan/scan-adapters.ts';
import type { ProbeTarget } from '../../src/families/device-adapter.ts';
import { FAMILIES } from '../../src/families/index.ts';
import type { DeviceKind } from '../../src/lab/core/simulator.ts';
import { simulatorKind } from '../../src/lab/kinds.ts';
import { type LabDevice, type RunningLab, startLab } from '../../src/lab/lab.ts';
import { type ConnectPortFn, discoverHosts, toProbeTarget } from '../../src/net/discover.ts';
import { portResolverFrom } from '../../src/net/port-overrides.ts';
import { namedPortList } from '../../src/net/ports.ts';
import { parseTargets } from '../../src/net/targets.ts';
import type { Clock } from '../../src/util/clock.ts';
import { testAddress } from './addresses.ts';

/**
 * One lab device started exactly as a scenario would start it (the kind from src/lab/kinds.ts, its settings through
 * the kind's schema, mDNS and SSDP responders, the lab's port map), and found the way a scan finds it. Contract and
 * conformance suites use it so that no test hand-builds what discovery would have learned.
 */
export interface RunningLabDevice {
  lab: RunningLab;
  device: LabDevice;
  address: string;
  /** Real port → bound port, as the scanner reads it from a lab's port map. */
  connectPort: ConnectPortFn;
  /** Runs discovery on the device's address (TCP ports, the families' UDP probes, mDNS, SSDP) for its ProbeTarget. */
  discover(): Promise<ProbeTarget>;
  stop(): Promise<void>;
}

export interface LabDeviceOptions {
  /** Kind-specific settings, as a scenario entry would give them (parsed by the kind's schema). */
  settings?: unknown;
  /** The parsed capture, as `fixture:` would load it. */
  fixture?: unknown;
  /** The owner's name for the device. Not validated like a scenario name: devices report anything. */
  name?: string;
  address?: string;
  mac?: string;
  clock?: Clock;
}

/** Every port a scan probes by default, plus every family's discovery ports. */
export const DISCOVERY_PORTS: readonly number[] = [
  ...new Set([...namedPortList('default'), ...FAMILIES.flatMap((family) => family.discovery.tcpPorts)]),
].sort((a, b) => a - b);

export async function startLabDevice(kind: string, options: LabDeviceOptions = {}): Promise<RunningLabDevice> {
  const simulator = simulatorKind(kind);
  if (!simulator) throw new Error(`the lab has no kind "${kind}"`);
  const address = options.address ?? testAddress();
  const lab = await startLab(
    {
      name: `contract ${kind}`,
      devices: [
        {
          name: options.name ?? `${kind}-under-test`,
          kind: simulator.kind as DeviceKind,
          address,
          mac: options.mac,
          fixturePath: undefined,
          fixture: options.fixture,
          settings: simulator.settings.parse(options.settings ?? {}),
        },
      ],
    },
    options.clock ? { clock: options.clock } : {},
  );
  const device = lab.devices[0] as LabDevice;
  const resolve = (): ConnectPortFn =>
    portResolverFrom([{ pid: process.pid, startedAt: '', devices: [{ ...device, ports: device.ports }] }]);
  const connectPort: ConnectPortFn = (host, port, transport) => resolve()(host, port, transport);
  return {
    lab,
    device,
    address,
    connectPort,
    discover: () => discoverTarget(address, connectPort),
    stop: () => lab.stop(),
  };
}

/** What a scan's discovery learns about one address; a host that answered nothing gets an empty target. */
export async function discoverTarget(address: string, connectPort: ConnectPortFn): Promise<ProbeTarget> {
  const [host] = await discoverHosts({
    targets: parseTargets([address]),
    ports: DISCOVERY_PORTS,
    connectPort,
    udpProbes: { ...SCAN_UDP_PROBES, generic: ['mdns', 'ssdp'] },
    neighbours: false,
    // Loopback answers in well under a millisecond; the default half second per sweep only slows the suite.
    udpTimeoutMs: 150,
  });
  if (host) return toProbeTarget(host, connectPort);
  return { address, openTcpPorts: new Set(), connectPort: (port) => port, udp: { answers: {} }, mdns: [] };
}

/**
 * `service.upnp-port-mapping`: the router's UPnP IGD lists a port mapping that exposes a device to the internet.
 * The finding belongs to the ROUTER (the host that answered the IGD query) and names the device it exposes.
 */

import type { HostFacts, ServiceFacts } from '../families/facts.ts';
import { FIX_COMMANDS } from '../families/fix-commands.ts';
import { type CheckContext, type CheckDefinition, type CheckResult, makeFinding } from './check.ts';
import { deviceLabel } from './host-view.ts';

type PortMapping = NonNullable<ServiceFacts['portMappings']>[number];

/** Internal ports whose exposure is worse than a typical game or peer-to-peer mapping. */
const RISKY_PORTS = new Map<number, string>([
  [23, 'telnet'],
  [80, 'a web interface'],
  [554, 'a camera stream (RTSP)'],
  [1883, 'MQTT'],
  [6379, 'Redis'],
  [8080, 'a web interface'],
  [9999, 'the legacy Kasa protocol'],
  [27017, 'MongoDB'],
]);

export const upnpPortMappingCheck: CheckDefinition = {
  id: 'service.upnp-port-mapping',
  title: 'Router exposes a device to the internet (UPnP port mapping)',
  severity: 'high',
  severityRationale: 'A port open from the internet lets anyone reach the device, not just people on your Wi-Fi.',
  references: {
    etsi: ['5.6-1', '5.6-5'],
    owasp: ['I2', 'I9'],
    nist: ['Device Configuration', 'Cybersecurity State Awareness'],
  },
  explanation:
    'A device asked your router, through UPnP, to open a port from the internet to itself, and the router agreed without asking you. The device is now reachable by anyone on the internet who scans for that port.',
  action: 'Remove the UPnP port mappings on',
  run(host: HostFacts, context?: CheckContext): CheckResult {
    const findings = host.services.flatMap((service) =>
      (service.portMappings ?? [])
        .filter((mapping) => mapping.enabled)
        .map((mapping) =>
          makeFinding(upnpPortMappingCheck, {
            subject: `${mapping.protocol.toUpperCase()} ${mapping.externalPort} → ${mapping.internalClient}:${mapping.internalPort}`,
            severity: RISKY_PORTS.has(mapping.internalPort) ? 'critical' : 'high',
            detail: describeMapping(host, mapping, context),
            evidence: [service.evidence],
            remediation: [
              `In the router's settings (${host.address}), open the UPnP or port-forwarding page and delete the mapping of port ${mapping.externalPort} to ${mapping.internalClient}.`,
              `iotwarden can delete it for you (DeletePortMapping): ${FIX_COMMANDS.apply(host.address, 'service.upnp-port-mapping')}.`,
              'Turn UPnP off on the router unless a game console or similar really needs it; add the few forwards you want by hand.',
              `On ${mapping.internalClient}, turn off the option that asked for the mapping (often called "remote access", "UPnP" or "port forwarding").`,
            ],
          }),
        ),
    );
    return { findings };
  },
};

function describeMapping(router: HostFacts, mapping: PortMapping, context: CheckContext | undefined): string {
  const what = RISKY_PORTS.get(mapping.internalPort);
  const exposed = context?.hosts.find((host) => host.address === mapping.internalClient);
  const known = exposed && deviceLabel(exposed) !== exposed.address ? ` (${deviceLabel(exposed)})` : '';
  const description = mapping.description.trim() ? ` (described as "${mapping.description}")` : '';
  return (
    `${deviceLabel(router)} forwards internet ${mapping.protocol.toUpperCase()} port ${mapping.externalPort} to the device at ` +
    `${mapping.internalClient}${known} port ${mapping.internalPort}${description}.` +
    (what ? ` That port carries ${what}, which should never face the internet.` : '')
  );
}

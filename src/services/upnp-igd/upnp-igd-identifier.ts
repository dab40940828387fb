import type { ProbeContext, ProbeTarget, ServiceIdentifier } from '../../families/device-adapter.ts';
import type { ServiceFacts } from '../../families/facts.ts';
import { describeUrl, evidence, printable } from '../common/evidence.ts';
import { enumeratePortMappings, fetchIgd, type IgdHandle, sameHostPath } from './igd-client.ts';

/** Where IGDs serve their description when SSDP told us nothing: miniupnpd, AVM FRITZ!Box, Broadcom/Linux IGD. */
const WELL_KNOWN: Array<{ port: number; path: string }> = [
  { port: 5000, path: '/rootDesc.xml' },
  { port: 49000, path: '/igddesc.xml' },
  { port: 49152, path: '/rootDesc.xml' },
  { port: 2869, path: '/upnphost/udhisapi.dll?content=uuid' },
];
const MAX_DESCRIPTIONS = 2;
const MAX_MAPPINGS = 128;

/** SSDP LOCATIONs on this very host and port, from the discovery answers (others are ignored, never fetched). */
function ssdpPaths(target: ProbeTarget, port: number): string[] {
  const paths = new Set<string>();
  for (const answer of target.udp.ssdp ?? []) {
    const location = answer.location;
    if (!location) continue;
    const resolved = sameHostPath(target, location);
    if (resolved?.port === port) paths.add(resolved.path);
  }
  return [...paths];
}

function candidates(target: ProbeTarget, port: number): string[] {
  const known = WELL_KNOWN.filter((w) => w.port === port).map((w) => w.path);
  return [...new Set([...ssdpPaths(target, port), ...known])].slice(0, MAX_DESCRIPTIONS);
}

/**
 * UPnP Internet Gateway Device: fetches the description named by SSDP (or at a well-known path), then lists the
 * port mappings with GetGenericPortMappingEntry until error 713. The control point needs no credentials by design
 * (UPnP IGD has no authentication), so auth is `none`; the mappings show which devices are reachable from the
 * internet.
 */
export const upnpIgdIdentifier: ServiceIdentifier = {
  name: 'upnp-igd',
  appliesTo: (port, target) => candidates(target, port).length > 0,
  async identify(target: ProbeTarget, port: number, context: ProbeContext): Promise<ServiceFacts | undefined> {
    let igd: IgdHandle | undefined;
    for (const path of candidates(target, port)) {
      igd = await fetchIgd(target, port, path, context);
      if (igd?.description.wanService) break;
    }
    if (!igd?.description.wanService) return undefined;
    const { description } = igd;
    const { mappings, stoppedBy } = await enumeratePortMappings(target, igd, context, MAX_MAPPINGS);
    const model = [description.manufacturer, description.modelName, description.modelNumber].filter(Boolean).join(' ');
    const control = description.wanService?.controlUrl ?? '';
    const sent = `POST ${describeUrl('http', target, port, control)} GetGenericPortMappingEntry index 0..${mappings.length}`;
    const listed = mappings
      .map(
        (m) =>
          `${m.protocol} ${m.externalPort} -> ${m.internalClient}:${m.internalPort} "${m.description}"${m.enabled ? '' : ' (disabled)'}`,
      )
      .join('; ');
    // Count and end first: the list may be cut by the evidence length limit, these two must not be.
    const received = `${mappings.length} mapping(s), listing ended by ${stoppedBy}${listed ? `: ${listed}` : ''}`;
    const facts: ServiceFacts = {
      port,
      transport: 'tcp',
      name: 'upnp-igd',
      auth: 'none',
      authEvidence: evidence(sent, received),
      evidence: evidence(
        `GET ${describeUrl('http', target, port, igd.descriptionPath)}`,
        `${description.deviceType}; ${model}; server: ${igd.server ?? '-'}`,
      ),
      portMappings: mappings,
    };
    const product = igd.server ?? model;
    if (product) facts.product = printable(product, 120);
    return facts;
  },
};

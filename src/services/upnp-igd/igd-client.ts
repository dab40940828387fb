import { ProtocolError } from '../../errors/index.ts';
import type { ProbeContext, ProbeTarget } from '../../families/device-adapter.ts';
import { requestHttp } from '../../net/http-client.ts';
import { bounds, endpointOf } from '../common/evidence.ts';
import { type IgdDescription, parseIgdDescription, parseSoapResponse, soapEnvelope } from './igd-xml.ts';

export interface PortMappingEntry {
  externalPort: number;
  internalClient: string;
  internalPort: number;
  protocol: string;
  description: string;
  enabled: boolean;
}

export interface IgdHandle {
  /** Real port of the IGD's HTTP server. */
  port: number;
  descriptionPath: string;
  description: IgdDescription;
  server: string | undefined;
}

/**
 * Resolves a URL found in a description or an SSDP answer to a path on the target itself. Anything that points at
 * another host is refused: a LOCATION or controlURL naming another address must never make us send traffic there.
 */
export function sameHostPath(
  target: ProbeTarget,
  url: string,
  base?: string,
): { port: number; path: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url, base);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:') return undefined;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (host !== target.address) return undefined;
  const port = parsed.port ? Number(parsed.port) : 80;
  return { port, path: `${parsed.pathname}${parsed.search}` };
}

/** Fetches and parses a description document; undefined when the answer is not a UPnP device description. */
export async function fetchIgd(
  target: ProbeTarget,
  port: number,
  path: string,
  context: ProbeContext,
): Promise<IgdHandle | undefined> {
  const response = await requestHttp({ ...endpointOf(target, port), path, ...bounds(context) });
  if (response.status !== 200) return undefined;
  const description = parseIgdDescription(response.text());
  if (!description) return undefined;
  const server = response.headers.server;
  return {
    port,
    descriptionPath: path,
    description,
    server: typeof server === 'string' ? server.slice(0, 200) : undefined,
  };
}

export type SoapResult = { values: Record<string, string> } | { errorCode: number; errorDescription: string };

/** One SOAP action on the WAN connection service; HTTP 500 carries a UPnPError, anything else unparsable is a ProtocolError. */
export async function soapCall(
  target: ProbeTarget,
  igd: IgdHandle,
  action: string,
  args: Record<string, string>,
  context: ProbeContext,
): Promise<SoapResult> {
  const service = igd.description.wanService;
  if (!service) throw new ProtocolError(endpointOf(target, igd.port), 'IGD has no WAN connection service');
  const base = igd.description.urlBase ?? `http://${target.address}:${igd.port}${igd.descriptionPath}`;
  const control = sameHostPath(target, service.controlUrl, base);
  if (!control)
    throw new ProtocolError(
      endpointOf(target, igd.port),
      `controlURL ${service.controlUrl.slice(0, 80)} is not on this host`,
    );
  const response = await requestHttp({
    ...endpointOf(target, control.port),
    path: control.path,
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset="utf-8"', soapaction: `"${service.serviceType}#${action}"` },
    body: soapEnvelope(service.serviceType, action, args),
    ...bounds(context),
  });
  const parsed = parseSoapResponse(response.text(), action);
  if (!parsed)
    throw new ProtocolError(
      endpointOf(target, control.port),
      `${action} answered HTTP ${response.status} without a SOAP body`,
    );
  return parsed;
}

/**
 * Lists the port mappings by index with GetGenericPortMappingEntry until the IGD answers 713
 * SpecifiedArrayIndexInvalid (IGD:1 WANIPConnection §2.4.14) or another error, at most `maxEntries`.
 */
export async function enumeratePortMappings(
  target: ProbeTarget,
  igd: IgdHandle,
  context: ProbeContext,
  maxEntries = 128,
): Promise<{ mappings: PortMappingEntry[]; stoppedBy: string }> {
  const mappings: PortMappingEntry[] = [];
  for (let index = 0; index < maxEntries; index++) {
    const result = await soapCall(
      target,
      igd,
      'GetGenericPortMappingEntry',
      { NewPortMappingIndex: String(index) },
      context,
    );
    if ('errorCode' in result) return { mappings, stoppedBy: `${result.errorCode} ${result.errorDescription}` };
    const v = result.values;
    const externalPort = Number(v.NewExternalPort);
    const internalPort = Number(v.NewInternalPort);
    if (!Number.isInteger(externalPort) || !Number.isInteger(internalPort)) {
      throw new ProtocolError(endpointOf(target, igd.port), `mapping ${index} has no valid ports`);
    }
    mappings.push({
      externalPort,
      internalPort,
      internalClient: (v.NewInternalClient ?? '').slice(0, 64),
      protocol: (v.NewProtocol ?? '').toUpperCase().slice(0, 8),
      description: (v.NewPortMappingDescription ?? '').slice(0, 200),
      enabled: v.NewEnabled !== '0',
    });
  }
  return { mappings, stoppedBy: `limit of ${maxEntries} entries` };
}

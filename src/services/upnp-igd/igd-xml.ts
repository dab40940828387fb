import { XMLParser } from 'fast-xml-parser';

/** WAN connection services that carry port mappings, newest first (IGD:2 WANIPConnection:2, IGD:1 and PPP). */
export const WAN_CONNECTION_SERVICES = [
  'urn:schemas-upnp-org:service:WANIPConnection:2',
  'urn:schemas-upnp-org:service:WANIPConnection:1',
  'urn:schemas-upnp-org:service:WANPPPConnection:1',
];

const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  ignoreAttributes: true,
  isArray: (name) => name === 'device' || name === 'service',
  processEntities: true,
  // Numeric character references (&#60;) are plain XML; without this they would stay undecoded.
  htmlEntities: true,
});

export interface IgdDescription {
  deviceType: string;
  friendlyName?: string;
  manufacturer?: string;
  modelName?: string;
  modelNumber?: string;
  urlBase?: string;
  /** The first WAN connection service found anywhere in the device tree. */
  wanService?: { serviceType: string; controlUrl: string };
}

type Node = Record<string, unknown>;

/** Devices never need a DTD in these documents; refusing one rules out entity-expansion tricks. */
function hasDtd(xml: string): boolean {
  return /<!DOCTYPE|<!ENTITY/i.test(xml);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value.trim().slice(0, 200) : undefined;
}

/** Parses a root device description (UPnP DA 1.1 §2.3); undefined when it is not one. */
export function parseIgdDescription(xml: string): IgdDescription | undefined {
  if (hasDtd(xml)) return undefined;
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch {
    return undefined;
  }
  const root = doc.root as Node | undefined;
  const device = (root?.device as Node[] | undefined)?.[0];
  const deviceType = text(device?.deviceType);
  if (!root || !device || !deviceType) return undefined;
  const out: IgdDescription = { deviceType };
  for (const key of ['friendlyName', 'manufacturer', 'modelName', 'modelNumber'] as const) {
    const value = text(device[key]);
    if (value) out[key] = value;
  }
  const urlBase = text(root.URLBase);
  if (urlBase) out.urlBase = urlBase;
  const wan = findService(device, 0);
  if (wan) out.wanService = wan;
  return out;
}

function findService(device: Node, depth: number): { serviceType: string; controlUrl: string } | undefined {
  if (depth > 6) return undefined;
  const services = ((device.serviceList as Node | undefined)?.service as Node[] | undefined) ?? [];
  for (const wanted of WAN_CONNECTION_SERVICES) {
    const hit = services.find((s) => text(s.serviceType) === wanted);
    const controlUrl = text(hit?.controlURL);
    if (hit && controlUrl) return { serviceType: wanted, controlUrl };
  }
  const children = ((device.deviceList as Node | undefined)?.device as Node[] | undefined) ?? [];
  for (const child of children) {
    const found = findService(child, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Reads a SOAP response: the action's out-arguments, or the UPnPError of a fault (UPnP DA 1.1 §3.2.2). */
export function parseSoapResponse(
  xml: string,
  action: string,
): { values: Record<string, string> } | { errorCode: number; errorDescription: string } | undefined {
  if (hasDtd(xml)) return undefined;
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch {
    return undefined;
  }
  const body = (doc.Envelope as Node | undefined)?.Body as Node | undefined;
  if (!body) return undefined;
  const fault = body.Fault as Node | undefined;
  if (fault) {
    const error = (fault.detail as Node | undefined)?.UPnPError as Node | undefined;
    const code = Number(text(error?.errorCode));
    return {
      errorCode: Number.isFinite(code) ? code : 0,
      errorDescription: text(error?.errorDescription) ?? 'SOAP fault',
    };
  }
  const response = body[`${action}Response`];
  if (response === undefined) return undefined;
  const values: Record<string, string> = {};
  if (response && typeof response === 'object') {
    for (const [k, v] of Object.entries(response as Node)) values[k] = typeof v === 'string' ? v : '';
  }
  return { values };
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** A SOAP request envelope for one action (UPnP DA 1.1 §3.2.1). */
export function soapEnvelope(serviceType: string, action: string, args: Record<string, string>): string {
  const fields = Object.entries(args)
    .map(([k, v]) => `<${k}>${v.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c)}</${k}>`)
    .join('');
  return `<?xml version="1.0"?>\r\n<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><u:${action} xmlns:u="${serviceType}">${fields}</u:${action}></s:Body></s:Envelope>\r\n`;
}

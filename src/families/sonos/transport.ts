import { deviceHttp } from '../common/device-http.ts';
import type { ExchangeLimits } from '../device-adapter.ts';
import type { Evidence } from '../facts.ts';
import { decodeXmlText } from './schema.ts';

/** The port of every Sonos player's UPnP server; it asks for no authentication (fixtures/sonos README). */
export const SONOS_PORT = 1400;
export const DESCRIPTION_PATH = '/xml/device_description.xml';
const TOPOLOGY_CONTROL = '/ZoneGroupTopology/Control';
const TOPOLOGY_SERVICE = 'urn:schemas-upnp-org:service:ZoneGroupTopology:1';

export interface SonosEndpoint extends ExchangeLimits {
  host: string;
  /** The port to connect to for 1400 (a lab may shift it). */
  port: number;
}

function clip(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max)}…`;
}

/** `GET :1400/xml/device_description.xml`: the body, or undefined for any other status. */
export async function readDescription(
  endpoint: SonosEndpoint,
): Promise<{ xml: string; evidence: Evidence } | undefined> {
  const response = await deviceHttp({ ...endpoint, path: DESCRIPTION_PATH });
  const sent = `GET http://${endpoint.host}:${SONOS_PORT}${DESCRIPTION_PATH}`;
  if (response.status !== 200) return undefined;
  const xml = response.text();
  const model = /<modelName>([^<]{0,64})<\/modelName>/.exec(xml)?.[1] ?? '';
  const version = /<softwareVersion>([^<]{0,32})<\/softwareVersion>/.exec(xml)?.[1] ?? '';
  return {
    xml,
    evidence: {
      sent,
      received: clip(`200 OK … <modelName>${model}</modelName> <softwareVersion>${version}</softwareVersion> …`),
    },
  };
}

/**
 * A UPnP SOAP action on the ZoneGroupTopology service (UPnP Device Architecture 1.0 §3.2.1), no authentication as on
 * every Sonos. Returns the named output argument, entity-decoded, or undefined when the player refuses the action.
 */
export async function topologyAction(
  endpoint: SonosEndpoint,
  action: string,
  args: Readonly<Record<string, string>>,
  output: string,
): Promise<{ value: string; evidence: Evidence } | undefined> {
  const argXml = Object.entries(args)
    .map(([name, value]) => `<${name}>${value}</${name}>`)
    .join('');
  const body = `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><u:${action} xmlns:u="${TOPOLOGY_SERVICE}">${argXml}</u:${action}></s:Body></s:Envelope>`;
  const response = await deviceHttp({
    ...endpoint,
    path: TOPOLOGY_CONTROL,
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset="utf-8"', soapaction: `"${TOPOLOGY_SERVICE}#${action}"` },
    body,
  });
  const sent = `POST http://${endpoint.host}:${SONOS_PORT}${TOPOLOGY_CONTROL} ${action} ${JSON.stringify(args)}`;
  if (response.status !== 200) return undefined;
  const text = response.text();
  const match = new RegExp(`<${output}>([\\s\\S]{0,4096}?)</${output}>`).exec(text);
  if (!match) return undefined;
  const value = decodeXmlText(match[1] as string);
  return { value, evidence: { sent, received: clip(`200 OK <${output}>${value}</${output}>`) } };
}

import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import { readBodyText } from '../../../lab/core/read-body.ts';
import type { PortMappingSetting } from '../../../lab/kinds/router/settings.ts';
import type { Clock } from '../../../util/clock.ts';
import { escapeHtml as xml } from '../../http/html.ts';
import {
  IGD_PATHS,
  type IgdIdentity,
  rootDescription,
  WAN_IP_CONNECTION,
  wanIpConnectionScpd,
} from './igd-description.ts';

const MAX_SOAP_BYTES = 16 * 1024;
const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true });

interface Mapping extends PortMappingSetting {
  remoteHost: string;
  leaseDurationS: number;
}

/** UPnP error codes of WANIPConnection:1 (IGD:1 WANIPConnection service template §2.4) and UPnP DA §3.2.2. */
const ERRORS = {
  invalidAction: [401, 'Invalid Action'],
  invalidArgs: [402, 'Invalid Args'],
  arrayIndexInvalid: [713, 'SpecifiedArrayIndexInvalid'],
  noSuchEntry: [714, 'NoSuchEntryInArray'],
} as const;

/**
 * miniupnpd's HTTP side: the description documents and the WANIPConnection control URL. The port mapping table
 * is state: AddPortMapping and DeletePortMapping change what GetGenericPortMappingEntry lists afterwards.
 */
export class SimulatedIgd {
  readonly #identity: IgdIdentity;
  readonly #server: string;
  readonly #externalAddress: string;
  readonly #clock: Clock;
  readonly #startedAt: number;
  readonly #mappings: Mapping[];

  constructor(options: {
    identity: IgdIdentity;
    server: string;
    externalAddress: string;
    clock: Clock;
    mappings: PortMappingSetting[];
  }) {
    this.#identity = options.identity;
    this.#server = options.server;
    this.#externalAddress = options.externalAddress;
    this.#clock = options.clock;
    this.#startedAt = options.clock.now();
    this.#mappings = options.mappings.map((m) => ({ ...m, remoteHost: '', leaseDurationS: 0 }));
  }

  handler(): RequestListener {
    return (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && path === IGD_PATHS.description)
        return this.#send(res, 200, rootDescription(this.#identity));
      if (req.method === 'GET' && path === IGD_PATHS.wanIpScpd) return this.#send(res, 200, wanIpConnectionScpd());
      if (req.method === 'POST' && path === IGD_PATHS.wanIpControl) {
        this.#control(req, res);
        return;
      }
      this.#send(
        res,
        404,
        '<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD><BODY><H1>Not Found</H1>The requested URL was not found on this server.</BODY></HTML>',
        'text/html',
      );
    };
  }

  #send(res: ServerResponse, status: number, body: string, type = 'text/xml; charset="utf-8"'): void {
    res.writeHead(status, { server: this.#server, 'content-type': type, ext: '' });
    res.end(body);
  }

  #control(req: IncomingMessage, res: ServerResponse): void {
    void readBodyText(req, MAX_SOAP_BYTES).then((text) => {
      // An oversized or broken-off request: the router drops the connection.
      if (text === undefined) {
        res.destroy();
        return;
      }
      // SOAPAction: "urn:schemas-upnp-org:service:WANIPConnection:1#Action" (UPnP DA 1.1 §3.2.1)
      const soapAction = String(req.headers.soapaction ?? '').replace(/"/g, '');
      const [serviceType, action = ''] = soapAction.split('#');
      let reply: SoapReply;
      try {
        const parsed = parser.parse(text) as Record<string, unknown>;
        const body = (parsed.Envelope as Record<string, unknown> | undefined)?.Body as
          | Record<string, unknown>
          | undefined;
        const call = body?.[action];
        const args = call && typeof call === 'object' ? (call as Record<string, string>) : {};
        reply = serviceType === WAN_IP_CONNECTION ? this.#act(action, args) : fault(ERRORS.invalidAction);
      } catch {
        reply = fault(ERRORS.invalidArgs);
      }
      this.#send(res, reply.status, reply.body);
    });
  }

  #act(action: string, args: Record<string, string>): SoapReply {
    switch (action) {
      case 'GetExternalIPAddress':
        return ok(action, { NewExternalIPAddress: this.#externalAddress });
      case 'GetStatusInfo':
        return ok(action, {
          NewConnectionStatus: 'Connected',
          NewLastConnectionError: 'ERROR_NONE',
          NewUptime: String(Math.floor((this.#clock.now() - this.#startedAt) / 1000)),
        });
      case 'GetGenericPortMappingEntry': {
        const index = Number(args.NewPortMappingIndex);
        if (!Number.isInteger(index) || index < 0) return fault(ERRORS.invalidArgs);
        const m = this.#mappings[index];
        return m ? ok(action, entry(m)) : fault(ERRORS.arrayIndexInvalid);
      }
      case 'GetConnectionTypeInfo':
        return ok(action, { NewConnectionType: 'IP_Routed', NewPossibleConnectionTypes: 'IP_Routed' });
      case 'GetSpecificPortMappingEntry': {
        const m =
          this.#mappings[this.#find(Number(args.NewExternalPort), String(args.NewProtocol ?? '').toUpperCase())];
        if (!m) return fault(ERRORS.noSuchEntry);
        const { NewInternalPort, NewInternalClient, NewEnabled, NewPortMappingDescription, NewLeaseDuration } =
          entry(m);
        return ok(action, {
          NewInternalPort,
          NewInternalClient,
          NewEnabled,
          NewPortMappingDescription,
          NewLeaseDuration,
        });
      }
      case 'AddPortMapping': {
        const externalPort = Number(args.NewExternalPort);
        const internalPort = Number(args.NewInternalPort);
        const protocol = String(args.NewProtocol ?? '').toUpperCase();
        if (
          !validPort(externalPort) ||
          !validPort(internalPort) ||
          (protocol !== 'TCP' && protocol !== 'UDP') ||
          !args.NewInternalClient
        ) {
          return fault(ERRORS.invalidArgs);
        }
        const existing = this.#find(externalPort, protocol);
        const mapping: Mapping = {
          externalPort,
          internalPort,
          protocol,
          internalClient: String(args.NewInternalClient),
          description: String(args.NewPortMappingDescription ?? ''),
          enabled: args.NewEnabled !== '0',
          remoteHost: String(args.NewRemoteHost ?? ''),
          leaseDurationS: Number(args.NewLeaseDuration ?? 0) || 0,
        };
        if (existing >= 0) this.#mappings[existing] = mapping;
        else this.#mappings.push(mapping);
        return ok(action, {});
      }
      case 'DeletePortMapping': {
        const index = this.#find(Number(args.NewExternalPort), String(args.NewProtocol ?? '').toUpperCase());
        if (index < 0) return fault(ERRORS.noSuchEntry);
        this.#mappings.splice(index, 1);
        return ok(action, {});
      }
      default:
        return fault(ERRORS.invalidAction);
    }
  }

  #find(externalPort: number, protocol: string): number {
    return this.#mappings.findIndex((m) => m.externalPort === externalPort && m.protocol === protocol);
  }
}

interface SoapReply {
  status: number;
  body: string;
}

function ok(action: string, out: Record<string, string>): SoapReply {
  const fields = Object.entries(out)
    .map(([k, v]) => `<${k}>${xml(v)}</${k}>`)
    .join('');
  return {
    status: 200,
    body: envelope(`<u:${action}Response xmlns:u="${WAN_IP_CONNECTION}">${fields}</u:${action}Response>`),
  };
}

/** A SOAP fault carrying a UPnPError (UPnP DA 1.1 §3.2.2), always with HTTP 500. */
function fault([code, description]: readonly [number, string]): SoapReply {
  return {
    status: 500,
    body: envelope(
      `<s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail><UPnPError xmlns="urn:schemas-upnp-org:control-1-0"><errorCode>${code}</errorCode><errorDescription>${description}</errorDescription></UPnPError></detail></s:Fault>`,
    ),
  };
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

function entry(m: Mapping) {
  return {
    NewRemoteHost: m.remoteHost,
    NewExternalPort: String(m.externalPort),
    NewProtocol: m.protocol,
    NewInternalPort: String(m.internalPort),
    NewInternalClient: m.internalClient,
    NewEnabled: m.enabled ? '1' : '0',
    NewPortMappingDescription: m.description,
    NewLeaseDuration: String(m.leaseDurationS),
  };
}

function envelope(body: string): string {
  return `<?xml version="1.0"?>\r\n<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body>${body}</s:Body></s:Envelope>\r\n`;
}

import type {
  AdapterEntry,
  DeviceAdapter,
  Identity,
  ProbeContext,
  ProbeTarget,
} from '../../families/device-adapter.ts';
import { type DeviceFacts, emptyDeviceFacts, type ProtocolTag } from '../../families/facts.ts';
import { requestHttp } from '../../net/http-client.ts';
import { normalizeMac } from '../../net/mac.ts';
import { bounds, describeUrl, endpointOf, evidence, printable, REDACTED } from '../common/evidence.ts';
import { PRODUCT_LINES } from '../common/factory-credentials.ts';
import { header } from '../http/http-fetch.ts';

const HIPCAM = PRODUCT_LINES.find((l) => l.id === 'hipcam');
const WEB_PORT = 80;
const CGI = '/cgi-bin/hi3510/param.cgi';

interface HipcamData {
  status: number;
}

/** The Hi3510 CGI answers `var name="value";` lines (Hi3510 CGI manual, "CGI execute return information"). */
export function parseCgiVars(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const match of text.matchAll(/var\s+([A-Za-z_]\w{0,40})\s*=\s*"([^"\r\n]{0,200})";/g)) {
    vars[match[1] as string] = match[2] as string;
  }
  return vars;
}

/**
 * No-name IP cameras on the HiSilicon Hi3510 SDK firmware ("Hipcam"). Identified by the web server's `Server`
 * header alone; with the owner's credentials (family `generic`) or with the login off, the CGI tells model,
 * firmware, hardware version, the owner's camera name and the MAC.
 */
export const hipcamAdapter: DeviceAdapter = {
  family: 'generic',
  async identify(target: ProbeTarget, context: ProbeContext): Promise<Identity | undefined> {
    if (!target.openTcpPorts.has(WEB_PORT) || !HIPCAM?.httpServer) return undefined;
    const response = await requestHttp({ ...endpointOf(target, WEB_PORT), path: '/', ...bounds(context) });
    const server = header(response.headers, 'server');
    if (!server || !HIPCAM.httpServer.test(server)) return undefined;
    const shown = evidence(
      `GET ${describeUrl('http', target, WEB_PORT, '/')}`,
      `${response.status} | server: ${server}`,
    );
    const facts = emptyDeviceFacts('generic', HIPCAM.vendor);
    facts.productName = 'IP camera (Hipcam firmware)';
    const protocols: ProtocolTag[] = ['http'];
    if (target.openTcpPorts.has(554)) protocols.push('rtsp');
    if (target.openTcpPorts.has(23)) protocols.push('telnet');
    facts.protocols = protocols;
    // The web root itself asks for the login, or it does not.
    facts.auth = { state: response.status === 401 ? 'required' : 'none', evidence: shown };
    const data: HipcamData = { status: response.status };
    return { family: 'generic', vendor: HIPCAM.vendor, evidence: shown, data, facts };
  },

  async inspect(target: ProbeTarget, identity: Identity, context: ProbeContext): Promise<DeviceFacts> {
    const { facts } = identity;
    const loginRequired = (identity.data as HipcamData).status === 401;

    const credential = context.credentials({ family: 'generic', address: target.address });
    const headers: Record<string, string> = {};
    if (loginRequired) {
      if (credential?.password === undefined) {
        facts.limitations.push(
          'login enabled and no credentials configured for this device: model and firmware unknown',
        );
        return facts;
      }
      const username = credential.username ?? 'admin';
      headers.authorization = `Basic ${Buffer.from(`${username}:${credential.password}`).toString('base64')}`;
    }
    const cgi = async (cmd: string): Promise<Record<string, string> | undefined> => {
      const path = `${CGI}?cmd=${cmd}`;
      const response = await requestHttp({ ...endpointOf(target, WEB_PORT), path, headers, ...bounds(context) });
      if (response.status === 401) {
        facts.limitations.push('the configured credentials were refused by the camera');
        return undefined;
      }
      return response.status === 200 ? parseCgiVars(response.text()) : undefined;
    };
    const info = await cgi('getserverinfo');
    if (!info) return facts;
    if (info.model) facts.model = printable(info.model, 64);
    if (info.hardVersion) facts.hwVersion = printable(info.hardVersion, 32);
    if (info.softVersion) {
      facts.firmware.installed = printable(info.softVersion, 64);
      facts.firmware.updateEvidence = evidence(
        `GET ${describeUrl('http', target, WEB_PORT, `${CGI}?cmd=getserverinfo`)}${loginRequired ? ` (Basic ${credential?.username ?? 'admin'}:${REDACTED})` : ''}`,
        `softVersion="${info.softVersion}"`,
      );
    }
    if (info.name) facts.name = info.name.slice(0, 64);
    facts.limitations.push('the firmware has no update check of its own: newer versions are unknown');
    const mac = normalizeMac((await cgi('getnetattr'))?.macaddress);
    if (mac) facts.mac = mac;
    return facts;
  },
};

/** Asked last, after every family: a cheap camera is recognised only by its web server. */
export const hipcamAdapterEntry: AdapterEntry = {
  adapter: hipcamAdapter,
  applies: (target) => target.openTcpPorts.has(80),
};

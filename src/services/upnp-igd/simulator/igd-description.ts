import { escapeHtml as xml } from '../../http/html.ts';

export const IGD_DEVICE = 'urn:schemas-upnp-org:device:InternetGatewayDevice:1';
export const WAN_DEVICE = 'urn:schemas-upnp-org:device:WANDevice:1';
export const WAN_CONNECTION_DEVICE = 'urn:schemas-upnp-org:device:WANConnectionDevice:1';
export const WAN_IP_CONNECTION = 'urn:schemas-upnp-org:service:WANIPConnection:1';
export const LAYER3_FORWARDING = 'urn:schemas-upnp-org:service:Layer3Forwarding:1';
export const WAN_COMMON_IFC = 'urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1';

/** miniupnpd's paths (miniupnpd/upnpdescstrings.h and upnpdescgen.c). */
export const IGD_PATHS = {
  description: '/rootDesc.xml',
  wanIpScpd: '/WANIPCn.xml',
  wanIpControl: '/ctl/IPConn',
  wanIpEvents: '/evt/IPConn',
} as const;

export interface IgdIdentity {
  /** UDNs (without `uuid:`) of the root device, its WANDevice and its WANConnectionDevice. */
  uuids: readonly [string, string, string];
  firmware: string;
  address: string;
}

function service(type: string, id: string, name: string): string {
  return `<service><serviceType>${type}</serviceType><serviceId>urn:upnp-org:serviceId:${id}</serviceId><SCPDURL>/${name}.xml</SCPDURL><controlURL>/ctl/${name}</controlURL><eventSubURL>/evt/${name}</eventSubURL></service>`;
}

/**
 * The root device description (UPnP Device Architecture 1.1 §2.3; InternetGatewayDevice:1 template) with the
 * WANDevice → WANConnectionDevice → WANIPConnection nesting every IGD client walks.
 */
export function rootDescription(id: IgdIdentity): string {
  const common = (udn: string, type: string, name: string): string =>
    `<deviceType>${type}</deviceType><friendlyName>${name}</friendlyName><manufacturer>OpenWrt</manufacturer><manufacturerURL>https://openwrt.org/</manufacturerURL><modelDescription>${name}</modelDescription><modelName>${name}</modelName><modelNumber>${xml(id.firmware)}</modelNumber><modelURL>https://openwrt.org/</modelURL><serialNumber>00000000</serialNumber><UDN>uuid:${udn}</UDN>`;
  const wanIp = `<service><serviceType>${WAN_IP_CONNECTION}</serviceType><serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId><SCPDURL>${IGD_PATHS.wanIpScpd}</SCPDURL><controlURL>${IGD_PATHS.wanIpControl}</controlURL><eventSubURL>${IGD_PATHS.wanIpEvents}</eventSubURL></service>`;
  return [
    '<?xml version="1.0"?>',
    '<root xmlns="urn:schemas-upnp-org:device-1-0" configId="1337">',
    '<specVersion><major>1</major><minor>1</minor></specVersion>',
    `<device>${common(id.uuids[0], IGD_DEVICE, 'OpenWrt router')}`,
    `<serviceList>${service(LAYER3_FORWARDING, 'L3Forwarding1', 'L3F')}</serviceList>`,
    `<deviceList><device>${common(id.uuids[1], WAN_DEVICE, 'WANDevice')}`,
    `<serviceList>${service(WAN_COMMON_IFC, 'WANCommonIFC1', 'CmnIfCfg')}</serviceList>`,
    `<deviceList><device>${common(id.uuids[2], WAN_CONNECTION_DEVICE, 'WANConnectionDevice')}`,
    `<serviceList>${wanIp}</serviceList>`,
    '</device></deviceList></device></deviceList>',
    `<presentationURL>http://${xml(id.address)}/</presentationURL>`,
    '</device></root>',
  ].join('');
}

const ACTIONS: Record<string, string[]> = {
  GetExternalIPAddress: ['out:NewExternalIPAddress'],
  GetStatusInfo: ['out:NewConnectionStatus', 'out:NewLastConnectionError', 'out:NewUptime'],
  GetConnectionTypeInfo: ['out:NewConnectionType', 'out:NewPossibleConnectionTypes'],
  GetSpecificPortMappingEntry: [
    'in:NewRemoteHost',
    'in:NewExternalPort',
    'in:NewProtocol',
    'out:NewInternalPort',
    'out:NewInternalClient',
    'out:NewEnabled',
    'out:NewPortMappingDescription',
    'out:NewLeaseDuration',
  ],
  GetGenericPortMappingEntry: [
    'in:NewPortMappingIndex',
    'out:NewRemoteHost',
    'out:NewExternalPort',
    'out:NewProtocol',
    'out:NewInternalPort',
    'out:NewInternalClient',
    'out:NewEnabled',
    'out:NewPortMappingDescription',
    'out:NewLeaseDuration',
  ],
  AddPortMapping: [
    'in:NewRemoteHost',
    'in:NewExternalPort',
    'in:NewProtocol',
    'in:NewInternalPort',
    'in:NewInternalClient',
    'in:NewEnabled',
    'in:NewPortMappingDescription',
    'in:NewLeaseDuration',
  ],
  DeletePortMapping: ['in:NewRemoteHost', 'in:NewExternalPort', 'in:NewProtocol'],
};

/** The WANIPConnection service description (SCPD), limited to the actions the lab implements. */
export function wanIpConnectionScpd(): string {
  const actions = Object.entries(ACTIONS)
    .map(([name, args]) => {
      const list = args
        .map((a) => {
          const [direction, arg] = a.split(':') as [string, string];
          return `<argument><name>${arg}</name><direction>${direction}</direction><relatedStateVariable>${arg.replace(/^New/, '')}</relatedStateVariable></argument>`;
        })
        .join('');
      return `<action><name>${name}</name><argumentList>${list}</argumentList></action>`;
    })
    .join('');
  return `<?xml version="1.0"?><scpd xmlns="urn:schemas-upnp-org:service-1-0"><specVersion><major>1</major><minor>0</minor></specVersion><actionList>${actions}</actionList></scpd>`;
}

import type { RequestListener } from 'node:http';
import { escapeHtml as xml } from '../../../services/http/html.ts';

export interface CastIdentity {
  name: string;
  model: string;
  firmware: string;
  /** 32 hex characters, the `id` TXT record and the UDN. */
  id: string;
  address: string;
}

export function castUdn(id: string): string {
  return `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
}

/**
 * The Cast device's local HTTP port 8008: `/setup/eureka_info` (the setup API the Home app uses) and the DIAL
 * device description (DIAL 2.x §5.4) with its `Application-URL` header.
 */
export function castHttpHandler(identity: CastIdentity): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/setup/eureka_info') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          build_version: identity.firmware.split('.')[1] ?? '0',
          cast_build_revision: identity.firmware,
          name: identity.name,
          ssdp_udn: castUdn(identity.id),
          version: 12,
        }),
      );
      return;
    }
    if (path === '/ssdp/device-desc.xml') {
      res.writeHead(200, {
        'content-type': 'application/xml',
        'application-url': `http://${identity.address}:8008/apps/`,
      });
      res.end(
        `<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>0</minor></specVersion><URLBase>http://${identity.address}:8008</URLBase><device><deviceType>urn:dial-multiscreen-org:device:dial:1</deviceType><friendlyName>${xml(identity.name)}</friendlyName><manufacturer>Google Inc.</manufacturer><modelName>Eureka Dongle</modelName><UDN>uuid:${castUdn(identity.id)}</UDN></device></root>`,
      );
      return;
    }
    res.writeHead(404);
    res.end();
  };
}

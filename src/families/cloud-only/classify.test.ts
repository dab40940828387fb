import { describe, expect, it } from 'vitest';
import { lookupMacVendor } from '../../net/mac-vendor.ts';
import { emptyDeviceFacts, type HostFacts } from '../facts.ts';
import { markCloudOnly } from './classify.ts';
import { CLOUD_ONLY_PRODUCTS } from './products.ts';

/** A scanned host as discovery leaves it: the registry's vendor for its MAC, its open TCP ports. */
function host(mac: string, ports: number[] = []): HostFacts {
  return {
    address: '127.77.9.1',
    mac,
    macVendor: lookupMacVendor(mac)?.vendor ?? 'Unknown',
    sources: ['dhcp'],
    services: ports.map((port) => ({ port, transport: 'tcp' as const, name: 'https', auth: 'unknown' as const })),
  };
}

describe('cloud-only products', () => {
  it('name MAC vendors exactly as the IEEE registry spells them', () => {
    const registry = new Set(
      ['44:EA:54:00:00:01', '54:E0:19:00:00:01', '18:B4:30:00:00:01', '6C:56:97:00:00:01'].map(
        (mac) => lookupMacVendor(mac)?.vendor,
      ),
    );
    for (const product of CLOUD_ONLY_PRODUCTS) {
      for (const vendor of product.match.macVendors) expect(registry, `${product.id}: ${vendor}`).toContain(vendor);
    }
  });

  it('a Nanit prefix alone is the baby monitor camera: microphone, camera, vendor, destinations', () => {
    const marked = markCloudOnly(host('44:EA:54:12:34:56'));
    expect(marked.cloudOnly).toMatchObject({
      id: 'nanit-camera',
      vendor: 'Nanit',
      category: 'camera',
      microphone: true,
      camera: true,
      cloudOnly: true,
      typicalDestinations: ['api.nanit.com', 'media-secured.nanit.com'],
      matchedBy: ['MAC prefix 44:EA:54 is registered to UDISENSE DBA NANIT'],
    });
    expect(marked.device).toMatchObject({ family: 'generic', vendor: 'Nanit', model: 'baby monitor camera' });
    expect(marked.device?.limitations[0]).toMatch(/^cloud-only camera: managed only through Nanit's cloud/);
  });

  it('an Amazon prefix needs a second signal: the Echo port or an Alexa lookup', () => {
    expect(markCloudOnly(host('6C:56:97:12:34:56')).cloudOnly).toBeUndefined();
    const byPort = markCloudOnly(host('6C:56:97:12:34:56', [4070]));
    expect(byPort.cloudOnly).toMatchObject({ id: 'amazon-echo', category: 'speaker', microphone: true });
    expect(byPort.cloudOnly?.matchedBy).toContain('TCP 4070 open');
    const byDns = markCloudOnly(host('6C:56:97:12:34:56'), ['avs-alexa-eu.amazon.com', 'example.org']);
    expect(byDns.cloudOnly?.matchedBy).toContain('looks up avs-alexa-eu.amazon.com');
  });

  it('leaves a host a family identified, and one without a known prefix, as they are', () => {
    const cast = host('F4:F5:D8:12:34:56', [8008]);
    cast.device = emptyDeviceFacts('cast', 'Google');
    expect(markCloudOnly(cast)).toBe(cast);
    const unknown = host('F0:18:98:12:34:56', [4070]);
    expect(markCloudOnly(unknown)).toBe(unknown);
  });
});

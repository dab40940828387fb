import type { MdnsService, SsdpAnswer } from '../../core/simulator.ts';
import { CONTROL_TEXT } from './control-text.ts';
import type { HostileBehavior } from './settings.ts';

/** TXT entries and SSDP headers a 'huge-discovery' device stuffs into one answer: about 35 KB and 30 KB. */
const HUGE_TXT_ENTRIES = 150;
const HUGE_SSDP_HEADERS = 60;

/** The mDNS services a hostile device announces: control text or bulk, on the types scans ask for. */
export function hostileMdns(behavior: HostileBehavior, mac: string): MdnsService[] {
  const hex = mac.replace(/:/g, '').toLowerCase();
  if (behavior === 'control-chars') {
    return [
      {
        type: '_http._tcp',
        instance: `shelly1-${hex.slice(6)} ${CONTROL_TEXT}`.slice(0, 63),
        host: `shelly1-${hex.slice(6)}`,
        port: 80,
        txt: { name: CONTROL_TEXT, mac: CONTROL_TEXT, fw: CONTROL_TEXT, model: CONTROL_TEXT },
      },
    ];
  }
  if (behavior === 'huge-discovery') {
    const txt = Object.fromEntries(
      Array.from({ length: HUGE_TXT_ENTRIES }, (_, i) => [`k${i}`, 'v'.repeat(230)] as const),
    );
    return [{ type: '_http._tcp', instance: `huge-${hex}`, host: `huge-${hex}`, port: 80, txt }];
  }
  return [];
}

/** The SSDP answers a hostile device gives: control text in every header, or tens of kilobytes of them. */
export function hostileSsdp(behavior: HostileBehavior, address: string): SsdpAnswer[] {
  if (behavior === 'control-chars') {
    return [
      {
        st: 'upnp:rootdevice',
        usn: `uuid:${CONTROL_TEXT}::upnp:rootdevice`,
        location: `http://${address}:80/${CONTROL_TEXT}.xml`,
        server: `Linux/3.x UPnP/1.0 ${CONTROL_TEXT}`,
        extraHeaders: { 'hue-bridgeid': CONTROL_TEXT },
      },
    ];
  }
  if (behavior === 'huge-discovery') {
    const extraHeaders = Object.fromEntries(
      Array.from({ length: HUGE_SSDP_HEADERS }, (_, i) => [`X-Bulk-${i}`, 'b'.repeat(500)] as const),
    );
    return [
      {
        st: 'upnp:rootdevice',
        usn: `uuid:${'u'.repeat(4000)}::upnp:rootdevice`,
        location: `http://${address}:80/${'l'.repeat(4000)}.xml`,
        server: `Linux/3.x UPnP/1.0 ${'s'.repeat(4000)}`,
        extraHeaders,
      },
    ];
  }
  return [];
}

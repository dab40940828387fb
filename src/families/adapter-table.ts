import { shellyGen1Adapter, shellyGen2Adapter } from '../devices/shelly/index.ts';
import { hipcamAdapter } from '../services/hipcam/adapter.ts';
import type { DeviceAdapter, ProbeTarget } from './device-adapter.ts';
import { esphomeAdapter } from './esphome/adapter.ts';
import { hueAdapter } from './hue/adapter.ts';
import { kasaLegacyAdapter } from './kasa-legacy/adapter.ts';
import { kasaSmartAdapter } from './kasa-smart/adapter.ts';
import { tasmotaAdapter } from './tasmota/adapter.ts';

/** An adapter with the cheap condition under which it is worth asking. */
export interface AdapterEntry {
  adapter: DeviceAdapter;
  applies(target: ProbeTarget): boolean;
}

const hasTcp =
  (...ports: number[]) =>
  (target: ProbeTarget): boolean =>
    ports.some((port) => target.openTcpPorts.has(port));

const hasMdns =
  (type: string) =>
  (target: ProbeTarget): boolean =>
    target.mdns.some((service) => service.type === type);

/**
 * Which family adapter is worth asking about a host, in the order they are asked. Hints from discovery come first
 * (a Kasa discovery answer, an mDNS service type) so that a host costs one identify call where we can tell; HTTP
 * devices without hints are told apart by each adapter's own unauthenticated identification request.
 */
export const ADAPTER_TABLE: readonly AdapterEntry[] = [
  { adapter: kasaLegacyAdapter, applies: (t) => t.udp.kasaLegacy !== undefined || t.openTcpPorts.has(9999) },
  { adapter: kasaSmartAdapter, applies: (t) => t.udp.kasaSmart !== undefined },
  { adapter: esphomeAdapter, applies: (t) => hasTcp(6053)(t) || hasMdns('_esphomelib._tcp')(t) },
  { adapter: hueAdapter, applies: (t) => hasMdns('_hue._tcp')(t) || hasTcp(80)(t) },
  { adapter: shellyGen2Adapter, applies: (t) => hasMdns('_shelly._tcp')(t) || hasTcp(80)(t) },
  { adapter: shellyGen1Adapter, applies: hasTcp(80) },
  { adapter: tasmotaAdapter, applies: hasTcp(80) },
  { adapter: hipcamAdapter, applies: hasTcp(80) },
];

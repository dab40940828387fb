/**
 * Where each product line's devices fetch firmware updates, so a confined device can still heal itself (issue 14:
 * the zero-trust defaults allow these). Typed by ProductLine: a new product line that forgets its entry does not
 * compile. Each entry says where the fact comes from.
 */
import type { ProductLine } from './descriptor.ts';

export interface UpdateEndpoints {
  /** DNS names; `suffix` entries also cover every name below them. */
  names: Array<{ name: string; suffix: boolean }>;
  /** Ports the download uses. */
  ports: Array<{ protocol: 'tcp'; port: number }>;
  /** How the fact is known. */
  source: string;
  /** When updates come from inside the home instead (ESPHome's dashboard), which role serves them. */
  localRole?: string;
}

const HTTP_AND_HTTPS: UpdateEndpoints['ports'] = [
  { protocol: 'tcp', port: 443 },
  { protocol: 'tcp', port: 80 },
];

export const UPDATE_ENDPOINTS: Record<ProductLine, UpdateEndpoints> = {
  shelly: {
    // Shelly devices check for and download updates from the vendor's cloud hosts under shelly.cloud.
    names: [{ name: 'shelly.cloud', suffix: true }],
    ports: HTTP_AND_HTTPS,
    source:
      'src/checks/data/domains.json entry shelly.cloud; https://shelly-api-docs.shelly.cloud/gen2/ComponentsAndServices/Shelly#shellyupdate',
  },
  kasa: {
    names: [{ name: 'download.tplinkcloud.com', suffix: false }],
    ports: HTTP_AND_HTTPS,
    source: '../shared/fixtures/kasa/iot/KL130(EU)_1.0_1.8.8.json fwUrl http://download.tplinkcloud.com',
  },
  hue: {
    names: [{ name: 'firmware.meethue.com', suffix: false }],
    ports: HTTP_AND_HTTPS,
    source: 'src/checks/data/domains.json entry meethue.com (ws., discovery., firmware.meethue.com)',
  },
  tasmota: {
    names: [{ name: 'ota.tasmota.com', suffix: false }],
    ports: HTTP_AND_HTTPS,
    source:
      'https://tasmota.github.io/docs/Upgrading/ (default OtaUrl http://ota.tasmota.com/tasmota/release/tasmota.bin.gz)',
  },
  esphome: {
    // ESPHome nodes are flashed over the LAN by the ESPHome dashboard (port 3232 ESP32, 8266 ESP8266), not the cloud.
    names: [],
    ports: [],
    source: 'https://esphome.io/components/ota/esphome.html (native OTA from the dashboard, port 3232/8266)',
    localRole: 'home-assistant',
  },
};

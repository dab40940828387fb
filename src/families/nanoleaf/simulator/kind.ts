import { createHash } from 'node:crypto';
import type { DeviceSimulator, MdnsService, SimulatorKind, SsdpAnswer } from '../../../lab/core/simulator.ts';
import { NANOLEAF_PORT } from '../transport.ts';
import { NanoleafController } from './controller.ts';
import { nanoleafHttpHandler } from './http.ts';
import { nanoleafSettings } from './settings.ts';

/**
 * A simulated Nanoleaf controller: the OpenAPI on 16021, mDNS `_nanoleafapi._tcp` with the TXT keys real
 * controllers announce (`md` model, `srcvers` firmware, `id` device id) and an SSDP answer (`nanoleaf:nl29`; the
 * Light Panels say `Nanoleaf_aurora:light`). Replays the openHAB device-info captures with `fixture:`.
 */
export const nanoleafKind: SimulatorKind<typeof nanoleafSettings> = {
  kind: 'nanoleaf',
  settings: nanoleafSettings,
  create(init): DeviceSimulator {
    const controller = new NanoleafController(init.settings, init.name, init.fixture);
    const model = controller.model;
    const host = `Nanoleaf-${model}-${init.mac.replace(/:/g, '').slice(-4)}`;
    // The TXT `id` is a device id in MAC notation unrelated to the MAC (a real one: 1A:25:70:12:4F:A6).
    const deviceId = deviceIdOf(init.mac);
    const st = model.toUpperCase() === 'NL22' ? 'Nanoleaf_aurora:light' : `nanoleaf:${model.toLowerCase()}`;
    return {
      async start() {
        await init.host.listenHttp(NANOLEAF_PORT, nanoleafHttpHandler(controller));
      },
      async stop() {
        // The host owns the listener.
      },
      mdnsServices: (): MdnsService[] => [
        {
          type: '_nanoleafapi._tcp',
          instance: init.name,
          host,
          port: NANOLEAF_PORT,
          txt: { md: model, srcvers: controller.firmware, id: deviceId },
          ipv6: [linkLocalOf(init.mac)],
        },
      ],
      ssdpAnswers: (): SsdpAnswer[] => [
        {
          st,
          usn: `uuid:${init.mac.replace(/:/g, '').toLowerCase()}::${st}`,
          location: `http://${init.address}:${NANOLEAF_PORT}`,
          server: `Nanoleaf/${controller.firmware} UPnP/1.0`,
          extraHeaders: { 'nl-deviceid': deviceId, 'nl-devicename': init.name },
        },
      ],
    };
  },
};

/** The EUI-64 link-local address a controller forms from its MAC (RFC 4291 Appendix A). */
function linkLocalOf(mac: string): string {
  const bytes = mac.split(':').map((part) => Number.parseInt(part, 16));
  bytes[0] = (bytes[0] ?? 0) ^ 0x02;
  const hex = (a: number | undefined, b: number | undefined) => (((a ?? 0) << 8) | (b ?? 0)).toString(16);
  return `fe80::${hex(bytes[0], bytes[1])}:${hex(bytes[2], 0xff)}:${hex(0xfe, bytes[3])}:${hex(bytes[4], bytes[5])}`;
}

/** A stable device id in MAC notation, derived from the MAC but not equal to it. */
function deviceIdOf(mac: string): string {
  const digest = createHash('sha256').update(`nanoleaf-id:${mac}`).digest();
  return [...digest.subarray(0, 6)].map((byte) => byte.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

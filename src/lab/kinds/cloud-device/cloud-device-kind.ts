import { createHash } from 'node:crypto';
import { castKind } from '../../../families/cast/simulator/kind.ts';
import { castSettings } from '../../../families/cast/simulator/settings.ts';
import type { Listener } from '../../core/device-host.ts';
import { selfSignedCertificate } from '../../core/self-signed-cert.ts';
import type { MdnsService, SimulatorKind, SsdpAnswer } from '../../core/simulator.ts';
import { cloudDeviceSettings, PROFILE_DEFAULTS } from './settings.ts';

/**
 * A cloud-only device: nothing local to audit, only the ports its profile opens, each answering 403 over TLS to
 * everyone (or completing the TLS handshake and saying nothing). `tv` is kept for older scenarios: it is the Cast TV
 * that now lives in the `cast` family (families/cast/simulator), started with the same model and firmware.
 */
export const cloudDeviceKind: SimulatorKind<typeof cloudDeviceSettings> = {
  kind: 'cloud-device',
  settings: cloudDeviceSettings,
  create(init) {
    const { settings, host } = init;
    if (settings.profile === 'tv') {
      const cast = castSettings.parse({
        ...(settings.model ? { model: settings.model } : {}),
        ...(settings.firmware ? { firmware: settings.firmware } : {}),
      });
      return castKind.create({ ...init, settings: cast });
    }
    const defaults = PROFILE_DEFAULTS[settings.profile];
    const ports = settings.ports ?? [...defaults.ports];
    const listeners: Listener[] = [];
    let stopped = false;
    return {
      async start() {
        if (ports.length === 0) return;
        // A device certificate named by a stable per-device id, as these devices' self-signed ones are.
        const commonName = createHash('sha256').update(`cloud:${init.mac}`).digest('hex').slice(0, 32);
        const tls = await selfSignedCertificate({ commonName });
        for (const port of ports) {
          listeners.push(
            await host.listenHttps(
              port,
              (_req, res) => {
                res.writeHead(403, { 'content-type': 'application/json' });
                res.end('{"error":"forbidden"}');
              },
              tls,
            ),
          );
        }
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await Promise.all(listeners.map((l) => l.close()));
      },
      mdnsServices(): MdnsService[] {
        return [];
      },
      ssdpAnswers(): SsdpAnswer[] {
        return [];
      },
    };
  },
};

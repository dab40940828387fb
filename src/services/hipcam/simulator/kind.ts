import type { Listener } from '../../../lab/core/device-host.ts';
import type { SimulatorKind } from '../../../lab/core/simulator.ts';
import { serveCameraRtsp } from '../../rtsp/simulator/rtsp-server.ts';
import { serveCameraTelnet } from '../../telnet/simulator/telnet-server.ts';
import { CameraState } from './camera-state.ts';
import { cameraHttpHandler } from './http-handler.ts';
import { ipCameraSettings } from './settings.ts';

export const IP_CAMERA_PORTS = { http: 80, telnet: 23, rtsp: 554 } as const;

/**
 * A cheap Hipcam-firmware IP camera: web UI with HTTP Basic auth on 80, BusyBox telnetd on 23 (when enabled) and
 * RTSP on 554. It announces nothing over mDNS or SSDP, like most of these cameras; the ONVIF WS-Discovery they
 * speak is outside the lab.
 */
export const hipcamKind: SimulatorKind<typeof ipCameraSettings> = {
  kind: 'ip-camera',
  settings: ipCameraSettings,
  create(init) {
    const state = new CameraState(init.settings, init.name, init.mac);
    const listeners: Listener[] = [];
    let stopped = false;
    return {
      async start() {
        const { host, settings } = init;
        listeners.push(await host.listenHttp(IP_CAMERA_PORTS.http, cameraHttpHandler(state)));
        if (settings.telnet.enabled) {
          const credentials = { username: settings.telnet.username, password: settings.telnet.password };
          listeners.push(await host.listenTcp(IP_CAMERA_PORTS.telnet, (s) => serveCameraTelnet(s, state, credentials)));
        }
        listeners.push(await host.listenTcp(IP_CAMERA_PORTS.rtsp, (s) => serveCameraRtsp(s, state, init.address)));
      },
      async stop() {
        if (stopped) return;
        stopped = true;
        await Promise.all(listeners.map((l) => l.close()));
      },
      mdnsServices: () => [],
      ssdpAnswers: () => [],
    };
  },
};

import type {
  DeviceSimulator,
  MdnsService,
  SimulatorInit,
  SimulatorKind,
  SsdpAnswer,
} from '../../../lab/core/simulator.ts';
import { tasmotaHttpHandler } from './http.ts';
import { type TasmotaSettings, tasmotaSettings } from './settings.ts';
import { TasmotaState } from './state.ts';

/**
 * A simulated Tasmota device: the web server on port 80 with the `/cm` HTTP API. Tasmota announces nothing over
 * mDNS or SSDP by default (USE_DISCOVERY is off in the release builds), so neither is served.
 */
export class SimulatedTasmota implements DeviceSimulator {
  readonly state: TasmotaState;
  readonly #init: SimulatorInit<TasmotaSettings>;

  constructor(init: SimulatorInit<TasmotaSettings>) {
    this.#init = init;
    this.state = new TasmotaState({
      settings: init.settings,
      name: init.name,
      mac: init.mac,
      address: init.address,
      clock: init.clock,
    });
  }

  async start(): Promise<void> {
    await this.#init.host.listenHttp(80, tasmotaHttpHandler(this.state));
  }

  async stop(): Promise<void> {
    // The host owns the listener; the state needs no cleanup.
  }

  mdnsServices(): MdnsService[] {
    return [];
  }

  ssdpAnswers(): SsdpAnswer[] {
    return [];
  }
}

export const tasmotaKind: SimulatorKind<typeof tasmotaSettings> = {
  kind: 'tasmota',
  settings: tasmotaSettings,
  create: (init) => new SimulatedTasmota(init),
};

import type { SimulatorKind } from '../../../lab/core/simulator.ts';
import { fixtureDiscovery, fixtureSysinfo } from './device-model.ts';
import { kasaIotSettings } from './settings.ts';
import { SimulatedKasaIot } from './simulated-kasa-legacy.ts';

/**
 * `kasa-iot`: a legacy TP-Link Kasa device on TCP/UDP 9999, replaying a python-kasa `iot/` capture or a built-in
 * profile. See SimulatedKasaIot for the update outcomes, including `switch-to-klap`.
 */
export const kasaIotKind: SimulatorKind<typeof kasaIotSettings> = {
  kind: 'kasa-iot',
  settings: kasaIotSettings,
  create: (init) => new SimulatedKasaIot(init),
  macFromFixture: (fixture) => {
    const sysinfo = fixtureSysinfo(fixture);
    const mac = sysinfo?.mac ?? sysinfo?.mic_mac ?? (fixtureDiscovery(fixture)?.result as { mac?: unknown })?.mac;
    return typeof mac === 'string' ? mac : undefined;
  },
};

import type { SimulatorKind } from '../../../lab/core/simulator.ts';
import { fixtureDiscovery, fixtureSysinfo } from './device-model.ts';
import { kasaLegacySettings } from './settings.ts';
import { SimulatedKasaLegacy } from './simulated-kasa-legacy.ts';

/**
 * `kasa-iot`: a legacy TP-Link Kasa device on TCP/UDP 9999, replaying a python-kasa `iot/` capture or a built-in
 * profile. See SimulatedKasaLegacy for the update outcomes, including `switch-to-klap`.
 */
export const kasaLegacyKind: SimulatorKind<typeof kasaLegacySettings> = {
  kind: 'kasa-legacy',
  settings: kasaLegacySettings,
  create: (init) => new SimulatedKasaLegacy(init),
  macFromFixture: (fixture) => {
    const sysinfo = fixtureSysinfo(fixture);
    const mac = sysinfo?.mac ?? sysinfo?.mic_mac ?? (fixtureDiscovery(fixture)?.result as { mac?: unknown })?.mac;
    return typeof mac === 'string' ? mac : undefined;
  },
};

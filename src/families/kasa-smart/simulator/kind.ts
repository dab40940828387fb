import type { SimulatorKind } from '../../../lab/core/simulator.ts';
import { isObject } from '../../tplink/discovery.ts';
import { kasaSmartSettings } from './settings.ts';
import { SimulatedKasaSmart } from './simulated-kasa-smart.ts';

/**
 * `kasa-smart`: a newer Kasa/Tapo device (KLAP or AES on HTTP 80) or Tapo camera (HTTPS 443), replaying a python-kasa
 * `smart/` or `smartcam/` capture or a built-in profile, discoverable on UDP 20002.
 */
export const kasaSmartKind: SimulatorKind<typeof kasaSmartSettings> = {
  kind: 'kasa-smart',
  settings: kasaSmartSettings,
  create: (init) => new SimulatedKasaSmart(init),
  macFromFixture: (fixture) => {
    const discovery = isObject(fixture) ? fixture.discovery_result : undefined;
    const result = isObject(discovery) ? discovery.result : undefined;
    return isObject(result) && typeof result.mac === 'string' ? result.mac : undefined;
  },
};

/** The TP-Link simulator kinds, for the registry. */
export { kasaIotKind } from '../../kasa-legacy/simulator/kind.ts';
export { SimulatedKasaIot } from '../../kasa-legacy/simulator/simulated-kasa-legacy.ts';
export { kasaSmartKind } from '../../kasa-smart/simulator/kind.ts';
export { SimulatedKasaSmart } from '../../kasa-smart/simulator/simulated-kasa-smart.ts';

/** The TP-Link simulator kinds, for the registry. */
export { kasaIotKind } from './kasa-iot-kind.ts';
export { kasaSmartKind } from './kasa-smart-kind.ts';
export { SimulatedKasaIot } from './simulated-kasa-iot.ts';
export { SimulatedKasaSmart } from './simulated-kasa-smart.ts';

export { GEN1_REALM } from '../../shelly-gen1/simulator/http.ts';
export { buildGen1Device, parseGen1Dump, shellyGen1Kind } from '../../shelly-gen1/simulator/kind.ts';
export type { Gen1Dump } from '../../shelly-gen1/simulator/profiles.ts';
export {
  buildGen2Device,
  gen2DumpFromRpcCaptures,
  parseGen2Dump,
  shellyGen2Kind,
} from '../../shelly-gen2/simulator/kind.ts';
export type { Gen2Dump } from '../../shelly-gen2/simulator/profiles.ts';
export {
  type ShellyGen1Settings,
  type ShellyGen2Settings,
  shellyGen1Settings,
  shellyGen2Settings,
} from './settings.ts';

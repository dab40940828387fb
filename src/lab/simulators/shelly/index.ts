export { GEN1_REALM } from './gen1-http.ts';
export { buildGen1Device, parseGen1Dump, shellyGen1Kind } from './gen1-kind.ts';
export type { Gen1Dump } from './gen1-profiles.ts';
export { buildGen2Device, gen2DumpFromRpcCaptures, parseGen2Dump, shellyGen2Kind } from './gen2-kind.ts';
export type { Gen2Dump } from './gen2-profiles.ts';
export {
  type ShellyGen1Settings,
  type ShellyGen2Settings,
  shellyGen1Settings,
  shellyGen2Settings,
} from './settings.ts';

import { esphomeKind } from '../families/esphome/simulator/kind.ts';
import { hueBridgeKind } from '../families/hue/simulator/kind.ts';
import { shellyGen1Kind, shellyGen2Kind } from '../families/shelly/simulator/index.ts';
import { tasmotaKind } from '../families/tasmota/simulator/kind.ts';
import { kasaIotKind, kasaSmartKind } from '../families/tplink/simulator/index.ts';
import { ipCameraKind } from '../services/hipcam/simulator/kind.ts';
import { adguardKind } from '../sources/adguard/simulator/adguard-kind.ts';
import { piholeKind } from '../sources/pihole/simulator/pihole-kind.ts';
import type { DeviceKind, SimulatorKind } from './core/simulator.ts';
import { cloudDeviceKind } from './kinds/cloud-device/cloud-device-kind.ts';
import { hostileKind } from './kinds/hostile/hostile-kind.ts';
import { nasKind } from './kinds/nas/nas-kind.ts';
import { routerKind } from './kinds/router/router-kind.ts';
import { trustedDeviceKind } from './kinds/trusted-device/trusted-device-kind.ts';

/**
 * Which simulator serves which scenario kind. Device support is data: adding a kind is one line here.
 */
const KINDS: Partial<Record<DeviceKind, SimulatorKind>> = {
  'shelly-gen1': shellyGen1Kind as SimulatorKind,
  'shelly-gen2': shellyGen2Kind as SimulatorKind,
  'kasa-iot': kasaIotKind as SimulatorKind,
  'kasa-smart': kasaSmartKind as SimulatorKind,
  'hue-bridge': hueBridgeKind as SimulatorKind,
  tasmota: tasmotaKind as SimulatorKind,
  esphome: esphomeKind as SimulatorKind,
  'ip-camera': ipCameraKind as SimulatorKind,
  nas: nasKind as SimulatorKind,
  router: routerKind as SimulatorKind,
  'cloud-device': cloudDeviceKind as SimulatorKind,
  'trusted-device': trustedDeviceKind as SimulatorKind,
  hostile: hostileKind as SimulatorKind,
  pihole: piholeKind as SimulatorKind,
  adguard: adguardKind as SimulatorKind,
};

export function simulatorKind(kind: DeviceKind): SimulatorKind | undefined {
  return KINDS[kind];
}

export function simulatedKinds(): DeviceKind[] {
  return Object.keys(KINDS) as DeviceKind[];
}

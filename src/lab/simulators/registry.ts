import type { DeviceKind, SimulatorKind } from '../core/simulator.ts';
import { adguardKind } from './adguard/adguard-kind.ts';
import { cloudDeviceKind } from './cloud-device/cloud-device-kind.ts';
import { esphomeKind } from './esphome/esphome-kind.ts';
import { hostileKind } from './hostile/hostile-kind.ts';
import { hueBridgeKind } from './hue/hue-bridge-kind.ts';
import { ipCameraKind } from './ip-camera/ip-camera-kind.ts';
import { kasaIotKind, kasaSmartKind } from './kasa/index.ts';
import { nasKind } from './nas/nas-kind.ts';
import { piholeKind } from './pihole/pihole-kind.ts';
import { routerKind } from './router/router-kind.ts';
import { shellyGen1Kind, shellyGen2Kind } from './shelly/index.ts';
import { tasmotaKind } from './tasmota/tasmota-kind.ts';
import { trustedDeviceKind } from './trusted-device/trusted-device-kind.ts';

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

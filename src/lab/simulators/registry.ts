import type { DeviceKind, SimulatorKind } from '../core/simulator.ts';
import { esphomeKind } from './esphome/esphome-kind.ts';
import { hueBridgeKind } from './hue/hue-bridge-kind.ts';
import { kasaIotKind, kasaSmartKind } from './kasa/index.ts';
import { shellyGen1Kind, shellyGen2Kind } from './shelly/index.ts';
import { tasmotaKind } from './tasmota/tasmota-kind.ts';

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
};

export function simulatorKind(kind: DeviceKind): SimulatorKind | undefined {
  return KINDS[kind];
}

export function simulatedKinds(): DeviceKind[] {
  return Object.keys(KINDS) as DeviceKind[];
}

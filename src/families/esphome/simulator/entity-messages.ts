import { MESSAGE_TYPE } from '../api-frame.ts';
import { decodeMessage, ProtoWriter } from '../protobuf.ts';
import type { EsphomeEntity } from './entities.ts';
import type { EntityValue, LightCommand, LightValue } from './entity-store.ts';

/**
 * The entity messages of the native API (api.proto: ListEntities*Response, *StateResponse, *CommandRequest),
 * with the field numbers of api.proto as ESPHome 2024.6 ships it. `unique_id` (field 4) is the node name, the
 * component type and the object id run together (api_connection.cpp `get_default_unique_id`).
 */

export interface ApiMessage {
  type: number;
  payload: Buffer;
}

/** The ListEntities message announcing one entity. */
export function listEntityMessage(entity: EsphomeEntity, nodeName: string): ApiMessage {
  const w = new ProtoWriter()
    .string(1, entity.objectId)
    .fixed32(2, entity.key)
    .string(3, entity.name)
    .string(4, `${nodeName}${entity.kind}${entity.objectId}`);
  switch (entity.kind) {
    case 'binary_sensor':
      w.string(5, entity.deviceClass).bool(6, entity.isStatusBinarySensor).string(8, entity.icon);
      return {
        type: MESSAGE_TYPE.listEntitiesBinarySensorResponse,
        payload: w.enumValue(9, entity.entityCategory).finish(),
      };
    case 'sensor':
      w.string(5, entity.icon)
        .string(6, entity.unit)
        .uint32(7, entity.accuracyDecimals)
        .string(9, entity.deviceClass)
        .enumValue(10, entity.stateClass)
        .enumValue(13, entity.entityCategory);
      return { type: MESSAGE_TYPE.listEntitiesSensorResponse, payload: w.finish() };
    case 'switch':
      w.string(5, entity.icon).bool(6, entity.assumedState).enumValue(8, entity.entityCategory);
      return { type: MESSAGE_TYPE.listEntitiesSwitchResponse, payload: w.string(9, entity.deviceClass).finish() };
    case 'text_sensor':
      w.string(5, entity.icon).enumValue(7, entity.entityCategory).string(8, entity.deviceClass);
      return { type: MESSAGE_TYPE.listEntitiesTextSensorResponse, payload: w.finish() };
    case 'light':
      // legacy_supports_brightness (5) is still filled for pre-1.6 clients (api_connection.cpp send_light_info).
      w.bool(
        5,
        entity.colorModes.some((mode) => mode !== 1),
      )
        .repeatedUint32(12, entity.colorModes)
        .string(14, entity.icon)
        .enumValue(15, entity.entityCategory);
      return { type: MESSAGE_TYPE.listEntitiesLightResponse, payload: w.finish() };
  }
}

/** The state message of one entity with its current value. */
export function stateMessage(entity: EsphomeEntity, value: EntityValue): ApiMessage {
  const w = new ProtoWriter().fixed32(1, entity.key);
  switch (entity.kind) {
    case 'binary_sensor':
      return { type: MESSAGE_TYPE.binarySensorStateResponse, payload: w.bool(2, value === true).finish() };
    case 'switch':
      return { type: MESSAGE_TYPE.switchStateResponse, payload: w.bool(2, value === true).finish() };
    case 'sensor':
      return { type: MESSAGE_TYPE.sensorStateResponse, payload: w.float(2, Number(value)).finish() };
    case 'text_sensor':
      return { type: MESSAGE_TYPE.textSensorStateResponse, payload: w.string(2, String(value)).finish() };
    case 'light':
      return { type: MESSAGE_TYPE.lightStateResponse, payload: lightState(w, value as LightValue, entity.colorModes) };
  }
}

/** LightColorValues as a monochromatic light reports them: colour channels stay at their 1.0 defaults. */
function lightState(w: ProtoWriter, light: LightValue, colorModes: readonly number[]): Buffer {
  return w
    .bool(2, light.on)
    .float(3, light.brightness)
    .float(4, 1)
    .float(5, 1)
    .float(6, 1)
    .float(7, 1)
    .float(10, 1)
    .enumValue(11, colorModes[0])
    .float(12, 1)
    .float(13, 1)
    .finish();
}

export interface SwitchCommand {
  key: number;
  state: boolean;
}

export function decodeSwitchCommand(payload: Buffer): SwitchCommand {
  const f = decodeMessage(payload);
  return { key: f.fixed32(1), state: f.bool(2) };
}

export function decodeLightCommand(payload: Buffer): LightCommand {
  const f = decodeMessage(payload);
  const command: LightCommand = { key: f.fixed32(1) };
  if (f.bool(2)) command.state = f.bool(3);
  if (f.bool(4)) command.brightness = f.float(5);
  return command;
}

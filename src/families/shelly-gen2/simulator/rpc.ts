import type { AcceptedUpdate } from '../../shelly/simulator/firmware-update.ts';
import { child, isRecord } from '../../shelly/simulator/json-tools.ts';
import type { SimulatedShellyGen2 } from './device.ts';

/** A JSON-RPC error as Shelly devices report it (Shelly Gen2 API docs, "Errors"). */
export interface RpcError {
  code: number;
  message: string;
}

export interface RpcOutcome {
  result?: unknown;
  error?: RpcError;
  /** An update to start once the reply has been sent. */
  update?: AcceptedUpdate;
}

/** Methods that stay open with auth on (Shelly Gen2 API docs, Authentication). */
export const UNPROTECTED_METHODS: ReadonlySet<string> = new Set(['Shelly.GetDeviceInfo']);

const invalid = (name: string): RpcOutcome => ({ error: { code: -103, message: `Invalid argument '${name}'!` } });

/** Runs one RPC method against the device state. Method names are case-sensitive, as on the device. */
export function callRpc(device: SimulatedShellyGen2, method: string, params: unknown): RpcOutcome {
  switch (method) {
    case 'Shelly.GetDeviceInfo':
      return { result: device.deviceInfo() };
    case 'Shelly.GetConfig':
      return { result: device.config() };
    case 'Shelly.GetStatus':
      return { result: device.status() };
    case 'Sys.GetConfig':
      return { result: child(device.config(), 'sys') };
    case 'Cloud.GetConfig':
      return { result: child(device.config(), 'cloud') };
    case 'Cloud.SetConfig': {
      const config = isRecord(params) ? params.config : undefined;
      if (!isRecord(config) || (config.enable !== undefined && typeof config.enable !== 'boolean')) {
        return invalid('config');
      }
      if (typeof config.enable === 'boolean') device.setCloud(config.enable);
      return { result: { restart_required: false } };
    }
    case 'Shelly.CheckForUpdate':
      return { result: device.checkForUpdate() };
    case 'Shelly.Update': {
      const stage = isRecord(params) && params.stage !== undefined ? params.stage : 'stable';
      if (stage !== 'stable' && stage !== 'beta') return invalid('stage');
      const update = stage === 'stable' ? device.beginUpdate() : undefined;
      // A device with nothing to install refuses: -114 "Resource unavailable" (Shelly Gen2 API docs, "Errors").
      if (!update) return { error: { code: -114, message: 'Resource unavailable: No update info!' } };
      return { result: null, update };
    }
    default:
      return { error: { code: 404, message: `No handler for ${method}` } };
  }
}

import type { AcceptedUpdate } from '../../shelly/simulator/firmware-update.ts';
import type { RpcError } from './components.ts';
import type { SimulatedShellyGen2 } from './device.ts';

export type { RpcError } from './components.ts';

export interface RpcOutcome {
  result?: unknown;
  error?: RpcError;
  /** A reboot (an update, or Shelly.Reboot) to start once the reply has been sent. */
  update?: AcceptedUpdate;
}

/** Where a call came from: the `source` a switched output then reports (`WS_in`, `HTTP_in`, captures). */
export interface RpcCallContext {
  source: 'WS_in' | 'HTTP_in';
}

/** One RPC method: what it does to the device given its params. */
export type RpcHandler = (device: SimulatedShellyGen2, params: unknown, context: RpcCallContext) => RpcOutcome;

export const ok = (result: unknown): RpcOutcome => ({ result });
export const fail = (error: RpcError): RpcOutcome => ({ error });
export const noHandler = (method: string): RpcOutcome => fail({ code: 404, message: `No handler for ${method}` });

import { IotwardenError } from '../../errors/index.ts';

/** A lab device could not bind its port (in use, not permitted, address not on loopback). */
export class LabBindError extends IotwardenError {
  constructor(device: string, address: string, port: number, transport: string, detail: string, cause?: unknown) {
    super('ERR_LAB_BIND', `lab device "${device}" cannot bind ${transport} ${address}:${port}: ${detail}`, {
      cause,
      kind: 'usage',
    });
  }
}

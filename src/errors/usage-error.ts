import { IotwardenError } from './iotwarden-error.ts';

/** The command line itself is wrong: an unknown device, a malformed target, a refused scope. */
export class UsageError extends IotwardenError {
  constructor(message: string, options?: { code?: string; cause?: unknown }) {
    super(options?.code ?? 'ERR_USAGE', message, { cause: options?.cause, kind: 'usage' });
  }
}

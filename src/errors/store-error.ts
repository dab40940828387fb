import { IotwardenError } from './iotwarden-error.ts';

/** The database could not be opened, migrated or written (locked, corrupt, read-only). */
export class StoreError extends IotwardenError {
  constructor(message: string, cause?: unknown, code = 'ERR_STORE') {
    super(code, message, { cause });
  }
}

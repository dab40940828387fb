/**
 * Base of every error iotwarden throws on purpose. The `code` is stable: scripts, the JSON output and tests
 * match on it, never on the message. `kind` separates the caller's mistakes (bad flags, a typo in a config file)
 * from failures of the environment (a device that hangs, a locked database), which decides the CLI exit code.
 */
export type ErrorKind = 'usage' | 'failure';

export class IotwardenError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;

  constructor(code: string, message: string, options?: { cause?: unknown; kind?: ErrorKind }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.kind = options?.kind ?? 'failure';
  }
}

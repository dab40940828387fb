import { IotwardenError } from './iotwarden-error.ts';

/** A config or scenario file is wrong. `line` is 1-based when the position is known. */
export class ConfigError extends IotwardenError {
  readonly file: string | undefined;
  readonly line: number | undefined;

  constructor(message: string, options?: { file?: string; line?: number; cause?: unknown; code?: string }) {
    const where = options?.file ? `${options.file}${options.line ? `:${options.line}` : ''}: ` : '';
    super(options?.code ?? 'ERR_CONFIG', `${where}${message}`, { cause: options?.cause, kind: 'usage' });
    this.file = options?.file;
    this.line = options?.line;
  }
}

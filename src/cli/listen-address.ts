import { isIP } from 'node:net';
import { UsageError } from '../errors/index.ts';

/** `127.0.0.1:2055`, `[::1]:2055`, or a bare port (on 127.0.0.1): where a collector listens. */
export function parseListen(value: string): { address: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(value) ?? /^()()(\d{1,5})$/.exec(value);
  const address = match ? match[1] || match[2] || '127.0.0.1' : '';
  const port = match ? Number(match[3]) : Number.NaN;
  if (!match || !isIP(address) || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new UsageError(`--listen needs ADDRESS:PORT (e.g. 127.0.0.1:2055 or [::1]:2055), not "${value}"`, {
      code: 'ERR_USAGE_LISTEN',
    });
  }
  return { address, port };
}
